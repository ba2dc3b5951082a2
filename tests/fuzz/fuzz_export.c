/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_export.c - libFuzzer target for cli_print_export() (shell/export.c),
 * the one place hf-auth turns a token into shell code.
 *
 * The input is the value (any bytes but NUL: an environment value cannot
 * hold one, so such inputs are skipped).  For POSIX shells and for fish the
 * output, written to an fmemopen() buffer, must be exactly
 *
 *     export HF_TOKEN=WORD\n          (bash, zsh, sh)
 *     set -gx HF_TOKEN WORD\n         (fish)
 *
 * where WORD is made only of quoted pieces, which a small reference
 * unquoter (below, one for each quoting) turns back into the input byte for
 * byte.  Anything outside the quotes but the escaped quote of the POSIX
 * '\'' idiom fails: it could be a blank, a `;`, a `$` or a newline that the
 * shell would act on.  tests/fuzz/test-fuzz-corpus.sh runs every corpus
 * value through the real bash, dash, zsh and fish as well.
 */
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fail(const char *shell, const char *what, const char *output, size_t len)
{
    fprintf(stderr, "fuzz_export (%s): %s\n  output:", shell, what);
    for (size_t i = 0; i < len && i < 400; i++)
        fprintf(stderr, " %02x", (unsigned char)output[i]);
    fprintf(stderr, "\n");
    abort();
}

/* POSIX: 'a b' pieces, and \X outside them.  Returns the unquoted length,
 * or -1; *end is where the word stopped. */
static long unquote_posix(const char *p, const char *limit, char *out,
                          const char **end)
{
    long n = 0;
    while (p < limit && *p != '\n') {
        if (*p == '\'') {
            const char *close = memchr(p + 1, '\'', (size_t)(limit - p - 1));
            if (close == NULL)
                return -1;
            memcpy(out + n, p + 1, (size_t)(close - p - 1));
            n += close - p - 1;
            p = close + 1;
        } else if (*p == '\\' && p + 1 < limit && p[1] != '\n') {
            out[n++] = p[1];
            p += 2;
        } else {
            return -1; /* an unquoted byte the shell would act on */
        }
    }
    *end = p;
    return n;
}

/* fish: 'a b' pieces where \\ is \ and \' is ', any other \ is itself;
 * nothing outside them. */
static long unquote_fish(const char *p, const char *limit, char *out,
                         const char **end)
{
    long n = 0;
    while (p < limit && *p != '\n') {
        if (*p != '\'')
            return -1;
        p++;
        for (;;) {
            if (p >= limit)
                return -1;
            if (*p == '\'') {
                p++;
                break;
            }
            if (*p == '\\' && p + 1 < limit && (p[1] == '\\' || p[1] == '\'')) {
                out[n++] = p[1];
                p += 2;
            } else {
                out[n++] = *p++;
            }
        }
    }
    *end = p;
    return n;
}

static void check_shell(const char *shell_name, const char *prefix,
                        const char *value, size_t size)
{
    int shell = cli_shell_from_name(shell_name);
    if (shell < 0)
        fail(shell_name, "cli_shell_from_name does not know it", "", 0);
    size_t cap = 4 * size + 64;
    char *buf = malloc(cap);
    char *unquoted = malloc(size + 1);
    if (buf == NULL || unquoted == NULL)
        abort();
    FILE *out = fmemopen(buf, cap, "w");
    if (out == NULL)
        abort();
    if (cli_print_export(out, shell, "HF_TOKEN", value) != 0)
        fail(shell_name, "cli_print_export failed", "", 0);
    long written = ftell(out);
    fclose(out);
    if (written < 0 || (size_t)written >= cap)
        fail(shell_name, "output size", buf, 0);
    size_t len = (size_t)written;
    size_t prefix_len = strlen(prefix);
    if (len < prefix_len + 1 || memcmp(buf, prefix, prefix_len) != 0)
        fail(shell_name, "does not start with the assignment", buf, len);
    const char *end;
    long n = shell_name[0] == 'f'
                 ? unquote_fish(buf + prefix_len, buf + len, unquoted, &end)
                 : unquote_posix(buf + prefix_len, buf + len, unquoted, &end);
    if (n < 0)
        fail(shell_name, "the value is not one safely quoted word", buf, len);
    if (end != buf + len - 1 || *end != '\n')
        fail(shell_name, "something follows the quoted word", buf, len);
    if ((size_t)n != size || memcmp(unquoted, value, size) != 0)
        fail(shell_name, "the quoted word does not unquote to the value", buf,
             len);
    free(buf);
    free(unquoted);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memchr(data, '\0', size) != NULL)
        return 0;
    char *value = malloc(size + 1);
    if (value == NULL)
        return 0;
    memcpy(value, data, size);
    value[size] = '\0';
    check_shell("bash", "export HF_TOKEN=", value, size);
    check_shell("zsh", "export HF_TOKEN=", value, size);
    check_shell("sh", "export HF_TOKEN=", value, size);
    check_shell("fish", "set -gx HF_TOKEN ", value, size);
    free(value);
    return 0;
}
