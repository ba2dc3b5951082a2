/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ctx.h - the context (ctx.c): a private copy of an environment, and from
 * it the paths and settings every other file reads; which environment
 * variable, if any, holds the current token.
 */
#ifndef HFAUTH_CTX_H
#define HFAUTH_CTX_H

#include "util.h"

#include <sys/types.h>

#define HFAI_DEFAULT_ENDPOINT "https://huggingface.co"
#define HFAI_DEFAULT_CLIENT_ID "26be6b09-91c5-47da-9861-d2d2bb7a7e36"
#define HFAI_GIT_USERNAME "hf_user"

struct hfai_curl_api; /* hub.c: libcurl's entry points, loaded lazily */

struct hfa_ctx {
    /* The environment this context resolves against: a private copy,
     * "NAME=value" strings, so a per-user context never reads the
     * process's own environment. */
    char **env;
    size_t env_count;

    char *home;
    char *hf_home;
    char *token_path;
    char *token_dir;
    char *stored_tokens_path;
    char *lock_path;         /* .stored_tokens.lock: ours, fcntl */
    char *refresh_lock_path; /* stored_tokens.lock: huggingface_hub's
                              * refresh lock (flock, filelock) */
    char *endpoint;
    char *ca_bundle; /* from SSL_CERT_FILE, CURL_CA_BUNDLE, ... */
    char *client_id;
    long timeout_ms;
    long lock_timeout_ms;
    bool auto_refresh;

    /* Set by hub.c when it loads libcurl, so that freeing a context does
     * not link the Hub client (and cJSON) into programs that never use it,
     * like the PAM module. */
    struct hfai_curl_api *curl;
    void (*curl_unload)(struct hfai_curl_api *curl);
};

const char *hfai_ctx_getenv(const hfa_ctx *ctx, const char *name);
/* An endpoint is http(s) and holds no blank or control character, so it
 * can go into a URL, an HTTP request and git's credential protocol. */
hfa_status hfai_check_endpoint(const char *endpoint, hfa_error *err);
/* hfai_check_endpoint(), and a credential may go there: https://, or
 * plain http:// only to a loopback host (127.0.0.0/8, ::1, localhost)
 * unless the context's HFAUTH_ALLOW_HTTP is 1.  Decided from the text
 * alone, before any connection. */
hfa_status hfai_check_endpoint_for_secrets(const hfa_ctx *ctx,
                                           const char *endpoint,
                                           hfa_error *err);

/* For requests to another Hub than the context's (a refresh token goes
 * back to the Hub that issued it): `endpoint`, checked and without a
 * trailing '/', becomes the context's until hfai_ctx_restore_endpoint()
 * puts *saved back, so that every message names the Hub asked. */
hfa_status hfai_ctx_borrow_endpoint(hfa_ctx *ctx, const char *endpoint,
                                    char **saved, hfa_error *err);
void hfai_ctx_restore_endpoint(hfa_ctx *ctx, char *saved);

/* huggingface_hub's precedence among the variables: HF_TOKEN, else
 * HUGGING_FACE_HUB_TOKEN, each cleaned; an empty result falls through.
 * *cleaned is the cleaned copy (free with hfa_secret_free()), or NULL
 * with HFA_SOURCE_NONE. */
hfa_token_source hfai_env_token(const hfa_ctx *ctx, char **cleaned);

#endif /* HFAUTH_CTX_H */
