/* SPDX-License-Identifier: Apache-2.0 */
/*
 * token.c - the leaf: what a token and a token name may hold, masking,
 * cleaning as huggingface_hub cleans, and the safe reader of a user's
 * file that the PAM module, the Slurm plugin and the library share.
 * Nothing here knows of contexts, the store or the network (token.h).
 */
#include "token.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOKEN_MAX HFAI_TOKEN_FILE_MAX
/* Python saves a name of any length: the cap only bounds memory. */
#define NAME_MAX_BYTES 4096

hfa_status hfa_check_token(const char *token, hfa_error *err)
{
    size_t len = token ? strlen(token) : 0;
    if (len == 0)
        return hfai_fail(err, HFA_ERR_INVALID, "the token is empty");
    if (len > TOKEN_MAX)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "the token is too long (%zu bytes; at most %d)", len,
                         TOKEN_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)token[i];
        /* Printable ASCII without blanks: anything else could split an
         * HTTP header, a shell word or a line of the token file.  No '='
         * either (no Hub token has one): whatever parses an environment
         * or a NAME=value line never sees a second name in a token. */
        if (c <= ' ' || c >= 0x7f || c == '=')
            return hfai_fail(err, HFA_ERR_INVALID,
                             "the token holds a blank, control, non-ASCII or "
                             "'=' character at position %zu; tokens never do",
                             i + 1);
    }
    return HFA_OK;
}

hfa_status hfa_check_token_name(const char *name, hfa_error *err)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0)
        return hfai_fail(err, HFA_ERR_INVALID, "the token name is empty");
    if (len > NAME_MAX_BYTES)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "the token name is too long (%zu bytes; at most %d)",
                         len, NAME_MAX_BYTES);
    const unsigned char *bytes = (const unsigned char *)name;
    for (size_t i = 0; i < len;) {
        size_t width = hfai_utf8_char(bytes + i, len - i);
        /* A control character could end the [section] line and start
         * another section or key in stored_tokens; a raw byte that is not
         * UTF-8 (0x9B is a C1 CSI to an 8-bit terminal) makes a file
         * configparser refuses. */
        if (width == 0)
            return hfai_fail(err, HFA_ERR_INVALID,
                             "the token name holds a byte that is not UTF-8 "
                             "(byte %zu); rename the token on the Hub",
                             i + 1);
        if (hfai_is_control(bytes + i, width))
            return hfai_fail(err, HFA_ERR_INVALID,
                             "the token name holds a control character "
                             "(byte %zu); rename the token on the Hub",
                             i + 1);
        i += width;
    }
    /* configparser reads [DEFAULT] as defaults for every other section. */
    if (strcmp(name, "DEFAULT") == 0)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "a token cannot be named DEFAULT: configparser "
                         "reserves that section; rename the token on the Hub");
    return HFA_OK;
}

void hfa_mask_token(const char *token, char *masked, size_t size)
{
    size_t len = strlen(token);
    /* Show 3 + 4 characters only when most of the token stays hidden. */
    if (len >= 14)
        snprintf(masked, size, "%.3s****%s", token, token + len - 4);
    else
        snprintf(masked, size, "****");
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

hfa_status hfai_token_from_bytes(const char *data, size_t len, const char *what,
                                 char **token, hfa_error *err)
{
    *token = NULL;
    /* Python reads the file as UTF-8 text and keeps a NUL: no stored
     * entry then matches it.  Cutting at the NUL would make a token of
     * what Python sees as something else, so both are refused by name. */
    if (memchr(data, '\0', len) != NULL)
        return hfai_fail(err, HFA_ERR_INVALID, "%s holds a NUL byte", what);
    if (!hfai_utf8_valid((const unsigned char *)data, len))
        return hfai_fail(err, HFA_ERR_INVALID, "%s is not UTF-8", what);
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return hfai_nomem(err);
    memcpy(copy, data, len);
    copy[len] = '\0';
    hfai_clean_token(copy);
    hfa_error why;
    if (copy[0] == '\0') {
        free(copy);
        return HFA_OK;
    }
    if (hfa_check_token(copy, &why) != HFA_OK) {
        hfa_secret_free(copy);
        return hfai_fail(err, HFA_ERR_INVALID, "%s does not hold a valid token",
                         what);
    }
    *token = copy;
    return HFA_OK;
}

/* Why an open descriptor may not be read, or NULL. */
static const char *file_refusal(const struct stat *st, uid_t owner, size_t max,
                                char *reason, size_t size)
{
    if (!S_ISREG(st->st_mode))
        return "is not a regular file";
    if (st->st_uid != owner)
        return "is not owned by the user";
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
        return "is writable by group or others";
    if ((unsigned long long)st->st_size > max) {
        snprintf(reason, size, "is larger than %zu bytes", max);
        return reason;
    }
    return NULL;
}

/* At most max + 1 bytes from fd into buf (of max + 1 bytes): one more
 * than allowed, to notice a file that grew after the fstat. */
static ssize_t read_bounded(int fd, char *buf, size_t max)
{
    size_t used = 0;
    while (used <= max) {
        ssize_t got = read(fd, buf + used, max + 1 - used);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        used += (size_t)got;
    }
    return (ssize_t)used;
}

static hfa_status open_failed(const char *path, const char *what, int errnum,
                              hfa_error *err)
{
    if (errnum == ENOENT || errnum == ENOTDIR)
        return HFA_OK;
    if (errnum == ELOOP)
        return hfai_fail(err, HFA_ERR_UNSAFE_FILE, "%s %s is a symbolic link",
                         what, path);
    return hfai_fail_errno(err, HFA_ERR_STORE, errnum, "cannot open %s %s",
                           what, path);
}

hfa_status hfai_read_owned_file(const char *path, const char *what, uid_t owner,
                                size_t max, char **data, size_t *len,
                                struct stat *st, hfa_error *err)
{
    *data = NULL;
    *len = 0;
    int fd =
        open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return open_failed(path, what, errno, err);
    struct stat file_st;
    char reason[64];
    const char *refusal = NULL;
    if (fstat(fd, &file_st) != 0) {
        int saved = errno;
        close(fd);
        return hfai_fail_errno(err, HFA_ERR_STORE, saved, "cannot read %s %s",
                               what, path);
    }
    refusal = file_refusal(&file_st, owner, max, reason, sizeof(reason));
    if (refusal != NULL) {
        close(fd);
        return hfai_fail(err, HFA_ERR_UNSAFE_FILE, "%s %s %s", what, path,
                         refusal);
    }
    char *buf = max < SIZE_MAX - 1 ? malloc(max + 2) : NULL;
    if (buf == NULL) {
        close(fd);
        return hfai_nomem(err);
    }
    ssize_t got = read_bounded(fd, buf, max);
    int saved = errno;
    close(fd);
    if (got < 0 || (size_t)got > max) {
        hfai_wipe(buf, max + 2);
        free(buf);
        return got < 0 ? hfai_fail_errno(err, HFA_ERR_STORE, saved,
                                         "cannot read %s %s", what, path)
                       : hfai_fail(err, HFA_ERR_UNSAFE_FILE,
                                   "%s %s is larger than %zu bytes", what, path,
                                   max);
    }
    buf[got] = '\0';
    *data = buf;
    *len = (size_t)got;
    if (st != NULL)
        *st = file_st;
    return HFA_OK;
}

hfa_status hfai_token_from_file(char *data, size_t len, const char *kind,
                                const char *path, char **token, hfa_error *err)
{
    char *what = hfai_asprintf("%s %s", kind, path);
    hfa_status status = what
                            ? hfai_token_from_bytes(data, len, what, token, err)
                            : hfai_nomem(err);
    free(what);
    hfai_wipe(data, len);
    free(data);
    return status;
}

hfa_status hfai_read_owned_token(const char *path, uid_t owner, char **token,
                                 struct stat *st, hfa_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *token = NULL;
    hfa_status status = hfai_read_owned_file(
        path, "token file", owner, HFAI_TOKEN_FILE_MAX, &data, &len, st, err);
    if (status != HFA_OK || data == NULL)
        return status;
    return hfai_token_from_file(data, len, "token file", path, token, err);
}
