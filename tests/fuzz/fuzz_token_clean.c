/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_token_clean.c - libFuzzer target for the token leaf (lib/token.c):
 * hfai_token_from_bytes(), which every reader of a token file uses (the
 * PAM module, the Slurm plugin, the library), and hfai_clean_token() +
 * hfa_check_token() on a C string.
 *
 * The reference is huggingface_hub's _clean_token(), written out here:
 *     token.replace("\r", "").replace("\n", "").strip()
 * where strip() removes every str.isspace() character (a table below,
 * taken from Python 3.11, independent of lib/text.c's).
 *
 * hfai_token_from_bytes(data, len):
 *   - a NUL byte or bytes that are not strict UTF-8: refused;
 *   - otherwise: no token exactly when the reference is empty; a token
 *     exactly when the reference is 1..4096 bytes of printable ASCII
 *     without blanks or '=', and then equal to it; idempotent.
 * hfai_clean_token(s) (s up to the first NUL):
 *   - never longer; a contiguous part of s with CR/LF removed; wipes what
 *     it dropped; idempotent;
 *   - for valid UTF-8: equal to the reference;
 *   - hfa_check_token() accepts it only when it is 1..4096 bytes of
 *     printable ASCII without blanks.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "token.h" /* lib/leaf: the one token policy */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn))
fail(const char *what, const uint8_t *input, size_t len)
{
    fprintf(stderr, "fuzz_token_clean: %s\n  input:", what);
    for (size_t i = 0; i < len && i < 200; i++)
        fprintf(stderr, " %02x", input[i]);
    fprintf(stderr, "\n");
    abort();
}

/* Python 3.11: [c for c in range(0x110000) if chr(c).isspace()] */
static const uint32_t py_spaces[] = {
    0x09,   0x0a,   0x0b,   0x0c,   0x0d,   0x1c,   0x1d,   0x1e,
    0x1f,   0x20,   0x85,   0xa0,   0x1680, 0x2000, 0x2001, 0x2002,
    0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a,
    0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
};

static bool py_isspace(uint32_t cp)
{
    for (size_t i = 0; i < sizeof(py_spaces) / sizeof(py_spaces[0]); i++)
        if (py_spaces[i] == cp)
            return true;
    return false;
}

/* Decodes one strict UTF-8 character at p (no overlong forms, no
 * surrogates, at most U+10FFFF); its length, or 0 when invalid. */
static size_t utf8_decode(const uint8_t *p, size_t left, uint32_t *cp)
{
    if (left == 0)
        return 0;
    uint8_t c = p[0];
    size_t len;
    uint32_t min, value;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2, min = 0x80, value = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, min = 0x800, value = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, min = 0x10000, value = c & 0x07;
    } else {
        return 0;
    }
    if (left < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        value = (value << 6) | (p[i] & 0x3f);
    }
    if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
        return 0;
    *cp = value;
    return len;
}

static bool valid_utf8(const uint8_t *p, size_t len)
{
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        size_t width = utf8_decode(p + i, len - i, &cp);
        if (width == 0)
            return false;
        i += width;
    }
    return true;
}

/* The reference on valid UTF-8: writes into out (at least len bytes) and
 * returns the length. */
static size_t py_clean(const uint8_t *in, size_t len, uint8_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (in[i] != '\r' && in[i] != '\n')
            out[n++] = in[i];
    /* Split into characters, then strip from both ends. */
    size_t start = 0, end = n;
    uint32_t cp;
    while (start < end) {
        size_t width = utf8_decode(out + start, end - start, &cp);
        if (width == 0 || !py_isspace(cp))
            break;
        start += width;
    }
    while (end > start) {
        size_t back = 1;
        while (back < 4 && end - back > start &&
               (out[end - back] & 0xc0) == 0x80)
            back++;
        size_t width = utf8_decode(out + end - back, back, &cp);
        if (width != back || !py_isspace(cp))
            break;
        end -= back;
    }
    memmove(out, out + start, end - start);
    return end - start;
}

static bool token_acceptable(const uint8_t *p, size_t len)
{
    if (len > 4096)
        return false;
    for (size_t i = 0; i < len; i++)
        if (p[i] <= ' ' || p[i] > '~' || p[i] == '=')
            return false;
    return true;
}

static bool all_ascii(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] >= 0x80)
            return false;
    return true;
}

/* hfai_token_from_bytes(): what every reader of a token file (the PAM
 * module, the Slurm plugin, the library) makes of its bytes. */
static void check_from_bytes(const uint8_t *data, size_t size)
{
    char *token = NULL;
    hfa_error err;
    hfa_status status =
        hfai_token_from_bytes((const char *)data, size, "input", &token, &err);
    bool has_nul = memchr(data, '\0', size) != NULL;
    bool text = !has_nul && valid_utf8(data, size);
    if (!text && (status != HFA_ERR_INVALID || token != NULL))
        fail("hfai_token_from_bytes accepted a NUL byte or bytes that are "
             "not UTF-8 (Python cannot read them as a token)",
             data, size);
    if (status != HFA_OK && status != HFA_ERR_INVALID)
        fail("hfai_token_from_bytes: unexpected status", data, size);
    if (status == HFA_OK && token != NULL) {
        size_t len = strlen(token);
        if (len == 0 || !token_acceptable((const uint8_t *)token, len))
            fail("hfai_token_from_bytes accepted what is not a token", data,
                 size);
        char *again = NULL;
        if (hfai_token_from_bytes(token, len, "again", &again, &err) !=
                HFA_OK ||
            again == NULL || strcmp(again, token) != 0)
            fail("hfai_token_from_bytes is not idempotent", data, size);
        hfa_secret_free(again);
    }
    if (text) {
        uint8_t *ref = malloc(size ? size : 1);
        if (ref == NULL)
            abort();
        size_t ref_len = py_clean(data, size, ref);
        bool ok = token_acceptable(ref, ref_len);
        if (ref_len == 0 && (status != HFA_OK || token != NULL))
            fail("hfai_token_from_bytes: huggingface_hub's _clean_token() "
                 "leaves nothing (no token), but this is not read as none",
                 data, size);
        if (ref_len > 0 && ok && (status != HFA_OK || token == NULL))
            fail(all_ascii(data, size)
                     ? "hfai_token_from_bytes refused what huggingface_hub's "
                       "_clean_token() turns into a valid token"
                     : "hfai_token_from_bytes refused what huggingface_hub's "
                       "_clean_token() turns into a valid token (Unicode "
                       "whitespace around it: str.strip() removes it)",
                 data, size);
        if (ref_len > 0 && !ok && status == HFA_OK)
            fail("hfai_token_from_bytes accepted what huggingface_hub's "
                 "_clean_token() does not turn into a valid token",
                 data, size);
        if (token != NULL &&
            (strlen(token) != ref_len || memcmp(token, ref, ref_len) != 0))
            fail("hfai_token_from_bytes differs from huggingface_hub's "
                 "_clean_token()",
                 data, size);
        free(ref);
    }
    hfa_secret_free(token);
}

static void check_lib(const uint8_t *data, size_t size)
{
    /* The library reads a C string: up to the first NUL. */
    const uint8_t *nul = memchr(data, '\0', size);
    size_t len = nul ? (size_t)(nul - data) : size;
    char *token = malloc(len + 1);
    uint8_t *ref = malloc(len + 1);
    uint8_t *stripped = malloc(len + 1);
    if (token == NULL || ref == NULL || stripped == NULL)
        abort();
    memcpy(token, data, len);
    token[len] = '\0';
    size_t stripped_len = 0;
    for (size_t i = 0; i < len; i++)
        if (data[i] != '\r' && data[i] != '\n')
            stripped[stripped_len++] = data[i];

    char *out = hfai_clean_token(token);
    if (out != token)
        fail("hfai_clean_token did not return its argument", data, size);
    size_t out_len = strlen(out);
    if (out_len > stripped_len)
        fail("hfai_clean_token made the token longer", data, size);
    if (out_len > 0 && memmem(stripped, stripped_len, out, out_len) == NULL)
        fail("hfai_clean_token's result is not a part of its input", data,
             size);
    for (size_t i = out_len; i < len; i++)
        if (token[i] != '\0')
            fail("hfai_clean_token left dropped bytes unwiped", data, size);
    if (valid_utf8(data, len)) {
        size_t ref_len = py_clean(data, len, ref);
        if (ref_len != out_len || memcmp(ref, out, out_len) != 0)
            fail("hfai_clean_token differs from huggingface_hub's "
                 "_clean_token()",
                 data, size);
    }
    /* Idempotent. */
    char *again = strdup(out);
    if (again == NULL)
        abort();
    if (strcmp(hfai_clean_token(again), out) != 0)
        fail("hfai_clean_token is not idempotent", data, size);
    free(again);

    hfa_error err;
    if (hfa_check_token(out, &err) == HFA_OK) {
        if (out_len == 0 || out_len > 4096)
            fail("hfa_check_token accepted an empty or over-long token", data,
                 size);
        for (size_t i = 0; i < out_len; i++)
            if ((uint8_t)out[i] <= ' ' || (uint8_t)out[i] >= 0x7f ||
                out[i] == '=')
                fail("hfa_check_token accepted a blank, control or "
                     "non-ASCII byte",
                     data, size);
    }
    free(token);
    free(ref);
    free(stripped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_from_bytes(data, size);
    check_lib(data, size);
    return 0;
}
