/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_whoami.c - libFuzzer target for the whoami-v2 answer parser
 * (lib/hub.c), reached through this internal function of lib/hub.h:
 *
 *   // lib/hub.h
 *   hfa_status hfai_parse_whoami(const hfa_ctx *ctx, const char *body,
 *                                size_t len, hfa_whoami_info *info,
 *                                hfa_error *err);
 *
 * what hfa_whoami_token() does with a 200 answer: `body` is `len` bytes,
 * not NUL-terminated; ctx is only read for the endpoint in messages.
 *
 * Checks: no crash, no leak (LeakSanitizer, every input), no read past the
 * body (an exact-size copy), and the contract the callers rely on:
 *   - HFA_OK: info->user is a non-empty string; fullname, type, token_name
 *     and token_role are NULL or strings; orgs holds org_count non-NULL
 *     strings (orgs NULL when org_count is 0 is fine);
 *   - any other status: a message, and `info` all zero (nothing to free,
 *     nothing half-filled);
 *   - the same input gives the same answer twice.
 */
#include "hub.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void __attribute__((noreturn)) fail(const char *what)
{
    fprintf(stderr, "fuzz_whoami: %s\n", what);
    abort();
}

/* strlen() under ASan: a string that is not NUL-terminated inside its
 * allocation is reported as an overflow. */
static size_t string_ok(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

static bool all_zero(const hfa_whoami_info *info)
{
    return info->user == NULL && info->fullname == NULL && info->type == NULL &&
           info->orgs == NULL && info->org_count == 0 &&
           info->token_name == NULL && info->token_role == NULL;
}

static bool same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
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

    hfa_whoami_info info, again;
    hfa_error err = {0}, err2 = {0};
    memset(&info, 0xa5, sizeof(info)); /* the parser must set every field */
    hfa_status status = hfai_parse_whoami(&ctx, body, size, &info, &err);
    memset(&again, 0xa5, sizeof(again));
    hfa_status status2 = hfai_parse_whoami(&ctx, body, size, &again, &err2);
    if (status != status2)
        fail("not deterministic");
    if (status == HFA_OK) {
        if (info.user == NULL || info.user[0] == '\0')
            fail("HFA_OK without a user name");
        string_ok(info.fullname);
        string_ok(info.type);
        string_ok(info.token_name);
        string_ok(info.token_role);
        if (info.org_count > 0 && info.orgs == NULL)
            fail("org_count without orgs");
        for (size_t i = 0; i < info.org_count; i++) {
            if (info.orgs[i] == NULL)
                fail("a NULL org name");
            string_ok(info.orgs[i]);
        }
        if (!same(info.user, again.user) ||
            !same(info.token_name, again.token_name) ||
            info.org_count != again.org_count)
            fail("not deterministic");
        hfa_whoami_info_clear(&info);
        hfa_whoami_info_clear(&again);
    } else {
        if (!all_zero(&info) || !all_zero(&again))
            fail("a failed parse left fields set");
        if (err.message[0] == '\0' || err.code != status)
            fail("a failed parse without its error");
    }
    free(body);
    return 0;
}
