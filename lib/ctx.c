/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctx.c - the context: a private copy of the environment, and from it the
 * paths and Hub settings of docs/design.md ("The interface hfauth keeps"),
 * resolved once, exactly as huggingface_hub's constants.py resolves them.
 */
#include "ctx.h"
#include "token.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* POSIX has the program declare environ (glibc's unistd.h also does, with
 * _GNU_SOURCE).  NOLINTNEXTLINE(readability-redundant-declaration) */
extern char **environ;

const char *hfai_ctx_getenv(const hfa_ctx *ctx, const char *name)
{
    size_t name_len = strlen(name);
    for (size_t i = 0; i < ctx->env_count; i++) {
        const char *entry = ctx->env[i];
        if (strncmp(entry, name, name_len) == 0 && entry[name_len] == '=')
            return entry + name_len + 1;
    }
    return NULL;
}

/* An unset or empty variable counts as unset: an empty HF_HOME would put
 * the token in the current directory, which no one means. */
static const char *env_value(const hfa_ctx *ctx, const char *name)
{
    const char *value = hfai_ctx_getenv(ctx, name);
    return value != NULL && value[0] != '\0' ? value : NULL;
}

static bool copy_env(hfa_ctx *ctx, char *const *envp)
{
    size_t count = 0;
    while (envp != NULL && envp[count] != NULL)
        count++;
    ctx->env = calloc(count + 1, sizeof(char *));
    if (ctx->env == NULL)
        return false;
    for (size_t i = 0; i < count; i++) {
        if (strchr(envp[i], '=') == NULL)
            continue;
        ctx->env[ctx->env_count] = strdup(envp[i]);
        if (ctx->env[ctx->env_count] == NULL)
            return false;
        ctx->env_count++;
    }
    return true;
}

static char *home_of_uid(uid_t uid)
{
    struct passwd entry, *found = NULL;
    char scratch[4096];
    if (getpwuid_r(uid, &entry, scratch, sizeof(scratch), &found) != 0 ||
        found == NULL)
        return NULL;
    return strdup(found->pw_dir);
}

static char *home_of_user(const char *user)
{
    struct passwd entry, *found = NULL;
    char scratch[4096];
    if (getpwnam_r(user, &entry, scratch, sizeof(scratch), &found) != 0 ||
        found == NULL)
        return NULL;
    return strdup(found->pw_dir);
}

/* os.path.expanduser: a leading "~" or "~user" up to the first '/'. */
static char *expand_user(const hfa_ctx *ctx, const char *path)
{
    if (path[0] != '~')
        return strdup(path);
    const char *rest = strchr(path, '/');
    size_t name_len = rest ? (size_t)(rest - path - 1) : strlen(path + 1);
    char *home;
    if (name_len == 0) {
        home = strdup(ctx->home);
    } else {
        char *user = strndup(path + 1, name_len);
        if (user == NULL)
            return NULL;
        home = home_of_user(user);
        free(user);
        if (home == NULL) /* unknown user: Python leaves it as it is */
            return strdup(path);
    }
    if (home == NULL)
        return NULL;
    size_t home_len = strlen(home);
    while (home_len > 0 && home[home_len - 1] == '/')
        home[--home_len] = '\0';
    char *out = hfai_asprintf("%s%s", home, rest ? rest : "");
    if (out != NULL && out[0] == '\0') {
        free(out);
        out = strdup("/");
    }
    free(home);
    return out;
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* os.path.expandvars: $NAME and ${NAME}; unknown variables stay as they
 * are. */
static char *expand_vars(const hfa_ctx *ctx, const char *path)
{
    hfai_buf out = {0};
    const char *p = path;
    while (*p != '\0') {
        const char *name = NULL;
        size_t name_len = 0, consumed = 0;
        if (p[0] == '$' && p[1] == '{') {
            const char *close = strchr(p + 2, '}');
            if (close != NULL) {
                name = p + 2;
                name_len = (size_t)(close - name);
                consumed = name_len + 3;
            }
        } else if (p[0] == '$' && is_name_char(p[1])) {
            name = p + 1;
            while (is_name_char(name[name_len]))
                name_len++;
            consumed = name_len + 1;
        }
        const char *value = NULL;
        if (name != NULL) {
            char *key = strndup(name, name_len);
            if (key == NULL)
                goto nomem;
            value = hfai_ctx_getenv(ctx, key);
            free(key);
        }
        bool ok = value != NULL
                      ? hfai_buf_puts(&out, value)
                      : hfai_buf_append(&out, p, consumed ? consumed : 1);
        if (!ok)
            goto nomem;
        p += value != NULL ? consumed : (consumed ? consumed : 1);
    }
    if (out.data == NULL)
        return strdup("");
    return out.data;
nomem:
    hfai_buf_free(&out);
    return NULL;
}

static char *expand_path(const hfa_ctx *ctx, const char *path)
{
    char *user_expanded = expand_user(ctx, path);
    if (user_expanded == NULL)
        return NULL;
    char *out = expand_vars(ctx, user_expanded);
    free(user_expanded);
    return out;
}

static long timeout_from_env(const hfa_ctx *ctx)
{
    const char *value = env_value(ctx, "HF_HUB_DOWNLOAD_TIMEOUT");
    if (value != NULL) {
        char *end;
        errno = 0;
        double seconds = strtod(value, &end);
        if (errno == 0 && *end == '\0' && seconds > 0 && seconds < 86400)
            return (long)(seconds * 1000);
    }
    return 10000;
}

static long lock_timeout_from_env(const hfa_ctx *ctx)
{
    const char *value = env_value(ctx, "HFAUTH_LOCK_TIMEOUT");
    if (value != NULL) {
        char *end;
        errno = 0;
        double seconds = strtod(value, &end);
        if (errno == 0 && *end == '\0' && seconds >= 0 && seconds < 86400)
            return (long)(seconds * 1000);
    }
    return 10000;
}

static hfa_status resolve(hfa_ctx *ctx, hfa_error *err)
{
    /* HF_HOME = expandvars(expanduser($HF_HOME or
     *           ${XDG_CACHE_HOME:-~/.cache}/huggingface)) */
    const char *hf_home = env_value(ctx, "HF_HOME");
    char *hf_home_raw;
    if (hf_home != NULL) {
        hf_home_raw = strdup(hf_home);
    } else {
        const char *xdg = env_value(ctx, "XDG_CACHE_HOME");
        hf_home_raw = xdg ? hfai_path_join(xdg, "huggingface")
                          : hfai_path_join(ctx->home, ".cache/huggingface");
    }
    if (hf_home_raw == NULL)
        return hfai_nomem(err);
    ctx->hf_home = expand_path(ctx, hf_home_raw);
    free(hf_home_raw);
    if (ctx->hf_home == NULL)
        return hfai_nomem(err);

    const char *token_path = env_value(ctx, "HF_TOKEN_PATH");
    ctx->token_path = token_path ? expand_path(ctx, token_path)
                                 : hfai_path_join(ctx->hf_home, "token");
    if (ctx->token_path == NULL)
        return hfai_nomem(err);
    ctx->token_dir = hfai_dirname(ctx->token_path);
    if (ctx->token_dir == NULL)
        return hfai_nomem(err);
    ctx->stored_tokens_path = hfai_path_join(ctx->token_dir, "stored_tokens");
    ctx->lock_path = hfai_path_join(ctx->token_dir, ".stored_tokens.lock");
    ctx->refresh_lock_path =
        hfai_path_join(ctx->token_dir, "stored_tokens.lock");
    if (ctx->stored_tokens_path == NULL || ctx->lock_path == NULL ||
        ctx->refresh_lock_path == NULL)
        return hfai_nomem(err);

    const char *endpoint = env_value(ctx, "HF_ENDPOINT");
    ctx->endpoint = strdup(endpoint ? endpoint : HFAI_DEFAULT_ENDPOINT);
    if (ctx->endpoint == NULL)
        return hfai_nomem(err);
    size_t endpoint_len = strlen(ctx->endpoint);
    while (endpoint_len > 0 && ctx->endpoint[endpoint_len - 1] == '/')
        ctx->endpoint[--endpoint_len] = '\0';

    const char *bundle = env_value(ctx, "SSL_CERT_FILE");
    if (bundle == NULL)
        bundle = env_value(ctx, "CURL_CA_BUNDLE");
    if (bundle == NULL)
        bundle = env_value(ctx, "REQUESTS_CA_BUNDLE");
    if (bundle != NULL && (ctx->ca_bundle = strdup(bundle)) == NULL)
        return hfai_nomem(err);

    const char *client_id = env_value(ctx, "HF_DEVICE_CODE_OAUTH_CLIENT_ID");
    ctx->client_id = strdup(client_id ? client_id : HFAI_DEFAULT_CLIENT_ID);
    if (ctx->client_id == NULL)
        return hfai_nomem(err);

    ctx->auto_refresh = true;
    ctx->timeout_ms = timeout_from_env(ctx);
    ctx->lock_timeout_ms = lock_timeout_from_env(ctx);
    return HFA_OK;
}

static hfa_status ctx_create(hfa_ctx **out, const char *home, char *const *envp,
                             hfa_error *err)
{
    *out = NULL;
    hfa_ctx *ctx = calloc(1, sizeof(*ctx));
    if (ctx == NULL || !copy_env(ctx, envp)) {
        hfa_ctx_free(ctx);
        return hfai_nomem(err);
    }
    if (home != NULL && home[0] != '\0') {
        ctx->home = strdup(home);
    } else {
        const char *env_home = env_value(ctx, "HOME");
        ctx->home = env_home ? strdup(env_home) : home_of_uid(getuid());
        if (ctx->home == NULL && env_home == NULL) {
            hfa_ctx_free(ctx);
            return hfai_fail(err, HFA_ERR_STORE,
                             "cannot find the home directory: HOME is "
                             "unset and the password database has no entry");
        }
    }
    hfa_status status = ctx->home ? resolve(ctx, err) : hfai_nomem(err);
    if (status != HFA_OK) {
        hfa_ctx_free(ctx);
        return status;
    }
    *out = ctx;
    return HFA_OK;
}

hfa_status hfa_ctx_new_from_env(hfa_ctx **out, hfa_error *err)
{
    return ctx_create(out, NULL, environ, err);
}

hfa_status hfa_ctx_new_for_user(hfa_ctx **out, const char *home,
                                char *const *envp, hfa_error *err)
{
    if (home == NULL || home[0] == '\0') {
        *out = NULL;
        return hfai_fail(err, HFA_ERR_INVALID, "no home directory given");
    }
    return ctx_create(out, home, envp, err);
}

void hfa_ctx_free(hfa_ctx *ctx)
{
    if (ctx == NULL)
        return;
    for (size_t i = 0; i < ctx->env_count; i++) {
        /* The environment may hold HF_TOKEN. */
        hfa_secret_free(ctx->env[i]);
    }
    free(ctx->env);
    free(ctx->home);
    free(ctx->hf_home);
    free(ctx->token_path);
    free(ctx->token_dir);
    free(ctx->stored_tokens_path);
    free(ctx->lock_path);
    free(ctx->refresh_lock_path);
    free(ctx->endpoint);
    free(ctx->ca_bundle);
    free(ctx->client_id);
    if (ctx->curl != NULL)
        ctx->curl_unload(ctx->curl);
    free(ctx);
}

const char *hfa_ctx_hf_home(const hfa_ctx *ctx)
{
    return ctx->hf_home;
}
const char *hfa_ctx_token_path(const hfa_ctx *ctx)
{
    return ctx->token_path;
}
const char *hfa_ctx_stored_tokens_path(const hfa_ctx *ctx)
{
    return ctx->stored_tokens_path;
}
const char *hfa_ctx_endpoint(const hfa_ctx *ctx)
{
    return ctx->endpoint;
}

bool hfa_ctx_endpoint_is_default(const hfa_ctx *ctx)
{
    return strcmp(ctx->endpoint, HFAI_DEFAULT_ENDPOINT) == 0;
}

hfa_status hfai_check_endpoint(const char *endpoint, hfa_error *err)
{
    if (strncmp(endpoint, "https://", 8) != 0 &&
        strncmp(endpoint, "http://", 7) != 0)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "the Hub endpoint must start with https:// or "
                         "http:// (HF_ENDPOINT)");
    for (const char *c = endpoint; *c != '\0'; c++) {
        if ((unsigned char)*c <= ' ' || *c == 0x7f)
            return hfai_fail(err, HFA_ERR_INVALID,
                             "the Hub endpoint holds a blank or control "
                             "character (HF_ENDPOINT)");
    }
    return HFA_OK;
}

/* The host of an http(s) URL: after the scheme and any "user@", up to
 * the port, path, query or fragment; an IPv6 literal without brackets. */
static char *url_host(const char *url)
{
    const char *authority = strstr(url, "://");
    authority = authority ? authority + 3 : url;
    size_t authority_len = strcspn(authority, "/?#");
    const char *at = memrchr(authority, '@', authority_len);
    if (at != NULL) {
        authority_len -= (size_t)(at + 1 - authority);
        authority = at + 1;
    }
    if (authority[0] == '[') {
        const char *close = memchr(authority, ']', authority_len);
        return close ? strndup(authority + 1, (size_t)(close - authority - 1))
                     : strdup("");
    }
    const char *colon = memchr(authority, ':', authority_len);
    return strndup(authority,
                   colon ? (size_t)(colon - authority) : authority_len);
}

/* 127.0.0.0/8, ::1 (or ::ffff:127.x.y.z), or the name localhost: written
 * out, so that no lookup is needed and none can be steered. */
static bool loopback_host(const char *host)
{
    struct in_addr v4;
    struct in6_addr v6;
    if (strcasecmp(host, "localhost") == 0 ||
        strcasecmp(host, "localhost.") == 0)
        return true;
    if (inet_pton(AF_INET, host, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    if (inet_pton(AF_INET6, host, &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6) ||
               (IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127);
    return false;
}

hfa_status hfai_check_endpoint_for_secrets(const hfa_ctx *ctx,
                                           const char *endpoint, hfa_error *err)
{
    hfa_status status = hfai_check_endpoint(endpoint, err);
    if (status != HFA_OK || strncmp(endpoint, "https://", 8) == 0)
        return status;
    const char *allow = hfai_ctx_getenv(ctx, "HFAUTH_ALLOW_HTTP");
    if (allow != NULL && strcmp(allow, "1") == 0)
        return HFA_OK;
    char *host = url_host(endpoint);
    if (host == NULL)
        return hfai_nomem(err);
    bool loopback = loopback_host(host);
    free(host);
    if (loopback)
        return HFA_OK;
    return hfai_fail(err, HFA_ERR_INVALID,
                     "the Hub endpoint %s is plain http: a token sent there "
                     "would cross the network unencrypted; use https://, "
                     "or set HFAUTH_ALLOW_HTTP=1 to allow it",
                     endpoint);
}

/* A checked copy of an endpoint without its trailing '/'. */
static hfa_status endpoint_copy(const hfa_ctx *ctx, const char *endpoint,
                                char **copy, hfa_error *err)
{
    *copy = NULL;
    hfa_status status = hfai_check_endpoint_for_secrets(ctx, endpoint, err);
    if (status != HFA_OK)
        return status;
    if ((*copy = strdup(endpoint)) == NULL)
        return hfai_nomem(err);
    size_t len = strlen(*copy);
    while (len > 0 && (*copy)[len - 1] == '/')
        (*copy)[--len] = '\0';
    return HFA_OK;
}

hfa_status hfa_ctx_set_endpoint(hfa_ctx *ctx, const char *endpoint,
                                hfa_error *err)
{
    char *copy;
    hfa_status status = endpoint_copy(ctx, endpoint, &copy, err);
    if (status != HFA_OK)
        return status;
    free(ctx->endpoint);
    ctx->endpoint = copy;
    return HFA_OK;
}

hfa_status hfai_ctx_borrow_endpoint(hfa_ctx *ctx, const char *endpoint,
                                    char **saved, hfa_error *err)
{
    char *copy;
    *saved = NULL;
    hfa_status status = endpoint_copy(ctx, endpoint, &copy, err);
    if (status != HFA_OK)
        return status;
    *saved = ctx->endpoint;
    ctx->endpoint = copy;
    return HFA_OK;
}

void hfai_ctx_restore_endpoint(hfa_ctx *ctx, char *saved)
{
    free(ctx->endpoint);
    ctx->endpoint = saved;
}

void hfa_ctx_set_timeout_ms(hfa_ctx *ctx, long timeout_ms)
{
    ctx->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
}

void hfa_ctx_set_auto_refresh(hfa_ctx *ctx, bool enabled)
{
    ctx->auto_refresh = enabled;
}

void hfa_ctx_set_lock_timeout_ms(hfa_ctx *ctx, long timeout_ms)
{
    ctx->lock_timeout_ms = timeout_ms >= 0 ? timeout_ms : 0;
}

const char *hfa_source_env_name(hfa_token_source source)
{
    switch (source) {
    case HFA_SOURCE_ENV_HF_TOKEN: return "HF_TOKEN";
    case HFA_SOURCE_ENV_HUGGING_FACE_HUB: return "HUGGING_FACE_HUB_TOKEN";
    default: return NULL;
    }
}

/* huggingface_hub: os.environ.get("HF_TOKEN") or
 * os.environ.get("HUGGING_FACE_HUB_TOKEN"), then cleaned. */
hfa_token_source hfai_env_token(const hfa_ctx *ctx, char **cleaned)
{
    const char *value = hfai_ctx_getenv(ctx, "HF_TOKEN");
    hfa_token_source source = HFA_SOURCE_ENV_HF_TOKEN;
    *cleaned = NULL;
    if (value == NULL || value[0] == '\0') {
        value = hfai_ctx_getenv(ctx, "HUGGING_FACE_HUB_TOKEN");
        source = HFA_SOURCE_ENV_HUGGING_FACE_HUB;
    }
    if (value == NULL || value[0] == '\0' || (*cleaned = strdup(value)) == NULL)
        return HFA_SOURCE_NONE;
    if (hfai_clean_token(*cleaned)[0] == '\0') {
        free(*cleaned);
        *cleaned = NULL;
        return HFA_SOURCE_NONE;
    }
    return source;
}

hfa_token_source hfa_env_token_source(const hfa_ctx *ctx)
{
    char *cleaned;
    hfa_token_source source = hfai_env_token(ctx, &cleaned);
    hfa_secret_free(cleaned);
    return source;
}
