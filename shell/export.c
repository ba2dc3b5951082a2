/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export.c - shell code that sets a variable to a value, for
 * `hf-auth switch --export SHELL`.  This is the only place hfauth turns a
 * token into code, so it quotes for any byte a value can hold: POSIX single
 * quotes (nothing inside is special; a quote is closed, escaped, reopened),
 * and fish single quotes (where only \ and ' are special).
 */
#include "cli.h"

#include <string.h>

enum { SHELL_POSIX, SHELL_FISH };

int cli_shell_from_name(const char *name)
{
    if (strcmp(name, "bash") == 0 || strcmp(name, "zsh") == 0 ||
        strcmp(name, "sh") == 0)
        return SHELL_POSIX;
    if (strcmp(name, "fish") == 0)
        return SHELL_FISH;
    return -1;
}

static void put_quoted(FILE *out, int shell, const char *value)
{
    fputc('\'', out);
    for (const char *c = value; *c != '\0'; c++) {
        if (*c == '\'' && shell == SHELL_POSIX)
            fputs("'\\''", out);
        else if ((*c == '\'' || *c == '\\') && shell == SHELL_FISH)
            fprintf(out, "\\%c", *c);
        else
            fputc(*c, out);
    }
    fputc('\'', out);
}

int cli_print_export(FILE *out, int shell, const char *name, const char *value)
{
    /* The name is ours (HF_TOKEN), never the user's: checked anyway. */
    if (name[0] == '\0')
        return -1;
    for (const char *c = name; *c != '\0'; c++) {
        if (!((*c >= 'A' && *c <= 'Z') || *c == '_'))
            return -1;
    }
    fputs(shell == SHELL_FISH ? "set -gx " : "export ", out);
    fputs(name, out);
    fputs(shell == SHELL_FISH ? " " : "=", out);
    put_quoted(out, shell, value);
    fputc('\n', out);
    return fflush(out) == 0 ? 0 : -1;
}
