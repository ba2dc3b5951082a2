/* SPDX-License-Identifier: Apache-2.0 */
/*
 * init.c - `hf-auth init bash|zsh|fish`: prints the shell hook.
 *
 * The hooks are the files in shell/hooks/, embedded at build time
 * (shell/hooks.mk generates hooks.h from them).  Each holds the
 * placeholder @HF_AUTH@ once, inside single quotes; it becomes the absolute
 * path of this program, so the hook runs the hf-auth that printed it
 * whatever PATH holds later.
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
} hooks[] = {
    {"bash", (const char *)hook_bash},
    {"zsh", (const char *)hook_zsh},
    {"fish", (const char *)hook_fish},
};

static void usage(void)
{
    fputs("usage: hf-auth init bash|zsh|fish\n"
          "\n"
          "Prints the shell hook: hf-switch, hf-login and hf-logout set\n"
          "HF_TOKEN in the calling shell, token names complete, and other\n"
          "shells follow a switch at their next prompt.  Load it from\n"
          "  ~/.bashrc                   eval \"$(hf-auth init bash)\"\n"
          "  ~/.zshrc                    eval \"$(hf-auth init zsh)\"\n"
          "  ~/.config/fish/config.fish  hf-auth init fish | source\n",
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

int hfa_cmd_init(int argc, char **argv)
{
    const char *shell = argc == 2 ? argv[1] : "";
    const char *hook = NULL;
    char self[PATH_MAX];

    if (!strcmp(shell, "--help") || !strcmp(shell, "-h")) {
        usage();
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++)
        if (!strcmp(shell, hooks[i].shell))
            hook = hooks[i].hook;
    if (!hook && argc != 2)
        return cli_usage_error("init", "name one shell: bash, zsh or fish");
    if (!hook)
        return cli_usage_error("init", "unknown shell '%s' (bash, zsh or "
                               "fish)", shell);
    if (!realpath("/proc/self/exe", self)) {
        cli_error("cannot find the path of hf-auth: %s", strerror(errno));
        return EXIT_FAILED;
    }

    /* Never NULL: shell/hooks.mk refuses a hook without the placeholder. */
    const char *at = strstr(hook, PLACEHOLDER);
    fwrite(hook, 1, (size_t)(at - hook), stdout);
    put_single_quoted(self, !strcmp(shell, "fish"), stdout);
    fputs(at + strlen(PLACEHOLDER), stdout);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error("cannot write the hook: %s", strerror(errno));
        return EXIT_FAILED;
    }
    return EXIT_OK;
}
