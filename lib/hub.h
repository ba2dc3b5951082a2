/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hub.h - HTTP to the Hub, shared by whoami (hub.c) and, later, OAuth.
 */
#ifndef HFAUTH_HUB_H
#define HFAUTH_HUB_H

#include "internal.h"

#include <cjson/cJSON.h>

typedef struct {
    long status;        /* HTTP status */
    long retry_after;   /* seconds, from Retry-After; 0 when absent */
    hfai_buf body;      /* secret: may hold tokens */
} hfai_http_answer;

/* GET (form NULL) or POST of an x-www-form-urlencoded `form` to
 * endpoint+path, with `bearer` (may be NULL) in an Authorization header.
 * HFA_OK means an HTTP answer arrived, whatever its status. */
hfa_status hfai_http_request(hfa_ctx *ctx, const char *path,
                             const char *bearer, const char *form,
                             hfai_http_answer *answer, hfa_error *err);
void hfai_http_answer_clear(hfai_http_answer *answer);

/* The error for an answer that is not 2xx: 401 rejected, 429 rate limited
 * (with Retry-After), 3xx not followed, anything else a server error. */
hfa_status hfai_http_status_error(const hfa_ctx *ctx,
                                  const hfai_http_answer *answer,
                                  hfa_error *err);

/* The JSON answers, parsed: exposed for the fuzz targets (tests/fuzz).
 * `body` is `len` bytes, not NUL-terminated.  Each zeroes its output and
 * leaves it zeroed on failure (HFA_ERR_BAD_ANSWER). */
hfa_status hfai_parse_whoami(const hfa_ctx *ctx, const char *body,
                             size_t len, hfa_whoami_info *info,
                             hfa_error *err);
hfa_status hfai_parse_device_code(const hfa_ctx *ctx, const char *body,
                                  size_t len, hfa_device_code *code,
                                  hfa_error *err);

typedef struct {
    char *access_token;     /* passed hfa_check_token() */
    char *refresh_token;    /* NULL, or passed hfa_check_token() */
    int64_t expires_at;     /* now + expires_in; 0 when none */
} hfai_token_grant;

hfa_status hfai_parse_token_grant(const hfa_ctx *ctx, const char *body,
                                  size_t len, int64_t now,
                                  hfai_token_grant *grant, hfa_error *err);
void hfai_token_grant_clear(hfai_token_grant *grant);

#endif
