/* SPDX-License-Identifier: Apache-2.0 */
/*
 * privs.c - the privilege switch of the module: the calling thread becomes
 * the user (fs uid, fs gid, supplementary groups) and comes back, each
 * step checked.  read_token.c wraps the open of the user's token file in
 * it; validate.c takes the user's groups for its child from here.
 *
 * Why not pam_modutil_drop_priv, which does this for a whole process, and
 * why every step is read back, is below.
 */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "privs.h"

/*
 * Becoming the user, in this thread only.
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

    /* Room for one more than n: a thread with more groups fails the call
     * (EINVAL), one with fewer returns fewer; one system call either way. */
    now = malloc((2 * (size_t)n + 1) * sizeof(*now));
    if (now == NULL)
        return false;
    want = now + n + 1;
    if (getgroups(n + 1, now) == n) {
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
 * how the result is read back.  (The drop takes the id to restore from the
 * call that changes it.) */
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

static void privs_free(struct hfp_privs *p)
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
static bool privs_prepare(const struct hfp_args *args, struct hfp_privs *p)
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
    /* A login process often has no supplementary group: nothing to read. */
    p->old_ngroups = have > 0 ? getgroups(have, p->old_groups) : 0;
    return p->old_ngroups == have;
}

/* Any change of the fs uid makes the kernel clear the dumpable flag, and
 * regaining root does not set it back.  Once the process is all root
 * again only root could attach either way: put back what the host chose. */
static void restore_dumpable(const struct hfp_privs *p)
{
    if (p->dumpable >= 0)
        (void)prctl(PR_SET_DUMPABLE, p->dumpable);
}

/* Does nothing when the process is not root (it cannot switch, and reads
 * with its own rights) or the user is root, as pam_modutil_drop_priv. */
int hfp_privs_drop(const struct hfp_args *args, struct hfp_privs *p)
{
    const struct passwd *pw = args->pw;
    int saved;

    memset(p, 0, sizeof(*p));
    if (geteuid() != 0 || pw->pw_uid == 0)
        return 0;
    p->dumpable = prctl(PR_GET_DUMPABLE);
    if (!privs_prepare(args, p)) {
        saved = errno;
        privs_free(p);
        hfp_log(args, LOG_ERR, "cannot look up the groups of the user: %s",
                strerror(saved != 0 ? saved : ENOMEM));
        return -1;
    }
    /* Group first: once the fs uid is the user's, root's fs capabilities
     * are gone (CAP_SETGID stays, but keep the usual order). */
    p->old_fsgid = (gid_t)setfsgid(pw->pw_gid);
    if ((gid_t)setfsgid((gid_t)-1) != pw->pw_gid) {
        hfp_log(args, LOG_ERR, "setfsgid(%lu) failed",
                (unsigned long)pw->pw_gid);
        goto undo_gid;
    }
    if (thread_setgroups(p->ngroups, p->groups) != 0 ||
        !groups_are(p->ngroups, p->groups)) {
        hfp_log(args, LOG_ERR, "setting the user's %d groups failed: %s",
                p->ngroups, strerror(errno));
        goto undo_groups;
    }
    p->old_fsuid = (uid_t)setfsuid(pw->pw_uid);
    if ((uid_t)setfsuid((uid_t)-1) != pw->pw_uid) {
        hfp_log(args, LOG_ERR, "setfsuid(%lu) failed",
                (unsigned long)pw->pw_uid);
        (void)set_fsuid_checked(p->old_fsuid);
        goto undo_groups;
    }
    p->dropped = true;
    return 0;

undo_groups:
    (void)thread_setgroups(p->old_ngroups, p->old_groups);
undo_gid:
    (void)set_fsgid_checked(p->old_fsgid);
    restore_dumpable(p);
    privs_free(p);
    return -1;
}

/* Everything back as it was, each step checked; -1 when any step failed
 * (every step is tried anyway). */
int hfp_privs_regain(const struct hfp_args *args, struct hfp_privs *p)
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
    if (thread_setgroups(p->old_ngroups, p->old_groups) != 0 ||
        !groups_are(p->old_ngroups, p->old_groups)) {
        hfp_log(args, LOG_ERR, "cannot set the supplementary groups back: %s",
                strerror(errno));
        rc = -1;
    }
    p->dropped = false;
    privs_free(p);
    if (rc == 0)
        restore_dumpable(p);
    return rc;
}
