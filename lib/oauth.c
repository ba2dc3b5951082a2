/* SPDX-License-Identifier: Apache-2.0 */
/*
 * oauth.c - the browser login (OAuth 2.0 device authorization grant,
 * RFC 8628, as the Hub serves it) and the refresh grant: requests and
 * answers only; auth.c stores what they give.
 */
#include "oauth.h"
#include "token.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"

/* Appends "&key=value" (or "key=value") with the value percent-encoded. */
static bool form_add(hfai_buf *form, const char *key, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    if ((form->len > 0 && !hfai_buf_puts(form, "&")) ||
        !hfai_buf_puts(form, key) || !hfai_buf_puts(form, "="))
        return false;
    for (const unsigned char *c = (const unsigned char *)value; *c; c++) {
        bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                     (*c >= '0' && *c <= '9') || strchr("-._~", *c);
        char escaped[3] = {'%', hex[*c >> 4], hex[*c & 15]};
        if (!(plain ? hfai_buf_append(form, c, 1)
                    : hfai_buf_append(form, escaped, 3)))
            return false;
    }
    return true;
}

static char *json_string(const cJSON *root, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    return cJSON_IsString(item) && item->valuestring ? strdup(item->valuestring)
                                                     : NULL;
}

static long json_seconds(const cJSON *root, const char *key, long fallback)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(root, key);
    /* Under a second would round to 0: a zero interval polls in a loop. */
    if (!cJSON_IsNumber(item) || item->valuedouble < 1 ||
        item->valuedouble > 365.0 * 24 * 3600)
        return fallback;
    return (long)item->valuedouble;
}

/* What the Hub sends to be printed on the user's terminal must not carry
 * escape sequences: printable ASCII only (a C1 control such as U+009B is
 * an escape too, and codes and URLs are ASCII). */
static bool printable(const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if (*c < ' ' || *c >= 0x7f)
            return false;
    return true;
}

static hfa_status post_form(hfa_ctx *ctx, const char *path, hfai_buf *form,
                            hfai_http_answer *answer, cJSON **json,
                            hfa_error *err)
{
    *json = NULL;
    hfa_status status =
        hfai_http_request(ctx, path, NULL, form->data, answer, err);
    hfai_buf_free(form);
    if (status != HFA_OK)
        return status;
    if (answer->body.data != NULL)
        *json = cJSON_ParseWithLength(answer->body.data, answer->body.len);
    return HFA_OK;
}

/* The OAuth "error" of a 4xx answer, or NULL. */
static const char *oauth_error(const hfai_http_answer *answer,
                               const cJSON *json)
{
    if (answer->status < 400 || answer->status >= 500 || json == NULL)
        return NULL;
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(json, "error");
    return cJSON_IsString(error) ? error->valuestring : NULL;
}

static hfa_status unexpected(const hfa_ctx *ctx, const hfai_http_answer *answer,
                             const char *what, hfa_error *err)
{
    if (answer->status >= 500 || answer->status == 429 ||
        (answer->status >= 300 && answer->status < 400))
        return hfai_http_status_error(ctx, answer, err);
    return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                     "unexpected answer from the Hub at %s to %s (HTTP %ld)",
                     ctx->endpoint, what, answer->status);
}

void hfa_device_code_clear(hfa_device_code *code)
{
    hfa_secret_free(code->device_code);
    free(code->user_code);
    free(code->verification_uri);
    free(code->verification_uri_complete);
    memset(code, 0, sizeof(*code));
}

static hfa_status read_device_code(const hfa_ctx *ctx, const cJSON *json,
                                   hfa_device_code *code, hfa_error *err)
{
    memset(code, 0, sizeof(*code));
    code->device_code = json_string(json, "device_code");
    code->user_code = json_string(json, "user_code");
    code->verification_uri = json_string(json, "verification_uri");
    code->verification_uri_complete =
        json_string(json, "verification_uri_complete");
    code->expires_in = json_seconds(json, "expires_in", 900);
    code->interval = json_seconds(json, "interval", 5);
    if (code->device_code == NULL || code->user_code == NULL ||
        code->verification_uri == NULL || !printable(code->user_code) ||
        !printable(code->verification_uri) ||
        (code->verification_uri_complete != NULL &&
         !printable(code->verification_uri_complete))) {
        hfa_device_code_clear(code);
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: "
                         "/oauth/device lacks a usable code or URL",
                         ctx->endpoint);
    }
    return HFA_OK;
}

hfa_status hfai_parse_device_code(const hfa_ctx *ctx, const char *body,
                                  size_t len, hfa_device_code *code,
                                  hfa_error *err)
{
    memset(code, 0, sizeof(*code));
    cJSON *json = cJSON_ParseWithLength(body, len);
    hfa_status status = json
                            ? read_device_code(ctx, json, code, err)
                            : hfai_fail(err, HFA_ERR_BAD_ANSWER,
                                        "unexpected answer from the Hub at %s: "
                                        "/oauth/device did not return JSON",
                                        ctx->endpoint);
    cJSON_Delete(json);
    return status;
}

hfa_status hfa_device_start(hfa_ctx *ctx, hfa_device_code *code, hfa_error *err)
{
    memset(code, 0, sizeof(*code));
    hfai_buf form = {.secret = true};
    if (!form_add(&form, "client_id", ctx->client_id)) {
        hfai_buf_free(&form);
        return hfai_nomem(err);
    }
    hfai_http_answer answer;
    cJSON *json;
    hfa_status status =
        post_form(ctx, "/oauth/device", &form, &answer, &json, err);
    if (status != HFA_OK)
        return status;
    if (answer.status != 200)
        status = unexpected(ctx, &answer, "the browser login request", err);
    else
        status = hfai_parse_device_code(ctx, answer.body.data, answer.body.len,
                                        code, err);
    cJSON_Delete(json);
    hfai_http_answer_clear(&answer);
    return status;
}

void hfai_token_grant_clear(hfai_token_grant *grant)
{
    hfa_secret_free(grant->access_token);
    hfa_secret_free(grant->refresh_token);
    memset(grant, 0, sizeof(*grant));
}

static hfa_status read_grant(const hfa_ctx *ctx, const cJSON *json, int64_t now,
                             hfai_token_grant *grant, hfa_error *err)
{
    memset(grant, 0, sizeof(*grant));
    grant->access_token = json_string(json, "access_token");
    grant->refresh_token = json_string(json, "refresh_token");
    long expires_in = json_seconds(json, "expires_in", 0);
    grant->expires_at = expires_in > 0 ? now + expires_in : 0;
    hfa_error why;
    if (grant->access_token == NULL ||
        hfa_check_token(grant->access_token, &why) != HFA_OK ||
        (grant->refresh_token != NULL &&
         hfa_check_token(grant->refresh_token, &why) != HFA_OK)) {
        hfai_token_grant_clear(grant);
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: "
                         "/oauth/token gave no usable token",
                         ctx->endpoint);
    }
    return HFA_OK;
}

hfa_status hfai_parse_token_grant(const hfa_ctx *ctx, const char *body,
                                  size_t len, int64_t now,
                                  hfai_token_grant *grant, hfa_error *err)
{
    memset(grant, 0, sizeof(*grant));
    cJSON *json = cJSON_ParseWithLength(body, len);
    hfa_status status = json
                            ? read_grant(ctx, json, now, grant, err)
                            : hfai_fail(err, HFA_ERR_BAD_ANSWER,
                                        "unexpected answer from the Hub at %s: "
                                        "/oauth/token did not return JSON",
                                        ctx->endpoint);
    cJSON_Delete(json);
    return status;
}

hfa_status hfai_device_exchange(hfa_ctx *ctx, hfa_device_code *code,
                                hfa_device_state *state,
                                hfai_token_grant *grant, hfa_error *err)
{
    *state = HFA_DEVICE_PENDING;
    memset(grant, 0, sizeof(*grant));
    hfai_buf form = {.secret = true};
    if (!form_add(&form, "grant_type", DEVICE_GRANT) ||
        !form_add(&form, "device_code", code->device_code) ||
        !form_add(&form, "client_id", ctx->client_id)) {
        hfai_buf_free(&form);
        return hfai_nomem(err);
    }
    hfai_http_answer answer;
    cJSON *json;
    hfa_status status =
        post_form(ctx, "/oauth/token", &form, &answer, &json, err);
    if (status != HFA_OK)
        return status;
    const char *error = oauth_error(&answer, json);
    if (answer.status == 200 && json != NULL) {
        status = read_grant(ctx, json, (int64_t)time(NULL), grant, err);
        if (status == HFA_OK)
            *state = HFA_DEVICE_DONE;
    } else if (error != NULL && strcmp(error, "authorization_pending") == 0) {
        *state = HFA_DEVICE_PENDING;
    } else if (error != NULL && strcmp(error, "slow_down") == 0) {
        code->interval += 5; /* RFC 8628 section 3.5 */
        *state = HFA_DEVICE_SLOW_DOWN;
    } else if (error != NULL && strcmp(error, "access_denied") == 0) {
        status =
            hfai_fail(err, HFA_ERR_AUTH_DENIED, "the browser login was denied");
    } else if (error != NULL && strcmp(error, "expired_token") == 0) {
        status = hfai_fail(err, HFA_ERR_AUTH_EXPIRED,
                           "the login code expired before it was approved; "
                           "run the login again");
    } else if (error != NULL) {
        status = hfai_fail(err, HFA_ERR_AUTH_EXPIRED,
                           "the Hub refused the browser login (%.100s)",
                           printable(error) ? error : "?");
    } else if (answer.status == 200) {
        status = hfai_fail(err, HFA_ERR_BAD_ANSWER,
                           "unexpected answer from the Hub at %s: "
                           "/oauth/token did not return JSON",
                           ctx->endpoint);
    } else {
        status = unexpected(ctx, &answer, "the browser login poll", err);
    }
    cJSON_Delete(json);
    hfai_http_answer_clear(&answer);
    return status;
}

/* ---- refresh ------------------------------------------------------------ */

/* The message of a refresh the Hub could not answer: nothing changed, and
 * the next use of the token tries again. */
static void keep_for_retry(const char *name, hfa_status status, hfa_error *err)
{
    char reason[sizeof(err->message)];
    snprintf(reason, sizeof(reason), "%s", err ? err->message : "no answer");
    hfai_fail(err, status,
              "could not refresh the token '%s' (%s); the current token is "
              "kept and the refresh will be tried again next time",
              name, reason);
}

hfa_status hfai_refresh_exchange(hfa_ctx *ctx, const char *name,
                                 const char *refresh_token,
                                 hfai_token_grant *grant, hfa_error *err)
{
    memset(grant, 0, sizeof(*grant));
    hfai_buf form = {.secret = true};
    if (!form_add(&form, "grant_type", "refresh_token") ||
        !form_add(&form, "refresh_token", refresh_token) ||
        !form_add(&form, "client_id", ctx->client_id)) {
        hfai_buf_free(&form);
        return hfai_nomem(err);
    }
    hfai_http_answer answer;
    cJSON *json;
    hfa_status status =
        post_form(ctx, "/oauth/token", &form, &answer, &json, err);
    if (status != HFA_OK) {
        keep_for_retry(name, status, err);
        return status;
    }
    const char *error = oauth_error(&answer, json);
    if (answer.status == 200 && json != NULL) {
        status = read_grant(ctx, json, (int64_t)time(NULL), grant, err);
    } else if (error != NULL) {
        status = hfai_fail(err, HFA_ERR_AUTH_EXPIRED,
                           "the Hub no longer accepts the refresh token of "
                           "'%s' (%.60s): log in again with `hf-auth login`; "
                           "the current token is kept until it expires",
                           name, printable(error) ? error : "?");
    } else {
        status = unexpected(ctx, &answer, "the token refresh", err);
        if (hfa_status_is_network(status))
            keep_for_retry(name, status, err);
    }
    cJSON_Delete(json);
    hfai_http_answer_clear(&answer);
    return status;
}
