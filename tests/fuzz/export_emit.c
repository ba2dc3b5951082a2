/* SPDX-License-Identifier: Apache-2.0 */
/*
 * export_emit.c - prints what `hf-auth switch --export SHELL` would print
 * for the value held in FILE, through the very cli_print_export() of
 * shell/export.c, so that tests/fuzz/test-fuzz-corpus.sh can feed it to the
 * real shells.  Values with a NUL byte cannot be exported: exit 3.
 *
 *     export_emit bash|zsh|sh|fish FILE
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: export_emit bash|zsh|sh|fish FILE\n");
        return 2;
    }
    int shell = cli_shell_from_name(argv[1]);
    FILE *in = fopen(argv[2], "rb");
    if (shell < 0 || in == NULL) {
        fprintf(stderr, "export_emit: bad shell or file\n");
        return 2;
    }
    char *value = NULL;
    size_t len = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
        char *grown = realloc(value, len + n + 1);
        if (grown == NULL)
            return 2;
        value = grown;
        memcpy(value + len, chunk, n);
        len += n;
    }
    fclose(in);
    if (value == NULL && (value = calloc(1, 1)) == NULL)
        return 2;
    value[len] = '\0';
    if (strlen(value) != len) {
        free(value);
        return 3;
    }
    int rc = cli_print_export(stdout, shell, "HF_TOKEN", value) == 0 ? 0 : 1;
    free(value);
    return rc;
}
