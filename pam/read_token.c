/*
 * read_token.c - reads the user's active token file without trusting it.
 *
 * The login process is root; the file, every folder on its path and the
 * home itself are the user's to play with.  So (THREATS.md, PAM module):
 *
 *  - the open runs with the user's fs uid, gid and groups, set for the
 *    calling thread only (drop_to_user below, not pam_modutil_drop_priv:
 *    see there why), so a symlinked folder cannot make root read a file
 *    the user could not, and a root-squashed NFS home (where root is
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
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "read_token.h"
#include "text.h"

void hfp_token_free(char *token)
{
    if (token == NULL)
        return;
    explicit_bzero(token, strlen(token));
    free(token);
}

ssize_t hfp_token_clean(char *buf, size_t len)
{
    size_t i, n = 0, start = 0, width;
    const unsigned char *bytes = (const unsigned char *)buf;

    /* token.replace("\r", "").replace("\n", "") */
    for (i = 0; i < len; i++)
        /* The caller read these len bytes; the analyzer loses track.
         * NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
        if (buf[i] != '\r' && buf[i] != '\n')
            buf[n++] = buf[i];
    /* .strip(): every str.isspace() character, Unicode spaces included,
     * as the library and Python clean it. */
    while (n > start && (width = hfai_space_before(bytes + start,
                                                   bytes + n)) > 0)
        n -= width;
    while (start < n && (width = hfai_space_at(bytes + start,
                                               bytes + n)) > 0)
        start += width;
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

/*
 * Becoming the user for the open, in this thread only.
 *
 * pam_modutil_drop_priv sets the fs uid and gid (per thread) but the
 * supplementary groups with initgroups() and regains them with
 * setgroups(), and glibc's setgroups()/initgroups() change the groups of
 * EVERY thread of the process (glibc broadcasts the change so that the
 * process follows POSIX, where credentials belong to the process).  In a
 * host that opens sessions from several threads at once, one thread then
 * reads user A's file with user B's groups (a file only A's group may
 * reach is refused; one B's group may reach is opened), and a thread may
 * "restore" groups it saved while another thread had set a user's,
 * leaving the whole root process in that user's groups
 * (tests/load/test-pam-threads.sh showed both).
 *
 * The kernel keeps credentials per thread, so the groups are set with the
 * raw system call, which changes the calling thread only.  glibc's
 * setfsuid()/setfsgid() and getgroups() are plain system calls already
 * (no broadcast), so they are kept: that also lets a test program
 * interpose setfsuid (tests/pam/pam_app -R).  Each step is checked (the fs
 * ids by a second call, which returns the id in force; the groups by
 * reading them back) and undone on failure, as pam_modutil_drop_priv does.
 */
struct thread_privs {
    bool dropped;
    uid_t old_fsuid;
    gid_t old_fsgid;
    int old_ngroups;
    gid_t *old_groups;      /* this thread's groups before the drop */
    int ngroups;
    gid_t *groups;          /* the user's groups */
};

static int thread_setgroups(int n, const gid_t *list)
{
#ifdef SYS_setgroups32
    /* 32-bit x86 and arm: the 16-bit-gid call is SYS_setgroups there. */
    return (int)syscall(SYS_setgroups32, (size_t)n, list);
#else
    return (int)syscall(SYS_setgroups, (size_t)n, list);
#endif
}

static int gid_order(const void *a, const void *b)
{
    gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

    return x < y ? -1 : x > y;
}

/* This thread's groups are list[0..n), in any order (the kernel sorts
 * them). */
static bool groups_are(int n, const gid_t *list)
{
    gid_t *now, *want;
    bool same = false;

    if (getgroups(0, NULL) != n)
        return false;
    if (n == 0)
        return true;
    now = malloc(2 * (size_t)n * sizeof(*now));
    if (now == NULL)
        return false;
    want = now + n;
    if (getgroups(n, now) == n) {
        memcpy(want, list, (size_t)n * sizeof(*want));
        qsort(now, (size_t)n, sizeof(*now), gid_order);
        qsort(want, (size_t)n, sizeof(*want), gid_order);
        same = memcmp(now, want, (size_t)n * sizeof(*now)) == 0;
    }
    free(now);
    return same;
}

/* setfsuid() returns the fs uid in force before the call, never an error;
 * an invalid id (-1) changes nothing and costs no credential copy, so it is
 * how the result is read back. */
static bool set_fsuid_checked(uid_t uid)
{
    (void)setfsuid(uid);
    return (uid_t)setfsuid((uid_t)-1) == uid;
}

static bool set_fsgid_checked(gid_t gid)
{
    (void)setfsgid(gid);
    return (gid_t)setfsgid((gid_t)-1) == gid;
}

static void privs_free(struct thread_privs *p)
{
    free(p->old_groups);
    free(p->groups);
    p->old_groups = p->groups = NULL;
}

bool hfp_user_groups(const struct hfp_args *args, gid_t **groups, int *count)
{
    int n = HFP_GROUPS_GUESS;
    gid_t *g;

    /* Each getgrouplist() call is a full group database lookup (the
     * costliest step of a session), so the first call has room for more
     * groups than most users have; a bigger list takes a second call with
     * the size it reported, and the loop covers the database changing
     * between the two. */
    for (;;) {
        int want = n;
        g = realloc(*groups, (size_t)want * sizeof(*g));
        if (g == NULL)
            return false;
        *groups = g;
        if (getgrouplist(args->pw->pw_name, args->pw->pw_gid, g, &n) >= 0)
            break;
        if (n <= want)
            n = want * 2;
        if (n > 65536)
            return false;
    }
    *count = n;
    return true;
}

/* The user's groups (NSS lookups) and this thread's current ones: all
 * gathered before anything changes. */
static bool privs_prepare(const struct hfp_args *args, struct thread_privs *p)
{
    int have;

    if (!hfp_user_groups(args, &p->groups, &p->ngroups))
        return false;
    have = getgroups(0, NULL);
    if (have < 0)
        return false;
    /* At least one element: malloc(0) may return NULL. */
    p->old_groups = malloc((size_t)(have > 0 ? have : 1) * sizeof(gid_t));
    if (p->old_groups == NULL)
        return false;
    p->old_ngroups = getgroups(have, p->old_groups);
    return p->old_ngroups == have;
}

/* Does nothing when the process is not root (it cannot switch, and reads
 * with its own rights) or the user is root, as pam_modutil_drop_priv. */
static int drop_to_user(const struct hfp_args *args, struct thread_privs *p)
{
    const struct passwd *pw = args->pw;
    int saved;

    memset(p, 0, sizeof(*p));
    if (geteuid() != 0 || pw->pw_uid == 0)
        return 0;
    if (!privs_prepare(args, p)) {
        saved = errno;
        privs_free(p);
        hfp_log(args, LOG_ERR, "cannot look up the groups of the user: %s",
                strerror(saved != 0 ? saved : ENOMEM));
        return -1;
    }
    /* Group first: once the fs uid is the user's, root's fs capabilities
     * are gone (CAP_SETGID stays, but keep the usual order). */
    p->old_fsgid = (gid_t)setfsgid((gid_t)-1);
    if (!set_fsgid_checked(pw->pw_gid)) {
        hfp_log(args, LOG_ERR, "setfsgid(%lu) failed", (unsigned long)pw->pw_gid);
        goto undo_gid;
    }
    if (thread_setgroups(p->ngroups, p->groups) != 0
        || !groups_are(p->ngroups, p->groups)) {
        hfp_log(args, LOG_ERR, "setting the user's %d groups failed: %s",
                p->ngroups, strerror(errno));
        goto undo_groups;
    }
    p->old_fsuid = (uid_t)setfsuid((uid_t)-1);
    if (!set_fsuid_checked(pw->pw_uid)) {
        hfp_log(args, LOG_ERR, "setfsuid(%lu) failed", (unsigned long)pw->pw_uid);
        (void)set_fsuid_checked(p->old_fsuid);
        goto undo_groups;
    }
    p->dropped = true;
    return 0;

undo_groups:
    (void)thread_setgroups(p->old_ngroups, p->old_groups);
undo_gid:
    (void)set_fsgid_checked(p->old_fsgid);
    privs_free(p);
    return -1;
}

/* Everything back as it was, each step checked; -1 when any step failed
 * (every step is tried anyway). */
static int regain(const struct hfp_args *args, struct thread_privs *p)
{
    int rc = 0;

    if (!p->dropped)
        return 0;
    if (!set_fsuid_checked(p->old_fsuid)) {
        hfp_log(args, LOG_ERR, "cannot set the fs uid back to %lu",
                (unsigned long)p->old_fsuid);
        rc = -1;
    }
    if (!set_fsgid_checked(p->old_fsgid)) {
        hfp_log(args, LOG_ERR, "cannot set the fs gid back to %lu",
                (unsigned long)p->old_fsgid);
        rc = -1;
    }
    if (thread_setgroups(p->old_ngroups, p->old_groups) != 0
        || !groups_are(p->old_ngroups, p->old_groups)) {
        hfp_log(args, LOG_ERR, "cannot set the supplementary groups back: %s",
                strerror(errno));
        rc = -1;
    }
    p->dropped = false;
    privs_free(p);
    return rc;
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

/* Still with the user's fs ids, after `path` was not found: the first of
 * `others` that is a non-empty regular file of the user, or -1.  lstat
 * only: nothing is opened, no link followed. */
static int find_elsewhere(const struct hfp_args *args,
                          const char *const *others, size_t count)
{
    struct stat st;
    size_t i;

    for (i = 0; i < count; i++)
        if (lstat(others[i], &st) == 0 && S_ISREG(st.st_mode)
            && st.st_uid == args->pw->pw_uid && st.st_size > 0)
            return (int)i;
    return -1;
}

enum hfp_read_result hfp_read_token(const struct hfp_args *args,
                                    const char *path, char **token,
                                    struct stat *st)
{
    return hfp_read_token_or_find(args, path, NULL, 0, token, st, NULL);
}

enum hfp_read_result hfp_read_token_or_find(const struct hfp_args *args,
                                            const char *path,
                                            const char *const *others,
                                            size_t count, char **token,
                                            struct stat *st, int *found)
{
    struct thread_privs privs;
    char buf[HFP_TOKEN_MAX + 1];
    struct raw_read r;
    enum hfp_read_result result;
    ssize_t len;
    int dumpable = prctl(PR_GET_DUMPABLE);
    int elsewhere = -1;

    *token = NULL;
    if (found != NULL)
        *found = -1;
    memset(&r, 0, sizeof(r));
    /* The fs uid and gid and the supplementary groups of this thread
     * become the user's, each step checked and undone on failure; nothing
     * happens when the process is not root or the user is. */
    if (drop_to_user(args, &privs) != 0) {
        hfp_log(args, LOG_ERR, "cannot switch to the user to read %s; "
                "HF_TOKEN not set", path);
        return HFP_READ_ERROR;
    }
    read_raw(args, path, buf, &r);
    if (r.open_errno == ENOENT || r.open_errno == ENOTDIR)
        elsewhere = find_elsewhere(args, others, count);
    if (regain(args, &privs) != 0) {
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

    if (found != NULL)
        *found = elsewhere;
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
