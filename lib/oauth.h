/* SPDX-License-Identifier: Apache-2.0 */
/*
 * oauth.h - the Hub's OAuth protocol (oauth.c): the device-code login
 * (RFC 8628) and the refresh grant, as requests and parsed answers.  It
 * neither reads nor writes the store: auth.c saves what a grant gives.
 */
#ifndef HFAUTH_OAUTH_H
#define HFAUTH_OAUTH_H

#include "hub.h"

typedef struct {
    char *access_token;  /* passed hfa_check_token() */
    char *refresh_token; /* NULL, or passed hfa_check_token() */
    int64_t expires_at;  /* now + expires_in; 0 when none */
} hfai_token_grant;

void hfai_token_grant_clear(hfai_token_grant *grant);

/* The JSON answers, parsed: exposed for the fuzz targets (tests/fuzz).
 * `body` is `len` bytes, not NUL-terminated.  Each zeroes its output and
 * leaves it zeroed on failure (HFA_ERR_BAD_ANSWER). */
hfa_status hfai_parse_device_code(const hfa_ctx *ctx, const char *body,
                                  size_t len, hfa_device_code *code,
                                  hfa_error *err);
hfa_status hfai_parse_token_grant(const hfa_ctx *ctx, const char *body,
                                  size_t len, int64_t now,
                                  hfai_token_grant *grant, hfa_error *err);

/* One POST /oauth/token for the device code (hfa_device_poll() without
 * the login): on HFA_DEVICE_DONE, *grant holds the new tokens. */
hfa_status hfai_device_exchange(hfa_ctx *ctx, hfa_device_code *code,
                                hfa_device_state *state,
                                hfai_token_grant *grant, hfa_error *err);

/* POST /oauth/token grant_type=refresh_token.  `name` is the stored
 * token's name, for messages.  HFA_ERR_AUTH_EXPIRED when the Hub refuses
 * the grant (log in again); a network status when it could not answer
 * (the message says the current token is kept). */
hfa_status hfai_refresh_exchange(hfa_ctx *ctx, const char *name,
                                 const char *refresh_token,
                                 hfai_token_grant *grant, hfa_error *err);

#endif /* HFAUTH_OAUTH_H */
