/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h - Python's idea of whitespace (text.c), for cleaning a token
 * exactly as huggingface_hub does and for reading stored_tokens as
 * configparser does.  Uses nothing else of the library.
 */
#ifndef HFAUTH_TEXT_H
#define HFAUTH_TEXT_H

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

#endif /* HFAUTH_TEXT_H */
