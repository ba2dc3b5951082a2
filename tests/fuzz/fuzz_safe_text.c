/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_safe_text.c - libFuzzer target for the filter of untrusted text,
 * hfa_safe_text() (lib/text.c), which everything hf-auth prints and every
 * library and PAM message goes through.
 *
 * The input, up to its first NUL, is the text.  Checks:
 *  - the result holds no C0 control, no DEL, no C1 control (U+0080..
 *    U+009F), no bidirectional override or isolate (U+202A..U+202E,
 *    U+2066..U+2069), no U+2028/U+2029, and is well-formed UTF-8;
 *  - it is never longer than the input, and the return value is its
 *    length;
 *  - printable ASCII passes unchanged: a text of it alone comes out as it
 *    went in, and in any text the printable ASCII characters but '?' come
 *    out in the same order, none lost, none added;
 *  - filtering the result again changes nothing;
 *  - in place (out == in) gives the same bytes;
 *  - into a smaller buffer: the same return value, and a prefix of the
 *    full result that ends on a character boundary, NUL-terminated.
 */
#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn)) fail(const char *what)
{
    fprintf(stderr, "fuzz_safe_text: %s\n", what);
    abort();
}

/* Nothing a terminal would obey, and well-formed UTF-8. */
static void check_clean(const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len = strlen(text);
    if (!hfai_utf8_valid(p, len))
        fail("the result is not UTF-8");
    for (size_t at = 0; at < len;) {
        size_t width = hfai_utf8_char(p + at, len - at);
        if (hfai_is_control(p + at, width))
            fail("a control character in the result");
        if (width == 3 && p[at] == 0xe2 &&
            ((p[at + 1] == 0x80 && p[at + 2] >= 0xa8 && p[at + 2] <= 0xae) ||
             (p[at + 1] == 0x81 && p[at + 2] >= 0xa6 && p[at + 2] <= 0xa9)))
            fail("a bidi control or line separator in the result");
        at += width;
    }
}

/* The printable ASCII characters of `text` but '?', in order. */
static size_t printable_ascii(const char *text, char *out)
{
    size_t n = 0;
    for (const char *c = text; *c != '\0'; c++)
        if (*c >= ' ' && *c < 0x7f && *c != '?')
            out[n++] = *c;
    out[n] = '\0';
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *in = malloc(size + 1);
    char *out = malloc(size + 1);
    char *again = malloc(size + 1);
    char *kept_in = malloc(size + 1);
    char *kept_out = malloc(size + 1);
    if (!in || !out || !again || !kept_in || !kept_out)
        abort();
    memcpy(in, data, size);
    in[size] = '\0';
    size_t len = strlen(in);

    size_t got = hfa_safe_text(out, len + 1, in);
    if (got != strlen(out))
        fail("the return value is not the result's length");
    if (got > len)
        fail("the result is longer than the input");
    check_clean(out);

    bool all_printable = true;
    for (size_t i = 0; i < len; i++)
        all_printable &= in[i] >= ' ' && in[i] < 0x7f;
    if (all_printable && strcmp(in, out) != 0)
        fail("printable ASCII was changed");
    if (printable_ascii(in, kept_in) != printable_ascii(out, kept_out) ||
        strcmp(kept_in, kept_out) != 0)
        fail("printable ASCII was lost, added or moved");

    if (hfa_safe_text(again, len + 1, out) != got || strcmp(again, out) != 0)
        fail("filtering twice changes the result");

    memcpy(again, in, len + 1);
    if (hfa_safe_text(again, len + 1, again) != got || strcmp(again, out) != 0)
        fail("in place differs");

    char *dup = hfa_safe_text_dup(in);
    if (dup == NULL || strcmp(dup, out) != 0)
        fail("hfa_safe_text_dup differs");
    free(dup);

    /* A smaller buffer, its size taken from the input. */
    size_t small = size > 0 ? data[0] % (len + 2) : 0;
    if (small <= len) {
        memset(again, 'x', len + 1);
        if (hfa_safe_text(again, small, in) != got)
            fail("the return value depends on the buffer");
        if (small > 0) {
            size_t cut = strlen(again);
            if (cut >= small || strncmp(again, out, cut) != 0)
                fail("a cut result is not a prefix of the whole");
            if (!hfai_utf8_valid((const unsigned char *)again, cut))
                fail("a cut result ends inside a character");
            /* Whole characters as long as they fit: the next one would
             * not have. */
            size_t next = cut < got
                              ? hfai_utf8_char((const unsigned char *)out + cut,
                                               got - cut)
                              : 0;
            if (cut < got && cut + next < small)
                fail("a cut result stops before what would still fit");
        } else if (again[0] != 'x') {
            fail("size 0 wrote something");
        }
    }

    free(in);
    free(out);
    free(again);
    free(kept_in);
    free(kept_out);
    return 0;
}
