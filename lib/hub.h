/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hub.h - HTTP to the Hub (hub.c): one request with its timeouts, TLS and
 * redirect rules, the status errors, and whoami-v2.  Used by oauth.c.
 */
#ifndef HFAUTH_HUB_H
#define HFAUTH_HUB_H

#include "ctx.h"

#include <cjson/cJSON.h>

typedef struct {
    long status;      /* HTTP status */
    long retry_after; /* seconds, from Retry-After; 0 when absent */
    hfai_buf body;    /* secret: may hold tokens */
} hfai_http_answer;

/* GET (form NULL) or POST of an x-www-form-urlencoded `form` to
 * endpoint+path, with `bearer` (may be NULL) in an Authorization header.
 * HFA_OK means an HTTP answer arrived, whatever its status. */
hfa_status hfai_http_request(hfa_ctx *ctx, const char *path, const char *bearer,
                             const char *form, hfai_http_answer *answer,
                             hfa_error *err);
void hfai_http_answer_clear(hfai_http_answer *answer);

/* The error for an answer that is not 2xx: 401 rejected, 429 rate limited
 * (with Retry-After), 3xx not followed, anything else a server error. */
hfa_status hfai_http_status_error(const hfa_ctx *ctx,
                                  const hfai_http_answer *answer,
                                  hfa_error *err);

/* The JSON answers, parsed: exposed for the fuzz targets (tests/fuzz).
 * `body` is `len` bytes, not NUL-terminated.  Each zeroes its output and
 * leaves it zeroed on failure (HFA_ERR_BAD_ANSWER). */
hfa_status hfai_parse_whoami(const hfa_ctx *ctx, const char *body, size_t len,
                             hfa_whoami_info *info, hfa_error *err);

#endif /* HFAUTH_HUB_H */
