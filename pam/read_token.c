/*
 * read_token.c - reads the user's active token file without trusting it.
 *
 * The login process is root; the file, every folder on its path and the
 * home itself are the user's to play with.  So (THREATS.md, PAM module):
 *
 *  - the open runs with the user's fs uid, gid and groups
 *    (pam_modutil_drop_priv), so a symlinked folder cannot make root read
 *    a file the user could not, and a root-squashed NFS home (where root is
 *    nobody) opens as it does for the user;
 *  - O_NOFOLLOW refuses a token file that is itself a symlink, O_NONBLOCK
 *    keeps a FIFO (or a leased file) from hanging the open, O_NOCTTY keeps
 *    a terminal from becoming ours, O_CLOEXEC keeps it from any child;
 *  - every decision comes from fstat of the open descriptor, never from the
 *    path: regular file, owned by the user, not group/world-writable, at
 *    most HFP_TOKEN_MAX bytes.  A FIFO, a device or a 10 GB sparse file is
 *    refused before a single byte is read;
 *  - then one bounded read, and the content must look like a token before
 *    it may become an environment value;
 *  - every buffer that held the content is wiped.
 *
 * Nothing here creates, modifies or chowns anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <syslog.h>
#include <unistd.h>

#include <security/pam_modutil.h>

#include "log.h"
#include "read_token.h"

void hfp_token_free(char *token)
{
    if (token == NULL)
        return;
    explicit_bzero(token, strlen(token));
    free(token);
}

/* Python's str.strip() set, as far as ASCII goes. */
static int is_py_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

ssize_t hfp_token_clean(char *buf, size_t len)
{
    size_t i, n = 0, start = 0;

    /* token.replace("\r", "").replace("\n", "") */
    for (i = 0; i < len; i++)
        if (buf[i] != '\r' && buf[i] != '\n')
            buf[n++] = buf[i];
    /* .strip() */
    while (n > 0 && is_py_space((unsigned char)buf[n - 1]))
        n--;
    while (start < n && is_py_space((unsigned char)buf[start]))
        start++;
    n -= start;
    memmove(buf, buf + start, n);
    explicit_bzero(buf + n, len - n);
    /* What may go into HF_TOKEN: printable ASCII, no blank (a token never
     * has one), no control character (a terminal escape or a second line),
     * no '=' (no NAME=value games with whatever parses the environment). */
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c <= ' ' || c > '~' || c == '=')
            return -1;
    }
    return (ssize_t)n;
}

/* What happened between drop and regain, decided on after regain. */
struct raw_read {
    int open_errno;        /* 0: opened */
    int read_errno;        /* 0: read to the end */
    bool too_big;          /* more than HFP_TOKEN_MAX bytes */
    bool checked;          /* passed the fstat checks, content in buf */
    const char *refusal;   /* why the descriptor was refused */
    struct stat st;
    size_t len;
};

/* The descriptor's checks.  NULL when it may be read. */
static const char *fd_refusal(const struct hfp_args *args,
                              const struct stat *st)
{
    if (!S_ISREG(st->st_mode))
        return "is not a regular file";
    if (st->st_uid != args->pw->pw_uid)
        return "is not owned by the user";
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) != 0)
        return "is writable by group or others";
    if (st->st_size > HFP_TOKEN_MAX)
        return "is larger than 4096 bytes";
    return NULL;
}

/* Runs with the user's fs ids: open, fstat, at most one bounded read
 * loop, close.  Nothing else, so no early return can skip the regain. */
static void read_raw(const struct hfp_args *args, const char *path, char *buf,
                     struct raw_read *r)
{
    int fd;
    ssize_t n;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC
                        | O_NOCTTY);
    if (fd < 0) {
        r->open_errno = errno;
        return;
    }
    if (fstat(fd, &r->st) != 0) {
        r->read_errno = errno;
        close(fd);
        return;
    }
    r->refusal = fd_refusal(args, &r->st);
    if (r->refusal == NULL) {
        /* The file may grow between fstat and read: read one byte more
         * than allowed to notice. */
        while (r->len <= HFP_TOKEN_MAX) {
            n = read(fd, buf + r->len, HFP_TOKEN_MAX + 1 - r->len);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                r->read_errno = errno;
                break;
            }
            if (n == 0)
                break;
            r->len += (size_t)n;
        }
        r->too_big = r->len > HFP_TOKEN_MAX;
        r->checked = r->read_errno == 0 && !r->too_big;
    }
    close(fd);
}

static enum hfp_read_result open_failed(const struct hfp_args *args,
                                        const char *path, int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        hfp_debug(args, "no token file %s", path);
        return HFP_READ_NONE;
    case ELOOP:
        hfp_log(args, LOG_WARNING,
                "token file %s is a symbolic link; HF_TOKEN not set", path);
        hfp_tell_user(args, "Hugging Face token file %s is a symbolic link; "
                            "HF_TOKEN not set.", path);
        return HFP_READ_REFUSED;
    default:
        hfp_log(args, LOG_WARNING, "cannot open token file %s: %s; "
                "HF_TOKEN not set", path, strerror(err));
        return HFP_READ_ERROR;
    }
}

enum hfp_read_result hfp_read_token(const struct hfp_args *args,
                                    const char *path, char **token,
                                    struct stat *st)
{
    PAM_MODUTIL_DEF_PRIVS(privs);
    char buf[HFP_TOKEN_MAX + 1];
    struct raw_read r;
    enum hfp_read_result result;
    ssize_t len;
    int dumpable = prctl(PR_GET_DUMPABLE);

    *token = NULL;
    memset(&r, 0, sizeof(r));
    /* pam_modutil_drop_priv sets the fs uid and gid and the supplementary
     * groups (initgroups), checking each step and undoing it on failure;
     * it does nothing when the process is not root or the user is. */
    if (pam_modutil_drop_priv(args->pamh, &privs, args->pw) != 0) {
        hfp_log(args, LOG_ERR, "cannot switch to the user to read %s; "
                "HF_TOKEN not set", path);
        return HFP_READ_ERROR;
    }
    read_raw(args, path, buf, &r);
    if (pam_modutil_regain_priv(args->pamh, &privs) != 0) {
        explicit_bzero(buf, sizeof(buf));
        hfp_log(args, LOG_CRIT, "cannot restore the login process's own "
                "ids after reading %s", path);
        return HFP_READ_FATAL;
    }
    /* Any change of the fs uid makes the kernel clear the dumpable flag,
     * and regaining root does not set it back.  The process is all root
     * again, so only root could attach either way: restore what the host
     * chose (THREATS.md: the dumpable flag is as it was). */
    if (dumpable >= 0)
        (void)prctl(PR_SET_DUMPABLE, dumpable);

    if (r.open_errno != 0)
        return open_failed(args, path, r.open_errno);
    if (r.refusal != NULL) {
        hfp_log(args, LOG_WARNING, "token file %s %s; HF_TOKEN not set",
                path, r.refusal);
        hfp_tell_user(args, "Hugging Face token file %s %s; HF_TOKEN not "
                      "set.", path, r.refusal);
        return HFP_READ_REFUSED;
    }
    if (r.too_big) {
        explicit_bzero(buf, sizeof(buf));
        hfp_log(args, LOG_WARNING, "token file %s is larger than 4096 "
                "bytes; HF_TOKEN not set", path);
        hfp_tell_user(args, "Hugging Face token file %s is larger than 4096 "
                      "bytes; HF_TOKEN not set.", path);
        return HFP_READ_REFUSED;
    }
    if (!r.checked) {
        explicit_bzero(buf, sizeof(buf));
        hfp_log(args, LOG_WARNING, "cannot read token file %s: %s; "
                "HF_TOKEN not set", path, strerror(r.read_errno));
        return HFP_READ_ERROR;
    }

    len = hfp_token_clean(buf, r.len);
    if (len < 0) {
        hfp_log(args, LOG_WARNING, "token file %s does not hold a valid "
                "token; HF_TOKEN not set", path);
        hfp_tell_user(args, "Hugging Face token file %s does not hold a "
                      "valid token; HF_TOKEN not set.", path);
        result = HFP_READ_REFUSED;
    } else if (len == 0) {
        hfp_debug(args, "token file %s is empty", path);
        result = HFP_READ_NONE;
    } else if ((*token = strndup(buf, (size_t)len)) == NULL) {
        hfp_log(args, LOG_ERR, "out of memory reading %s", path);
        result = HFP_READ_ERROR;
    } else {
        *st = r.st;
        result = HFP_READ_TOKEN;
    }
    explicit_bzero(buf, sizeof(buf));
    return result;
}
