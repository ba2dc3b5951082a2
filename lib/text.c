/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.c - Python's str.isspace(), byte by byte over UTF-8, and the one
 * filter every piece of untrusted text goes through before it is shown.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Length of the whitespace character (str.isspace()) starting at p. */
size_t hfai_space_at(const unsigned char *p, const unsigned char *end)
{
    size_t left = (size_t)(end - p);
    if (left == 0)
        return 0;
    if ((p[0] >= '\t' && p[0] <= '\r') || p[0] == ' ' ||
        (p[0] >= 0x1c && p[0] <= 0x1f))
        return 1;
    if (left >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
        return 2;
    if (left >= 3) {
        if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
            return 3;
        if (p[0] == 0xe2 && p[1] == 0x80 &&
            ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 || p[2] == 0xa9 ||
             p[2] == 0xaf))
            return 3;
        if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
            return 3;
        if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
            return 3;
    }
    return 0;
}

/* Length of the whitespace character ending just before `end`. */
size_t hfai_space_before(const unsigned char *start, const unsigned char *end)
{
    for (size_t width = 1; width <= 3; width++) {
        if ((size_t)(end - start) >= width &&
            hfai_space_at(end - width, end) == width)
            return width;
    }
    return 0;
}

size_t hfai_utf8_char(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80)
        return 1;
    size_t width = p[0] >= 0xc2 && p[0] <= 0xdf   ? 2
                   : p[0] >= 0xe0 && p[0] <= 0xef ? 3
                   : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4
                                                  : 0;
    if (width == 0 || width > left)
        return 0;
    for (size_t i = 1; i < width; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    /* Overlong three- and four-byte forms, surrogates, past U+10FFFF. */
    if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
        (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
        return 0;
    return width;
}

bool hfai_utf8_valid(const unsigned char *p, size_t len)
{
    size_t at = 0;
    while (at < len) {
        size_t width = hfai_utf8_char(p + at, len - at);
        if (width == 0)
            return false;
        at += width;
    }
    return true;
}

bool hfai_is_control(const unsigned char *p, size_t width)
{
    if (width == 1)
        return p[0] < ' ' || p[0] == 0x7f;
    /* U+0080..U+009F: C2 80..C2 9F. */
    return width == 2 && p[0] == 0xc2 && p[1] <= 0x9f;
}

/* Characters a terminal obeys rather than shows, or that change how the
 * text around them is read: the controls, and the bidirectional
 * embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069)
 * that reorder what follows them on screen, and the line and paragraph
 * separators (U+2028, U+2029). */
static bool is_hidden(const unsigned char *p, size_t width)
{
    if (hfai_is_control(p, width))
        return true;
    if (width != 3 || p[0] != 0xe2)
        return false;
    return (p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae) ||
           (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9);
}

size_t hfa_safe_text(char *out, size_t size, const char *in)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t left = strlen(in), total = 0, written = 0;
    bool full = size == 0;
    while (left > 0) {
        size_t width = hfai_utf8_char(p, left);
        size_t take = width ? width : 1; /* a bad byte goes alone */
        const char *piece =
            width && !is_hidden(p, width) ? (const char *)p : "?";
        size_t piece_len = piece == (const char *)p ? width : 1;
        /* Whole characters only; once one does not fit, none follows, so
         * the result is a prefix of the full one.  In place, `out` never
         * passes `p`: each piece is at most as long as what it replaces. */
        if (!full && written + piece_len < size) {
            memmove(out + written, piece, piece_len);
            written += piece_len;
        } else {
            full = true;
        }
        total += piece_len;
        p += take;
        left -= take;
    }
    if (size > 0)
        out[written] = '\0';
    return total;
}

char *hfa_safe_text_dup(const char *in)
{
    size_t size = strlen(in) + 1;
    char *out = malloc(size);
    if (out != NULL)
        hfa_safe_text(out, size, in);
    return out;
}
