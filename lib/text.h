/* SPDX-License-Identifier: Apache-2.0 */
/*
 * text.h - Python's idea of whitespace, for the library and for the PAM
 * module, which must clean a token file exactly as huggingface_hub does.
 */
#ifndef HFAUTH_TEXT_H
#define HFAUTH_TEXT_H

#include <stddef.h>

/* Length of the str.isspace() character starting at p (ASCII, the C1
 * and Unicode spaces in UTF-8), or 0; and of the one ending at `end`. */
size_t hfai_space_at(const unsigned char *p, const unsigned char *end);
size_t hfai_space_before(const unsigned char *start, const unsigned char *end);

#endif
