/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.h - errors, secret wiping, strings and buffers (util.c): the bottom
 * layer, which every other file of the library may use and which uses
 * nothing of the library's.
 *
 * Internal functions carry the `hfai_` prefix: the version script exports
 * only `hfa_*`, and the prefix keeps the static archive's names apart from
 * a program's own.
 */
#ifndef HFAUTH_UTIL_H
#define HFAUTH_UTIL_H

#include "hfauth.h"

#include <stdarg.h>
#include <stdio.h>

/* Fills `err` (which may be NULL) and returns `code`.  The message goes
 * through hfa_safe_text(): what it quotes cannot bring a control
 * character (or a newline) along. */
hfa_status hfai_fail(hfa_error *err, hfa_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, with ": <strerror(errnum)>" appended. */
hfa_status hfai_fail_errno(hfa_error *err, hfa_status code, int errnum,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
hfa_status hfai_nomem(hfa_error *err);

/* Zeroes memory the compiler may not optimise the zeroing away from. */
void hfai_wipe(void *buf, size_t len);
char *hfai_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *hfai_path_join(const char *dir, const char *name);
char *hfai_dirname(const char *path);

/* Growable byte buffer; `secret` ones are wiped when they grow or die. */
typedef struct {
    char *data;
    size_t len;
    size_t cap;
    bool secret;
} hfai_buf;
bool hfai_buf_append(hfai_buf *buf, const void *bytes, size_t len);
bool hfai_buf_puts(hfai_buf *buf, const char *s);
void hfai_buf_free(hfai_buf *buf);

#endif /* HFAUTH_UTIL_H */
