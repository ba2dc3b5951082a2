/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.c - error reporting, secret wiping, strings and buffers: the small
 * pieces every other file of the library leans on.
 */
#include "util.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 3, 0))) static void
set_message(hfa_error *err, hfa_status code, const char *fmt, va_list args)
{
    if (err == NULL)
        return;
    err->code = code;
    (void)vsnprintf(err->message, sizeof(err->message), fmt, args);
    /* Messages quote names, paths and what the Hub said: whatever the
     * caller shows it on, no control character of theirs reaches it. */
    hfa_safe_text(err->message, sizeof(err->message), err->message);
}

hfa_status hfai_fail(hfa_error *err, hfa_status code, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    set_message(err, code, fmt, args);
    va_end(args);
    return code;
}

hfa_status hfai_fail_errno(hfa_error *err, hfa_status code, int errnum,
                           const char *fmt, ...)
{
    if (err == NULL)
        return code;
    va_list args;
    va_start(args, fmt);
    set_message(err, code, fmt, args);
    va_end(args);
    size_t used = strlen(err->message);
    char reason[128];
    /* GNU strerror_r: the message may or may not land in `reason`. */
    const char *text = strerror_r(errnum, reason, sizeof(reason));
    snprintf(err->message + used, sizeof(err->message) - used, ": %s", text);
    hfa_safe_text(err->message, sizeof(err->message), err->message);
    return code;
}

hfa_status hfai_nomem(hfa_error *err)
{
    return hfai_fail(err, HFA_ERR_NOMEM, "out of memory");
}

bool hfa_status_is_network(hfa_status status)
{
    switch (status) {
    case HFA_ERR_UNREACHABLE:
    case HFA_ERR_TIMEOUT:
    case HFA_ERR_RATE_LIMITED:
    case HFA_ERR_SERVER:
    case HFA_ERR_BAD_ANSWER: return true;
    default: return false;
    }
}

const char *hfa_strerror(hfa_status status)
{
    switch (status) {
    case HFA_OK: return "success";
    case HFA_ERR_NOT_LOGGED_IN: return "not logged in";
    case HFA_ERR_NOT_FOUND: return "no stored token by that name";
    case HFA_ERR_INVALID: return "invalid argument";
    case HFA_ERR_STORE: return "the token files cannot be read or written";
    case HFA_ERR_PARSE: return "stored_tokens is malformed";
    case HFA_ERR_ORG_TOKEN: return "organization tokens cannot log in";
    case HFA_ERR_REJECTED: return "the Hub rejected the token";
    case HFA_ERR_UNREACHABLE: return "the Hub could not be reached";
    case HFA_ERR_TIMEOUT: return "the Hub did not answer in time";
    case HFA_ERR_RATE_LIMITED: return "the Hub is rate-limiting requests";
    case HFA_ERR_SERVER: return "the Hub answered with an error";
    case HFA_ERR_BAD_ANSWER: return "unexpected answer from the Hub";
    case HFA_ERR_GIT: return "git credential failed";
    case HFA_ERR_NOMEM: return "out of memory";
    case HFA_ERR_AUTH_DENIED: return "the browser login was denied";
    case HFA_ERR_AUTH_EXPIRED: return "the login or refresh grant expired";
    case HFA_ERR_UNSAFE_FILE: return "a file was refused as unsafe";
    case HFA_ERR_NO_LIBCURL: return "libcurl is not installed";
    }
    return "unknown status";
}

const char *hfa_version(void)
{
    return HFA_VERSION;
}

void hfa_string_list_free(char **list, size_t count)
{
    for (size_t i = 0; list != NULL && i < count; i++)
        free(list[i]);
    free(list);
}

void hfai_wipe(void *buf, size_t len)
{
    if (buf != NULL)
        explicit_bzero(buf, len);
}

void hfa_secret_free(char *secret)
{
    if (secret == NULL)
        return;
    hfai_wipe(secret, strlen(secret));
    free(secret);
}

char *hfai_asprintf(const char *fmt, ...)
{
    va_list args;
    char *out = NULL;
    va_start(args, fmt);
    if (vasprintf(&out, fmt, args) < 0)
        out = NULL;
    va_end(args);
    return out;
}

char *hfai_path_join(const char *dir, const char *name)
{
    size_t dir_len = strlen(dir);
    if (dir_len > 0 && dir[dir_len - 1] == '/')
        return hfai_asprintf("%s%s", dir, name);
    return hfai_asprintf("%s/%s", dir, name);
}

/* os.path.dirname: everything before the last '/', "" when there is none,
 * "/" for a file at the root. */
char *hfai_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

bool hfai_buf_append(hfai_buf *buf, const void *bytes, size_t len)
{
    if (len > SIZE_MAX / 2 - buf->len - 1)
        return false;
    if (buf->len + len + 1 > buf->cap) {
        size_t cap = buf->cap ? buf->cap : 256;
        while (cap < buf->len + len + 1)
            cap *= 2;
        char *grown = malloc(cap);
        if (grown == NULL)
            return false;
        /* Not realloc: the old block must be wiped before it is freed. */
        if (buf->data != NULL) {
            memcpy(grown, buf->data, buf->len);
            if (buf->secret)
                hfai_wipe(buf->data, buf->cap);
            free(buf->data);
        }
        buf->data = grown;
        buf->cap = cap;
    }
    memcpy(buf->data + buf->len, bytes, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

bool hfai_buf_puts(hfai_buf *buf, const char *s)
{
    return hfai_buf_append(buf, s, strlen(s));
}

void hfai_buf_free(hfai_buf *buf)
{
    if (buf->data != NULL && buf->secret)
        hfai_wipe(buf->data, buf->cap);
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}
