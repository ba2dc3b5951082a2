/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h - Python's idea of whitespace (text.c), for cleaning a token
 * exactly as huggingface_hub does and for reading stored_tokens as
 * configparser does; UTF-8 and control characters; and the filter for
 * untrusted text, hfa_safe_text() (public: hfauth.h).  Uses nothing else
 * of the library: it is the bottom layer, so that the error messages of
 * util.c go through the filter too.
 */
#ifndef HFAUTH_TEXT_H
#define HFAUTH_TEXT_H

#include "hfauth.h"

#include <stdbool.h>
#include <stddef.h>

/* Length of the str.isspace() character starting at p (ASCII, the C1
 * and Unicode spaces in UTF-8), or 0; and of the one ending at `end`. */
size_t hfai_space_at(const unsigned char *p, const unsigned char *end);
size_t hfai_space_before(const unsigned char *start, const unsigned char *end);

/* True when the `len` bytes are well-formed UTF-8 (what Python's strict
 * decoder accepts: no overlong forms, no surrogates, nothing past
 * U+10FFFF). */
bool hfai_utf8_valid(const unsigned char *p, size_t len);

/* The length of the well-formed UTF-8 character at p (1 to 4, `left`
 * bytes available, left > 0), or 0 when p starts no such character. */
size_t hfai_utf8_char(const unsigned char *p, size_t left);

/* True when the character of `width` bytes at p is a C0 control, DEL or
 * a C1 control (U+0080..U+009F). */
bool hfai_is_control(const unsigned char *p, size_t width);

#endif /* HFAUTH_TEXT_H */
