/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hub.c - the Hub client: HTTP requests to HF_ENDPOINT through libcurl, and
 * the whoami-v2 call built on them.
 *
 * libcurl is opened with dlopen() by the first request, not linked: a
 * command that never goes to the network (token, list, switch) does not pay
 * for mapping libcurl and its TLS stack, and the PAM module, which links
 * this library statically, can never initialise it in a login process.
 * The entry points live in the context, so there is no global state.
 */
#define CURL_DISABLE_TYPECHECK /* calls go through our function pointers */
#include "hub.h"
#include "token.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#define ANSWER_MAX (1024 * 1024)

struct hfai_curl_api {
    void *handle;
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    const char *(*easy_strerror)(CURLcode);
};

static void curl_unload(struct hfai_curl_api *curl)
{
    if (curl == NULL)
        return;
    /* Opened RTLD_NODELETE: OpenSSL does not survive being unmapped. */
    dlclose(curl->handle);
    free(curl);
}

static bool load_symbol(void *handle, const char *name, void *slot)
{
    void *symbol = dlsym(handle, name);
    /* POSIX guarantees a data pointer can hold a function's address. */
    memcpy(slot, &symbol, sizeof(symbol));
    return symbol != NULL;
}

static hfa_status load_curl(hfa_ctx *ctx, hfa_error *err)
{
    if (ctx->curl != NULL)
        return HFA_OK;
    struct hfai_curl_api *api = calloc(1, sizeof(*api));
    if (api == NULL)
        return hfai_nomem(err);
    api->handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (api->handle == NULL) {
        free(api);
        return hfai_fail(err, HFA_ERR_NO_LIBCURL,
                         "cannot load libcurl (libcurl.so.4): install the "
                         "libcurl4 package");
    }
    bool ok =
        load_symbol(api->handle, "curl_easy_init", &api->easy_init) &&
        load_symbol(api->handle, "curl_easy_setopt", &api->easy_setopt) &&
        load_symbol(api->handle, "curl_easy_perform", &api->easy_perform) &&
        load_symbol(api->handle, "curl_easy_getinfo", &api->easy_getinfo) &&
        load_symbol(api->handle, "curl_easy_cleanup", &api->easy_cleanup) &&
        load_symbol(api->handle, "curl_slist_append", &api->slist_append) &&
        load_symbol(api->handle, "curl_slist_free_all", &api->slist_free_all) &&
        load_symbol(api->handle, "curl_easy_strerror", &api->easy_strerror);
    if (!ok) {
        curl_unload(api);
        return hfai_fail(err, HFA_ERR_NO_LIBCURL,
                         "the libcurl found is missing functions hfauth needs");
    }
    ctx->curl = api;
    ctx->curl_unload = curl_unload;
    return HFA_OK;
}

static size_t collect_answer(char *data, size_t size, size_t count, void *user)
{
    hfai_buf *body = user;
    size_t len = size * count;
    /* Returning less than given makes libcurl stop with a write error. */
    if (body->len + len > ANSWER_MAX || !hfai_buf_append(body, data, len))
        return 0;
    return len;
}

/* The proxy from the context's environment, with the variables Python's
 * requests and libcurl read; "" turns libcurl's own reading off, so a
 * per-user context is not steered by the process's environment. */
static const char *proxy_for(const hfa_ctx *ctx)
{
    bool https = strncmp(ctx->endpoint, "https://", 8) == 0;
    const char *names[] = {https ? "https_proxy" : "http_proxy",
                           https ? "HTTPS_PROXY" : "HTTP_PROXY", "all_proxy",
                           "ALL_PROXY"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *value = hfai_ctx_getenv(ctx, names[i]);
        if (value != NULL && value[0] != '\0')
            return value;
    }
    return "";
}

static const char *no_proxy_for(const hfa_ctx *ctx)
{
    const char *value = hfai_ctx_getenv(ctx, "no_proxy");
    if (value == NULL)
        value = hfai_ctx_getenv(ctx, "NO_PROXY");
    return value;
}

static hfa_status curl_failure(const hfa_ctx *ctx, CURLcode code,
                               const char *detail, hfa_error *err)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return hfai_fail(err, HFA_ERR_TIMEOUT,
                         "the Hub at %s did not answer within %.1f s",
                         ctx->endpoint, ctx->timeout_ms / 1000.0);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return hfai_fail(err, HFA_ERR_UNREACHABLE,
                         "cannot reach the Hub at %s: its TLS certificate "
                         "could not be verified (%s); for a private CA, name "
                         "its bundle in SSL_CERT_FILE or REQUESTS_CA_BUNDLE",
                         ctx->endpoint, detail);
    case CURLE_WRITE_ERROR:
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: larger "
                         "than %d bytes",
                         ctx->endpoint, ANSWER_MAX);
    case CURLE_PARTIAL_FILE:
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: the "
                         "connection closed mid-answer",
                         ctx->endpoint);
    default:
        return hfai_fail(err, HFA_ERR_UNREACHABLE,
                         "cannot reach the Hub at %s: %s", ctx->endpoint,
                         detail);
    }
}

static void free_headers(const struct hfai_curl_api *api,
                         struct curl_slist *headers)
{
    /* The Authorization line is a copy of the token: wipe it first. */
    for (struct curl_slist *item = headers; item != NULL; item = item->next)
        hfai_wipe(item->data, strlen(item->data));
    api->slist_free_all(headers);
}

hfa_status hfai_http_request(hfa_ctx *ctx, const char *path, const char *bearer,
                             const char *form, hfai_http_answer *answer,
                             hfa_error *err)
{
    memset(answer, 0, sizeof(*answer));
    answer->body.secret = true; /* OAuth answers carry tokens */
    /* Every request carries or fetches a credential: a token, a device
     * code, or the tokens an OAuth answer holds. */
    hfa_status status =
        hfai_check_endpoint_for_secrets(ctx, ctx->endpoint, err);
    if (status == HFA_OK && bearer != NULL)
        status = hfa_check_token(bearer, err);
    if (status == HFA_OK)
        status = load_curl(ctx, err);
    if (status != HFA_OK)
        return status;
    const struct hfai_curl_api *api = ctx->curl;

    char *url = hfai_asprintf("%s%s", ctx->endpoint, path);
    char *auth =
        bearer ? hfai_asprintf("Authorization: Bearer %s", bearer) : NULL;
    CURL *curl = api->easy_init();
    struct curl_slist *headers = NULL, *grown;
    if (url == NULL || (bearer != NULL && auth == NULL) || curl == NULL)
        goto nomem;
    if ((grown = api->slist_append(headers, "Accept: application/json")) ==
        NULL)
        goto nomem;
    headers = grown;
    if (auth != NULL) {
        if ((grown = api->slist_append(headers, auth)) == NULL)
            goto nomem;
        headers = grown;
    }

    long timeout_ms = ctx->timeout_ms;
    long stall_seconds = timeout_ms / 1000 > 0 ? timeout_ms / 1000 : 1;
    api->easy_setopt(curl, CURLOPT_URL, url);
    api->easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    api->easy_setopt(curl, CURLOPT_USERAGENT, "hfauth/" HFA_VERSION);
    api->easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    /* Never follow a redirect: the Authorization header must not go to
     * another host, port or scheme. */
    api->easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    api->easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    api->easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    api->easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
    api->easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    api->easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, stall_seconds);
    api->easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    api->easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    /* libcurl itself ignores SSL_CERT_FILE and friends: map them. */
    if (ctx->ca_bundle != NULL)
        api->easy_setopt(curl, CURLOPT_CAINFO, ctx->ca_bundle);
    api->easy_setopt(curl, CURLOPT_PROXY, proxy_for(ctx));
    if (no_proxy_for(ctx) != NULL)
        api->easy_setopt(curl, CURLOPT_NOPROXY, no_proxy_for(ctx));
    api->easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_answer);
    api->easy_setopt(curl, CURLOPT_WRITEDATA, &answer->body);
    if (form != NULL) {
        api->easy_setopt(curl, CURLOPT_POSTFIELDS, form);
        api->easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(form));
    }
    char detail[CURL_ERROR_SIZE] = "";
    api->easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);

    CURLcode code = api->easy_perform(curl);
    if (code != CURLE_OK) {
        status = curl_failure(
            ctx, code, detail[0] ? detail : api->easy_strerror(code), err);
        hfai_buf_free(&answer->body);
    } else {
        curl_off_t retry_after = 0;
        api->easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer->status);
        if (api->easy_getinfo(curl, CURLINFO_RETRY_AFTER, &retry_after) ==
            CURLE_OK)
            answer->retry_after = (long)retry_after;
    }
    free_headers(api, headers);
    api->easy_cleanup(curl);
    hfa_secret_free(auth);
    free(url);
    return status;
nomem:
    if (headers != NULL)
        free_headers(api, headers);
    if (curl != NULL)
        api->easy_cleanup(curl);
    hfa_secret_free(auth);
    free(url);
    return hfai_nomem(err);
}

void hfai_http_answer_clear(hfai_http_answer *answer)
{
    hfai_buf_free(&answer->body);
    memset(answer, 0, sizeof(*answer));
}

hfa_status hfai_http_status_error(const hfa_ctx *ctx,
                                  const hfai_http_answer *answer,
                                  hfa_error *err)
{
    long status = answer->status;
    if (status == 401)
        return hfai_fail(err, HFA_ERR_REJECTED,
                         "the Hub rejected the token (401 Unauthorized): it "
                         "is invalid, expired or revoked");
    if (status == 429 && answer->retry_after > 0)
        return hfai_fail(err, HFA_ERR_RATE_LIMITED,
                         "the Hub is rate-limiting requests (429 Too Many "
                         "Requests); try again in %ld s",
                         answer->retry_after);
    if (status == 429)
        return hfai_fail(err, HFA_ERR_RATE_LIMITED,
                         "the Hub is rate-limiting requests (429 Too Many "
                         "Requests); try again later");
    if (status >= 300 && status < 400)
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: a redirect "
                         "(HTTP %ld), which hfauth does not follow so that "
                         "the token goes nowhere else; check HF_ENDPOINT",
                         ctx->endpoint, status);
    return hfai_fail(err, HFA_ERR_SERVER,
                     "the Hub at %s could not check the token (HTTP %ld)",
                     ctx->endpoint, status);
}

/* ---- whoami-v2 --------------------------------------------------------- */

void hfa_whoami_info_clear(hfa_whoami_info *info)
{
    free(info->user);
    free(info->fullname);
    free(info->type);
    hfa_string_list_free(info->orgs, info->org_count);
    free(info->token_name);
    free(info->token_role);
    memset(info, 0, sizeof(*info));
}

static bool copy_string(const cJSON *object, const char *key, char **out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!cJSON_IsString(item) || item->valuestring == NULL)
        return true; /* absent is fine; the caller checks what it needs */
    *out = strdup(item->valuestring);
    return *out != NULL;
}

hfa_status hfai_parse_whoami(const hfa_ctx *ctx, const char *body, size_t len,
                             hfa_whoami_info *info, hfa_error *err)
{
    memset(info, 0, sizeof(*info));
    cJSON *root = body ? cJSON_ParseWithLength(body, len) : NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: whoami-v2 "
                         "did not return a JSON object",
                         ctx->endpoint);
    }
    bool ok = copy_string(root, "name", &info->user) &&
              copy_string(root, "fullname", &info->fullname) &&
              copy_string(root, "type", &info->type);
    const cJSON *orgs = cJSON_GetObjectItemCaseSensitive(root, "orgs");
    int org_total = cJSON_IsArray(orgs) ? cJSON_GetArraySize(orgs) : 0;
    if (ok && org_total > 0) {
        info->orgs = calloc((size_t)org_total, sizeof(char *));
        ok = info->orgs != NULL;
        const cJSON *org;
        cJSON_ArrayForEach(org, orgs)
        {
            char *org_name = NULL;
            if (!ok || !copy_string(org, "name", &org_name)) {
                ok = false;
                break;
            }
            if (org_name != NULL)
                info->orgs[info->org_count++] = org_name;
        }
    }
    const cJSON *auth = cJSON_GetObjectItemCaseSensitive(root, "auth");
    const cJSON *access = cJSON_GetObjectItemCaseSensitive(auth, "accessToken");
    if (ok && cJSON_IsObject(access))
        ok = copy_string(access, "displayName", &info->token_name) &&
             copy_string(access, "role", &info->token_role);
    cJSON_Delete(root);
    if (!ok) {
        hfa_whoami_info_clear(info);
        return hfai_nomem(err);
    }
    if (info->user == NULL || info->user[0] == '\0') {
        hfa_whoami_info_clear(info);
        return hfai_fail(err, HFA_ERR_BAD_ANSWER,
                         "unexpected answer from the Hub at %s: whoami-v2 "
                         "gave no user name",
                         ctx->endpoint);
    }
    return HFA_OK;
}

hfa_status hfa_whoami_token(hfa_ctx *ctx, const char *token,
                            hfa_whoami_info *info, hfa_error *err)
{
    memset(info, 0, sizeof(*info));
    hfai_http_answer answer;
    hfa_status status =
        hfai_http_request(ctx, "/api/whoami-v2", token, NULL, &answer, err);
    if (status != HFA_OK)
        return status;
    status = answer.status == 200
                 ? hfai_parse_whoami(ctx, answer.body.data, answer.body.len,
                                     info, err)
                 : hfai_http_status_error(ctx, &answer, err);
    hfai_http_answer_clear(&answer);
    return status;
}
