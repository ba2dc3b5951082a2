/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.c - error reporting, secret wiping, strings and buffers: the small
 * pieces every other file of the library leans on.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 3, 0)))
static void set_message(hfa_error *err, hfa_status code, const char *fmt,
                        va_list args)
{
    if (err == NULL)
        return;
    err->code = code;
    (void)vsnprintf(err->message, sizeof(err->message), fmt, args);
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
    case HFA_ERR_BAD_ANSWER:
        return true;
    default:
        return false;
    }
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

char *hfai_strdup(const char *s)
{
    return s == NULL ? NULL : strdup(s);
}

char *hfai_strndup(const char *s, size_t n)
{
    return strndup(s, n);
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

/* Length of the whitespace character (str.isspace()) starting at p. */
size_t hfai_space_at(const unsigned char *p, const unsigned char *end)
{
    size_t left = (size_t)(end - p);
    if (left == 0)
        return 0;
    if ((p[0] >= '\t' && p[0] <= '\r') || p[0] == ' ' ||
        (p[0] >= 0x1c && p[0] <= 0x1f))
        return 1;
    if (left >= 2 && p[0] == 0xc2 && (p[1] == 0x85 || p[1] == 0xa0))
        return 2;
    if (left >= 3) {
        if (p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80)
            return 3;
        if (p[0] == 0xe2 && p[1] == 0x80 &&
            ((p[2] >= 0x80 && p[2] <= 0x8a) || p[2] == 0xa8 ||
             p[2] == 0xa9 || p[2] == 0xaf))
            return 3;
        if (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f)
            return 3;
        if (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80)
            return 3;
    }
    return 0;
}

/* Length of the whitespace character ending just before `end`. */
size_t hfai_space_before(const unsigned char *start, const unsigned char *end)
{
    for (size_t width = 1; width <= 3; width++) {
        if ((size_t)(end - start) >= width &&
            hfai_space_at(end - width, end) == width)
            return width;
    }
    return 0;
}

char *hfai_clean_token(char *token)
{
    size_t original_len = strlen(token);
    char *write = token;
    for (const char *read = token; *read != '\0'; read++) {
        if (*read != '\r' && *read != '\n')
            *write++ = *read;
    }
    *write = '\0';
    /* Python's str.strip(): every str.isspace() character, Unicode
     * spaces included. */
    const unsigned char *start = (const unsigned char *)token;
    const unsigned char *end = start + strlen(token);
    size_t width;
    while ((width = hfai_space_at(start, end)) > 0)
        start += width;
    while (end > start && (width = hfai_space_before(start, end)) > 0)
        end -= width;
    size_t kept = (size_t)(end - start);
    if ((char *)start != token)
        memmove(token, start, kept);
    token[kept] = '\0';
    /* What the shift left behind the new end is still secret. */
    hfai_wipe(token + kept, original_len - kept);
    return token;
}
