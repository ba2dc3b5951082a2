/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_oauth.c - libFuzzer target for the OAuth answer parsers
 * (lib/oauth.c), reached through these internal functions of lib/hub.h:
 *
 *   // lib/hub.h
 *   hfa_status hfai_parse_device_code(const hfa_ctx *ctx, const char *body,
 *                                     size_t len, hfa_device_code *code,
 *                                     hfa_error *err);
 *   typedef struct {
 *       char *access_token;     // passed hfa_check_token()
 *       char *refresh_token;    // NULL, or passed hfa_check_token()
 *       int64_t expires_at;     // now + expires_in; 0: none given
 *   } hfai_token_grant;
 *   hfa_status hfai_parse_token_grant(const hfa_ctx *ctx, const char *body,
 *                                     size_t len, int64_t now,
 *                                     hfai_token_grant *grant,
 *                                     hfa_error *err);
 *   void hfai_token_grant_clear(hfai_token_grant *grant);
 *
 * hfai_parse_device_code() is what hfa_device_start() does with a 200
 * answer, hfai_parse_token_grant() what hfa_device_poll() and the refresh
 * do with one (read_grant(), with `now` passed in so that a test is
 * deterministic).  Every input goes through both.
 *
 * Checks: no crash, no leak, no read past the body, and the contract:
 *   device code, HFA_OK: device_code, user_code, verification_uri set;
 *     user_code, verification_uri and verification_uri_complete (when set)
 *     are printed on the user's terminal, so they are valid UTF-8 without
 *     C0, DEL or C1 controls (U+0080..U+009F, e.g. U+009B CSI); expires_in
 *     and interval are whole seconds in 1..365 days (an interval of 0 would
 *     make hf-auth poll the Hub in a tight loop);
 *   grant, HFA_OK: access_token passes hfa_check_token(), refresh_token is
 *     NULL or passes it, expires_at is 0 or in now+1 .. now+365 days;
 *   any other status: a message and every field NULL/0.
 */
#include "oauth.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define YEAR (365L * 24 * 3600)
#define NOW ((int64_t)1700000000)

static void __attribute__((noreturn)) fail(const char *what)
{
    fprintf(stderr, "fuzz_oauth: %s\n", what);
    abort();
}

/* Safe to print on a terminal: valid UTF-8 (a stray byte 0x9b is CSI on
 * an 8-bit terminal) without C0, DEL or C1 (U+0080..U+009F) controls. */
static bool terminal_safe(const char *s)
{
    const unsigned char *c = (const unsigned char *)s;
    while (*c) {
        uint32_t cp;
        size_t len;
        if (*c < 0x80) {
            cp = *c, len = 1;
        } else if (*c >= 0xc2 && *c <= 0xdf) {
            cp = *c & 0x1f, len = 2;
        } else if (*c >= 0xe0 && *c <= 0xef) {
            cp = *c & 0x0f, len = 3;
        } else if (*c >= 0xf0 && *c <= 0xf4) {
            cp = *c & 0x07, len = 4;
        } else {
            return false;
        }
        for (size_t i = 1; i < len; i++) {
            if ((c[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (c[i] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
            return false;
        c += len;
    }
    return true;
}

static void check_device_code(const hfa_ctx *ctx, const char *body, size_t size)
{
    hfa_device_code code;
    hfa_error err = {0};
    memset(&code, 0xa5, sizeof(code));
    hfa_status status = hfai_parse_device_code(ctx, body, size, &code, &err);
    if (status == HFA_OK) {
        if (code.device_code == NULL || code.user_code == NULL ||
            code.verification_uri == NULL)
            fail("device code: HFA_OK without a code or URL");
        if (!terminal_safe(code.user_code) ||
            !terminal_safe(code.verification_uri) ||
            (code.verification_uri_complete != NULL &&
             !terminal_safe(code.verification_uri_complete)))
            fail("device code: a string printed on the terminal holds a "
                 "control character");
        (void)strlen(code.device_code);
        if (code.expires_in < 1 || code.expires_in > YEAR ||
            code.interval < 1 || code.interval > YEAR)
            fail("device code: expires_in or interval out of 1 s..1 year");
        hfa_device_code_clear(&code);
    } else if (code.device_code != NULL || code.user_code != NULL ||
               code.verification_uri != NULL ||
               code.verification_uri_complete != NULL ||
               err.message[0] == '\0') {
        fail("device code: a failed parse left fields set or no message");
    }
}

static void check_grant(const hfa_ctx *ctx, const char *body, size_t size)
{
    hfai_token_grant grant;
    hfa_error err = {0}, why;
    memset(&grant, 0xa5, sizeof(grant));
    hfa_status status =
        hfai_parse_token_grant(ctx, body, size, NOW, &grant, &err);
    if (status == HFA_OK) {
        if (grant.access_token == NULL ||
            hfa_check_token(grant.access_token, &why) != HFA_OK)
            fail("grant: HFA_OK without a valid access token");
        if (grant.refresh_token != NULL &&
            hfa_check_token(grant.refresh_token, &why) != HFA_OK)
            fail("grant: an invalid refresh token");
        if (grant.expires_at != 0 &&
            (grant.expires_at <= NOW || grant.expires_at > NOW + YEAR))
            fail("grant: expires_at out of range");
        hfai_token_grant_clear(&grant);
    } else if (grant.access_token != NULL || grant.refresh_token != NULL ||
               grant.expires_at != 0 || err.message[0] == '\0') {
        fail("grant: a failed parse left fields set or no message");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body = malloc(size ? size : 1);
    if (body == NULL)
        return 0;
    memcpy(body, data, size);
    hfa_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    ctx.endpoint = (char *)"https://huggingface.co";
    check_device_code(&ctx, body, size);
    check_grant(&ctx, body, size);
    free(body);
    return 0;
}
