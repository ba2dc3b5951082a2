/* SPDX-License-Identifier: Apache-2.0 */
/*
 * init.c - `hf-auth init bash|zsh|fish`: prints the shell hook, and
 * `hf-auth completion bash|zsh|fish`: prints the shell's completion alone.
 *
 * The hooks are the files in shell/hooks/ and the completions those in
 * shell/completion/, embedded at build time (shell/hooks.mk generates
 * hooks.h from them).  A hook as printed is the hook file followed by its
 * shell's completion file, so there is one copy of each completion.  Each
 * file holds the placeholder @HF_AUTH@ once, inside single quotes; it
 * becomes the absolute path of this program, so the code runs the hf-auth
 * that printed it whatever PATH holds later.
 */
#include "init.h"
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"

#define PLACEHOLDER "@HF_AUTH@"

static const struct {
    const char *shell;
    const char *hook;
    const char *completion;
} scripts[] = {
    {"bash", (const char *)hook_bash, (const char *)completion_bash},
    {"zsh", (const char *)hook_zsh, (const char *)completion_zsh},
    {"fish", (const char *)hook_fish, (const char *)completion_fish},
};

static void init_usage(void)
{
    fputs("usage: hf-auth init bash|zsh|fish\n"
          "\n"
          "Prints the shell hook: hf-switch, hf-login and hf-logout set\n"
          "HF_TOKEN in the calling shell, token names complete, and other\n"
          "shells follow a switch at their next prompt or command.  Load it\n"
          "from\n"
          "  ~/.bashrc                   eval \"$(hf-auth init bash)\"\n"
          "  ~/.zshrc                    eval \"$(hf-auth init zsh)\"\n"
          "  ~/.config/fish/config.fish  hf-auth init fish | source\n",
          stdout);
}

static void completion_usage(void)
{
    fputs("usage: hf-auth completion bash|zsh|fish\n"
          "\n"
          "Prints the completion of hf-auth's commands, options and stored\n"
          "token names, for shells without the hook (`hf-auth init` holds\n"
          "it already).  Load it from\n"
          "  ~/.bashrc                   eval \"$(hf-auth completion bash)\"\n"
          "  ~/.zshrc, after compinit    eval \"$(hf-auth completion zsh)\"\n"
          "  ~/.config/fish/config.fish  hf-auth completion fish | source\n"
          "or save it as a file where the shell looks for completions\n"
          "(bash-completion's completions/hf-auth, _hf-auth in a folder of\n"
          "zsh's $fpath, fish's completions/hf-auth.fish).\n",
          stdout);
}

/* `s` as the inside of a single-quoted string: fish escapes \ and ' with
 * a backslash; bash and zsh close the quotes around an escaped '. */
static void put_single_quoted(const char *s, bool fish, FILE *out)
{
    for (; *s; s++) {
        if (*s == '\'')
            fputs(fish ? "\\'" : "'\\''", out);
        else if (*s == '\\' && fish)
            fputs("\\\\", out);
        else
            putc(*s, out);
    }
}

/* `text` with each placeholder replaced by the quoted path `self`. */
static void put_script(const char *text, const char *self, bool fish)
{
    const char *at;

    while ((at = strstr(text, PLACEHOLDER)) != NULL) {
        fwrite(text, 1, (size_t)(at - text), stdout);
        put_single_quoted(self, fish, stdout);
        text = at + strlen(PLACEHOLDER);
    }
    fputs(text, stdout);
}

/* argv[0] is the command (init or completion); with_hook: print the hook
 * before the completion. */
static int print_scripts(int argc, char **argv, bool with_hook)
{
    const char *command = argv[0];
    const char *shell = argc == 2 ? argv[1] : "";
    int found = -1;
    char self[PATH_MAX];

    if (!strcmp(shell, "--help") || !strcmp(shell, "-h")) {
        if (with_hook)
            init_usage();
        else
            completion_usage();
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof scripts / sizeof scripts[0]; i++)
        if (!strcmp(shell, scripts[i].shell))
            found = (int)i;
    if (found < 0 && argc != 2)
        return cli_usage_error(command, "name one shell: bash, zsh or fish");
    if (found < 0)
        return cli_usage_error(command,
                               "unknown shell '%s' (bash, zsh or "
                               "fish)",
                               shell);
    if (!realpath("/proc/self/exe", self)) {
        cli_error("cannot find the path of hf-auth: %s", strerror(errno));
        return EXIT_FAILED;
    }

    bool fish = !strcmp(shell, "fish");
    if (with_hook)
        put_script(scripts[found].hook, self, fish);
    put_script(scripts[found].completion, self, fish);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the %s: %s", with_hook ? "hook" : "completion",
                  strerror(errno));
        return EXIT_FAILED;
    }
    return EXIT_OK;
}

int cmd_init(int argc, char **argv)
{
    return print_scripts(argc, argv, true);
}

int hfa_cmd_completion(int argc, char **argv)
{
    return print_scripts(argc, argv, false);
}
