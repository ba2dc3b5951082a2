/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - what the library's files share and nothing outside sees.
 * Internal functions carry the `hfai_` prefix: the version script exports
 * only `hfa_*`, and the prefix keeps the static archive's names apart from
 * a program's own.
 */
#ifndef HFAUTH_INTERNAL_H
#define HFAUTH_INTERNAL_H

#include "hfauth.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/types.h>

#define HFAI_DEFAULT_ENDPOINT "https://huggingface.co"
#define HFAI_DEFAULT_CLIENT_ID "26be6b09-91c5-47da-9861-d2d2bb7a7e36"
#define HFAI_GIT_USERNAME "hf_user"

struct hfai_curl_api;   /* hub.c: libcurl's entry points, loaded lazily */

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
    char *lock_path;
    char *endpoint;
    char *ca_bundle;        /* from SSL_CERT_FILE, CURL_CA_BUNDLE, ... */
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

/* ---- errors and small utilities (util.c) ---- */
hfa_status hfai_fail(hfa_error *err, hfa_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
hfa_status hfai_fail_errno(hfa_error *err, hfa_status code, int errnum,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
hfa_status hfai_nomem(hfa_error *err);
void hfai_wipe(void *buf, size_t len);
char *hfai_strdup(const char *s);
char *hfai_strndup(const char *s, size_t n);
char *hfai_asprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
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


/* huggingface_hub's _clean_token: drop every \r and \n, strip blanks.
 * In place; returns the same pointer. */
char *hfai_clean_token(char *token);

/* ---- context (ctx.c) ---- */
const char *hfai_ctx_getenv(const hfa_ctx *ctx, const char *name);
/* An endpoint is http(s) and holds no blank or control character, so it
 * can go into a URL, an HTTP request and git's credential protocol. */
hfa_status hfai_check_endpoint(const char *endpoint, hfa_error *err);

/* ---- files (fileio.c) ---- */
/* Reads a whole regular file, at most `max` bytes.  *data is NUL-terminated.
 * ENOENT is reported as HFA_OK with *data NULL when `missing_ok`. */
hfa_status hfai_read_file(const char *path, size_t max, bool secret,
                          bool missing_ok, char **data, size_t *len,
                          hfa_error *err);
/* Atomic replace: temp file in the same folder, fchmod 0600, write, fsync,
 * rename, fsync the folder.  On failure the target is untouched and no
 * temporary file is left. */
hfa_status hfai_write_file_atomic(const char *path, const char *data,
                                  size_t len, hfa_error *err);
/* Creates the folder (and parents) 0700 when missing; never re-modes. */
hfa_status hfai_ensure_dir(const char *dir, hfa_error *err);
hfa_status hfai_remove_file(const char *path, hfa_error *err);
/* fsync of a folder, after a rename in it; best effort. */
void hfai_fsync_dir(const char *dir);
/* Removes the temporary files hfai_write_file_atomic() makes for the
 * named files in `dir` (".<name>.tmpXXXXXX"): only for a lock holder, when
 * any such file is a killed writer's. */
void hfai_remove_orphan_temps(const char *dir, const char *const *paths,
                              size_t count);

/* The stored_tokens lock: an fcntl write lock on a lock file beside it,
 * waited for at most ctx->lock_timeout_ms.  Returns the fd, or -1. */
int hfai_lock_store(const hfa_ctx *ctx, hfa_error *err);
/* The same with a wait of its own; 0 tries once. */
int hfai_lock_store_within(const hfa_ctx *ctx, long timeout_ms,
                           hfa_error *err);
void hfai_unlock_store(int lock_fd);

/* ---- git (gitcred.c) ---- */
hfa_git_outcome hfai_git_approve_if_helper(hfa_ctx *ctx, const char *token,
                                           char *message, size_t size);

#endif /* HFAUTH_INTERNAL_H */
