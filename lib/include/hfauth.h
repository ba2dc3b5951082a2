/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hfauth.h - the one public header of libhfauth.
 *
 * libhfauth manages Hugging Face Hub access tokens exactly where and how the
 * Python huggingface_hub library keeps them (the active token file and
 * `stored_tokens`), talks to the Hub (whoami-v2), and hands tokens to git
 * credential helpers.  It prints nothing, keeps no global mutable state and
 * reports every failure as a status code plus a message fit to show a
 * person.  All public names carry the `hfa_` prefix.
 *
 * Secrets: every `char *` that holds a token and is returned to the caller
 * must be released with hfa_secret_free(), which wipes it first.  No token
 * ever appears in an error message.
 *
 * Errors: every call that can fail returns an hfa_status and, when its
 * `err` argument is not NULL, fills it with the same code and a message.
 * `err` may always be NULL.
 *
 * Threads: a context may be used by one thread at a time; distinct contexts
 * are independent.  The network is reached only through calls documented as
 * such; libcurl is loaded (dlopen) by the first of them, never before.
 */
#ifndef HFAUTH_H
#define HFAUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HFA_VERSION "0.1.0"

/* Status codes.  HFA_OK is 0; every other value is a failure.  The values
 * are fixed: a new code is only ever appended, never renumbered, so a
 * caller built against an older header still reads every code right. */
typedef enum {
    HFA_OK = 0,
    HFA_ERR_NOT_LOGGED_IN = 1, /* no current token anywhere */
    HFA_ERR_NOT_FOUND = 2,     /* no stored token by that name */
    HFA_ERR_INVALID = 3,       /* bad argument or value: control chars... */
    HFA_ERR_STORE = 4,         /* token files: I/O, permissions, lock */
    HFA_ERR_PARSE = 5,         /* stored_tokens is malformed (file, line) */
    HFA_ERR_ORG_TOKEN = 6,     /* an api_org_ token: personal tokens only */
    HFA_ERR_REJECTED = 7,      /* the Hub answered 401 */
    HFA_ERR_UNREACHABLE = 8,   /* DNS, refused, TLS, proxy: no answer */
    HFA_ERR_TIMEOUT = 9,       /* no complete answer in time */
    HFA_ERR_RATE_LIMITED = 10, /* 429 */
    HFA_ERR_SERVER = 11,       /* 403, 5xx, other unexpected status */
    HFA_ERR_BAD_ANSWER = 12,   /* an answer that is not what the API says */
    HFA_ERR_GIT = 13,          /* git credential failed or timed out */
    HFA_ERR_NOMEM = 14,
    HFA_ERR_AUTH_DENIED = 15,  /* the user refused the browser login */
    HFA_ERR_AUTH_EXPIRED = 16, /* device code or refresh grant is over */
    HFA_ERR_UNSAFE_FILE = 17,  /* a file refused: owner, mode, type, size */
    HFA_ERR_NO_LIBCURL = 18,   /* libcurl is not installed: no network */
} hfa_status;

/* The message is one sentence or two, without a trailing newline, and
 * holds no control character: whatever it quotes (a name, a path, what
 * the Hub said) went through hfa_safe_text(). */
typedef struct {
    hfa_status code;
    char message[512];
} hfa_error;

/* A short, constant description of a status ("the Hub rejected the
 * token"), for callers that keep a status longer than its message.  Never
 * NULL; an unknown value gives "unknown status". */
const char *hfa_strerror(hfa_status status);

/* The library's version at run time ("0.1.0"); HFA_VERSION is the one the
 * caller was compiled against. */
const char *hfa_version(void);

/* True when the Hub could not be asked (network, timeout, 429, 5xx, bad
 * answer): the token may well be fine.  False for HFA_ERR_REJECTED. */
bool hfa_status_is_network(hfa_status status);

/* Wipes and frees a string that held a token.  NULL is fine. */
void hfa_secret_free(char *secret);

/* ---- Untrusted text --------------------------------------------------- */

/*
 * Makes text that someone else wrote safe to show: on a terminal, in a log
 * line, in JSON.  Whatever the Hub answers, a stored_tokens or token file
 * holds, an environment variable or git config names, is untrusted: an
 * ESC or a C1 CSI (0x9B) in a user name would move the cursor, retitle
 * the terminal or write the clipboard (OSC 52); a newline in a logged path
 * forges a second log line.
 *
 * Copies `in` to `out` with each of these replaced by one '?':
 *  - every C0 control (U+0000..U+001F: newline and tab included) and DEL;
 *  - every C1 control, U+0080..U+009F, written as UTF-8 (C2 80..C2 9F);
 *  - every byte that is not part of well-formed UTF-8 (so a raw 0x9B, a
 *    lone continuation byte, an overlong form, a surrogate);
 *  - the bidirectional embeddings, overrides and isolates (U+202A..U+202E,
 *    U+2066..U+2069) and the line and paragraph separators (U+2028,
 *    U+2029), which change how the text around them reads.
 * Everything else, printable ASCII and every other character, is copied
 * as it is.  '?' (not U+FFFD) so that the result is never longer than
 * the input: in place is fine (`out` may be `in`), a fixed buffer sized
 * for the input always holds it, and a log line stays ASCII where the
 * input was.  The result is always well-formed UTF-8 without a control,
 * and filtering it again changes nothing.
 *
 * At most `size` bytes are written, the NUL included; when the result does
 * not fit it is cut after the last whole character that does.  Returns the
 * length of the whole result, as snprintf() does (never more than
 * strlen(in)): a value >= size means it was cut.
 *
 * The library already passes every quoted piece of its messages
 * (hfa_error, hfa_git_result) through it; a caller filters what it prints
 * itself: names, paths, whoami fields.  A newline the caller needs between
 * lines is the caller's, written outside the filtered text.
 */
size_t hfa_safe_text(char *out, size_t size, const char *in);

/* The same into a malloc'd string (free() it); NULL when out of memory. */
char *hfa_safe_text_dup(const char *in);

/* ---- Context --------------------------------------------------------- */

typedef struct hfa_ctx hfa_ctx;

/*
 * A context from this process's environment: HF_HOME, XDG_CACHE_HOME,
 * HF_TOKEN_PATH, HOME, HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_ENDPOINT,
 * HF_HUB_DOWNLOAD_TIMEOUT, SSL_CERT_FILE / CURL_CA_BUNDLE /
 * REQUESTS_CA_BUNDLE, HF_DEVICE_CODE_OAUTH_CLIENT_ID, HFAUTH_LOCK_TIMEOUT,
 * HFAUTH_ALLOW_HTTP.  Reads nothing but the environment (and the password
 * database when HOME is unset).
 */
hfa_status hfa_ctx_new_from_env(hfa_ctx **out, hfa_error *err);

/*
 * A context for another user: `home` is that user's home directory and
 * `envp` a NULL-terminated array of "NAME=value" strings standing for that
 * user's environment (e.g. pam_getenvlist()); the process environment is
 * not consulted.  `envp` may be NULL.  Values are copied.
 */
hfa_status hfa_ctx_new_for_user(hfa_ctx **out, const char *home,
                                char *const *envp, hfa_error *err);

void hfa_ctx_free(hfa_ctx *ctx);

/* Resolved paths and endpoint, found as huggingface_hub finds them
 * (hf-auth(1), ENVIRONMENT and FILES), valid while the context lives. */
const char *hfa_ctx_hf_home(const hfa_ctx *ctx);
const char *hfa_ctx_token_path(const hfa_ctx *ctx);
const char *hfa_ctx_stored_tokens_path(const hfa_ctx *ctx);
const char *hfa_ctx_endpoint(const hfa_ctx *ctx);
bool hfa_ctx_endpoint_is_default(const hfa_ctx *ctx);

/* Whether hfa_get_token() and hfa_whoami() refresh an expiring OAuth token
 * by themselves (default true).  A front end that wants to show what the
 * refresh did calls hfa_refresh_if_expiring() itself and turns this off. */
void hfa_ctx_set_auto_refresh(hfa_ctx *ctx, bool enabled);

/* Override what the environment gave.  The endpoint loses a trailing '/'
 * and must be http(s) without control characters; and, as every request
 * demands, https://, or plain http:// on a loopback address (127.0.0.0/8,
 * ::1, localhost) unless the context's HFAUTH_ALLOW_HTTP is 1: a token
 * must not cross the network unencrypted (HFA_ERR_INVALID, nothing
 * changed). */
hfa_status hfa_ctx_set_endpoint(hfa_ctx *ctx, const char *endpoint,
                                hfa_error *err);
void hfa_ctx_set_timeout_ms(hfa_ctx *ctx, long timeout_ms);
/* How long a writer waits for the stored_tokens lock (default 10 s).  A
 * writer that finds the lock held forks one short-lived child to wait in
 * the kernel's queue (so the lock passes the moment it is freed); the child
 * runs none of the program's code or signal handlers, closes every other
 * descriptor, and is killed and reaped before the call returns. */
void hfa_ctx_set_lock_timeout_ms(hfa_ctx *ctx, long timeout_ms);

/* ---- Tokens ---------------------------------------------------------- */

typedef enum {
    HFA_SOURCE_NONE = 0,
    HFA_SOURCE_ENV_HF_TOKEN,         /* HF_TOKEN */
    HFA_SOURCE_ENV_HUGGING_FACE_HUB, /* HUGGING_FACE_HUB_TOKEN */
    HFA_SOURCE_FILE,                 /* the active token file */
} hfa_token_source;

/* The environment variable a source names, or NULL for file/none. */
const char *hfa_source_env_name(hfa_token_source source);

/*
 * The current token by huggingface_hub's precedence (HF_TOKEN, then
 * HUGGING_FACE_HUB_TOKEN, then the active token file), cleaned as Python
 * cleans it.  Reads the token file; takes no lock.  *token is NULL and the
 * status HFA_ERR_NOT_LOGGED_IN when there is none.  Free with
 * hfa_secret_free().  `source` may be NULL.  With auto-refresh on (the
 * default), an expiring OAuth token from the file is first refreshed
 * (hfa_refresh_if_expiring(): may take the lock and reach the Hub); when
 * that fails the old token is returned all the same.
 */
hfa_status hfa_get_token(hfa_ctx *ctx, char **token, hfa_token_source *source,
                         hfa_error *err);

/* Which environment variable (if any) overrides the token file. */
hfa_token_source hfa_env_token_source(const hfa_ctx *ctx);

/* The content of the active token file only (no environment), cleaned as
 * huggingface_hub cleans it.  *token is NULL (and HFA_OK) when the file is
 * absent or holds only blanks.  A file that cannot hold a token (a NUL
 * byte, bytes that are not UTF-8, a blank or control character inside) is
 * HFA_ERR_INVALID with a message saying which: never cut, never shown. */
hfa_status hfa_read_token_file(const hfa_ctx *ctx, char **token,
                               hfa_error *err);

/* Checks that a string may be used as a token: non-empty, printable ASCII,
 * no blanks.  The message never quotes the token. */
hfa_status hfa_check_token(const char *token, hfa_error *err);

/* Checks that a string may be a token name: not empty, at most 256
 * bytes, well-formed UTF-8 without a control character (C0, DEL, C1), not
 * "DEFAULT".  A control character could end the [section] line of
 * stored_tokens; bytes that are not UTF-8 are a file configparser (and so
 * huggingface_hub) cannot read. */
hfa_status hfa_check_token_name(const char *name, hfa_error *err);

/* "hf_****abcd"; a token too short to show any of it safely gives "****".
 * Writes at most `size` bytes including the NUL. */
void hfa_mask_token(const char *token, char *masked, size_t size);

/* ---- The Hub --------------------------------------------------------- */

typedef struct {
    char *user;     /* "name" */
    char *fullname; /* may be NULL */
    char *type;     /* "user" or "org" */
    char **orgs;    /* orgs[].name */
    size_t org_count;
    char *token_name; /* auth.accessToken.displayName, may be NULL */
    char *token_role; /* auth.accessToken.role, may be NULL */
} hfa_whoami_info;

/*
 * GET {endpoint}/api/whoami-v2 with the token in an Authorization header
 * (never in the URL; no redirect is followed).  Blocks up to the context's
 * timeout.  Loads libcurl on first use.  Like every request, refused
 * before any connection (HFA_ERR_INVALID) when the endpoint is plain http
 * off the loopback (see hfa_ctx_set_endpoint()).
 */
hfa_status hfa_whoami_token(hfa_ctx *ctx, const char *token,
                            hfa_whoami_info *info, hfa_error *err);

/* hfa_whoami_token() with the current token (hfa_get_token()). */
hfa_status hfa_whoami(hfa_ctx *ctx, hfa_whoami_info *info, hfa_error *err);

void hfa_whoami_info_clear(hfa_whoami_info *info);

/* ---- The store ------------------------------------------------------- */

/* Names and everything else read from stored_tokens are untrusted text:
 * show them through hfa_safe_text(). */
typedef struct {
    char *name;
    char masked[32];
    bool active; /* equal to the active token file */
    bool has_expiry;
    int64_t expires_at; /* unix seconds, when has_expiry */
    bool has_refresh_token;
    /* Equal to the token in use: HF_TOKEN, else HUGGING_FACE_HUB_TOKEN,
     * else the active token file (hfa_get_token()'s precedence).  What
     * `hf auth list` marks with '*'. */
    bool in_use;
} hfa_token_entry;

typedef struct {
    hfa_token_entry *entries; /* in the file's order, as hf auth lists */
    size_t count;
    bool active_found; /* some entry matches the token file */
    bool in_use_found; /* some entry is the token in use */
} hfa_token_list;

/* Reads stored_tokens, the active token file and the environment's token
 * (for in_use); no full token leaves.  A missing stored_tokens is an empty
 * list.  Each value is cleaned as huggingface_hub cleans a token it reads
 * back; an entry whose value cannot be a token is listed with `masked`
 * "<invalid>".  Never waits for the lock: it
 * takes it only when it is free and a killed writer left a change half
 * done, to finish or undo it. */
hfa_status hfa_auth_list(hfa_ctx *ctx, hfa_token_list *list, hfa_error *err);
void hfa_token_list_clear(hfa_token_list *list);

/* The token stored under `name`, cleaned, in *token (free with
 * hfa_secret_free()); HFA_ERR_NOT_FOUND when there is no such entry,
 * HFA_ERR_STORE naming it when its value cannot be a token.  Takes no
 * lock. */
hfa_status hfa_get_stored_token(hfa_ctx *ctx, const char *name, char **token,
                                hfa_error *err);

/* The name of the stored token equal to the active token file, in *name
 * (malloc'd: free() it), or NULL when none is.  Takes no lock. */
hfa_status hfa_active_token_name(hfa_ctx *ctx, char **name, hfa_error *err);

/*
 * Saves `token` under `name` in stored_tokens (keeping any other key of an
 * existing section except a stale refresh_token/expires_at, which a new
 * token replaces) and makes it the active token.  Under the lock; atomic.
 * `refresh_token` may be NULL; `expires_at` 0 means no expiry.  With a
 * refresh token, the context's endpoint is recorded as the Hub that
 * issued it (key `endpoint`), the only one it will be sent to.
 */
hfa_status hfa_store_token(hfa_ctx *ctx, const char *name, const char *token,
                           const char *refresh_token, int64_t expires_at,
                           hfa_error *err);

/* What happened with git during a login, logout or switch. */
typedef enum {
    HFA_GIT_NOT_ASKED = 0,
    HFA_GIT_DONE,      /* git approved (or rejected) the credential */
    HFA_GIT_NO_HELPER, /* no credential.helper: nothing done */
    HFA_GIT_FAILED,    /* git failed or timed out */
} hfa_git_outcome;

/* The same shape for login, logout and switch: the outcome and one
 * sentence fit to show a person (which helpers took the token, that no
 * helper is configured and how to set one, or why git failed); empty for
 * HFA_GIT_NOT_ASKED.  Never holds the token. */
typedef struct {
    hfa_git_outcome outcome;
    char message[sizeof(((hfa_error *)0)->message)];
} hfa_git_result;

typedef struct {
    hfa_whoami_info who;
    char *token_name; /* the name it was saved under */
    hfa_git_result git;
} hfa_login_result;

enum {
    HFA_LOGIN_ADD_TO_GIT = 1u << 0,
    HFA_LOGIN_SKIP_IF_LOGGED_IN = 1u << 1,
};

/*
 * huggingface_hub's login(): refuses an api_org_ token (no network), asks
 * the Hub (whoami-v2), saves the token under its displayName (or
 * oauth-<user>), makes it active, then optionally approves it into git.
 * With HFA_LOGIN_SKIP_IF_LOGGED_IN and a current token, returns HFA_OK and
 * leaves result->token_name NULL without any request.
 */
hfa_status hfa_login(hfa_ctx *ctx, const char *token, unsigned flags,
                     hfa_login_result *result, hfa_error *err);
void hfa_login_result_clear(hfa_login_result *result);

/*
 * huggingface_hub's logout(): NULL name removes the active token file and
 * stored_tokens; a name removes that section (and the active token file when
 * it held that token).  HFA_ERR_NOT_FOUND for an unknown name.  Then
 * `git credential reject` for the endpoint when the token in use went (what
 * happened in *git, which may be NULL).  Never deletes a stored_tokens it
 * cannot parse.
 */
hfa_status hfa_logout(hfa_ctx *ctx, const char *name, hfa_git_result *git,
                      hfa_error *err);

/*
 * huggingface_hub's auth_switch(): writes the named stored token to the
 * active token file (atomic, under the lock), then optionally approves it
 * into git (what happened in *git, which may be NULL).
 */
hfa_status hfa_auth_switch(hfa_ctx *ctx, const char *name, bool add_to_git,
                           hfa_git_result *git, hfa_error *err);

/* ---- Browser login (OAuth device code, RFC 8628) and refresh ---------- */

typedef struct {
    char *device_code;
    char *user_code;
    char *verification_uri;
    char *verification_uri_complete; /* NULL when the Hub gives none */
    long expires_in;                 /* seconds, from the start */
    long interval;                   /* seconds between polls */
} hfa_device_code;

/* POST {endpoint}/oauth/device.  Blocks up to the context's timeout. */
hfa_status hfa_device_start(hfa_ctx *ctx, hfa_device_code *code,
                            hfa_error *err);
void hfa_device_code_clear(hfa_device_code *code);

typedef enum {
    HFA_DEVICE_PENDING = 0, /* not yet: wait code->interval, poll again */
    HFA_DEVICE_SLOW_DOWN,   /* code->interval grew by 5 s */
    HFA_DEVICE_DONE,        /* logged in: see the result */
} hfa_device_state;

/*
 * One POST {endpoint}/oauth/token for the device code.  Does not sleep: the
 * caller waits code->interval between calls and stops at code->expires_in.
 * A network error, a 5xx or bad JSON returns its network status: transient,
 * poll again.  HFA_ERR_AUTH_DENIED / HFA_ERR_AUTH_EXPIRED: stop.  On
 * HFA_DEVICE_DONE the token was checked with whoami-v2, saved as
 * oauth-<user> (or its displayName) with its refresh_token and expires_at,
 * and made active; `result` says under which name.
 */
hfa_status hfa_device_poll(hfa_ctx *ctx, hfa_device_code *code,
                           hfa_device_state *state, hfa_login_result *result,
                           hfa_error *err);

typedef enum {
    HFA_REFRESH_NOT_NEEDED = 0, /* no OAuth token, or far from expiry */
    HFA_REFRESH_DONE,           /* a new access token is active */
    HFA_REFRESH_BY_OTHER,       /* another process refreshed it first */
} hfa_refresh_outcome;

/*
 * Refreshes the active token when it is a stored OAuth token whose
 * expires_at is less than a day away: under huggingface_hub's refresh lock
 * (flock on stored_tokens.lock) and then the stored_tokens lock, both
 * within the lock timeout, after re-reading both files (so no two
 * processes, of either tool, spend the refresh token twice), POST
 * /oauth/token grant_type=refresh_token to the Hub that issued it (the
 * entry's `endpoint`, whatever the context's endpoint is); then the new
 * token, its expiry and (when rotated) its new refresh token replace the
 * old ones in both files.  An entry without `endpoint` is refreshed only
 * when the context's endpoint is the default Hub; otherwise nothing is
 * sent, and once it has expired HFA_ERR_AUTH_EXPIRED says to log in
 * again.  On failure nothing changes: HFA_ERR_AUTH_EXPIRED (invalid_grant:
 * log in again), HFA_ERR_STORE (a lock not had in time) or a network
 * status (retry later).  A token from HF_TOKEN is never refreshed.
 */
hfa_status hfa_refresh_if_expiring(hfa_ctx *ctx, hfa_refresh_outcome *outcome,
                                   hfa_error *err);

/* ---- git credentials -------------------------------------------------- */

/*
 * `git credential approve` with url=<endpoint>, username=hf_user and the
 * token, written on git's stdin (never argv).  git is killed after a bound.
 */
hfa_status hfa_git_credential_approve(hfa_ctx *ctx, const char *token,
                                      hfa_error *err);
hfa_status hfa_git_credential_reject(hfa_ctx *ctx, hfa_error *err);

/* The configured credential.helper values, in git's order (an empty value
 * resets the list, as git does).  Free with hfa_string_list_free(). */
hfa_status hfa_git_credential_helpers(hfa_ctx *ctx, char ***helpers,
                                      size_t *count, hfa_error *err);
void hfa_string_list_free(char **list, size_t count);

#ifdef __cplusplus
}
#endif
#endif /* HFAUTH_H */
