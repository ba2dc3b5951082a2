/* SPDX-License-Identifier: Apache-2.0 */
/*
 * init.h - `hf-auth init bash|zsh|fish`: prints the shell hook
 * (docs/design.md, "The shell hooks"); `hf-auth completion bash|zsh|fish`:
 * prints the completion alone.
 */
#ifndef HFA_SHELL_INIT_H
#define HFA_SHELL_INIT_H

/*
 * argv[0] is "init".  Prints the hook for the shell named in argv[1] to
 * stdout and returns 0; `--help` prints the usage and returns 0; anything
 * else prints the usage to stderr and returns 2; 1 when the path of the
 * running program cannot be found or stdout cannot be written.
 */
int cmd_init(int argc, char **argv);

/* The same for "completion": the shell's completion without the hook. */
int hfa_cmd_completion(int argc, char **argv);

#endif
