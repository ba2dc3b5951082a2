/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.c - Python's str.isspace(), byte by byte over UTF-8.
 */
#include "text.h"

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
            ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 ||
             p[2] == 0xa9 || p[2] == 0xaf))
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

/* The length of the well-formed UTF-8 sequence at p (1 to 4), or 0. */
static size_t utf8_sequence(const unsigned char *p, size_t left)
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
        size_t width = utf8_sequence(p + at, len - at);
        if (width == 0)
            return false;
        at += width;
    }
    return true;
}
