/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam-floor.c - a yardstick for tests/bench/pam.sh, never installed: the
 * least any session module can do to put a user's token file into HF_TOKEN
 * as docs/security.md asks ("reads user files with the user's uid, gid and
 * groups").  It looks the user up, looks the user's groups up, becomes the
 * user (fs gid, groups, fs uid) for one open and one read, comes back and
 * sets the variable, wiping its buffer.  Nothing else: no option, no path
 * resolution, no check of the file's type, owner or content, no step
 * checked.  Timed
 * beside pam_hfauth and pam_env, it shows how much of pam_hfauth's cost
 * any implementation would pay.
 *
 *     session optional pam_floor.so PATH [nogroups|lookup]
 *
 * nogroups leaves out the group lookup and the groups: the floor of a
 * module that read with the primary group only, which docs/security.md
 * does not allow (a folder that denies one of the user's groups would let
 * them in).
 * lookup stops after the user lookup (pam_modutil_getpwnam): no module
 * that knows whose file to read costs less.
 */
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <security/pam_modutil.h>

/* The calling thread's groups only, as pam_hfauth sets them. */
static long thread_setgroups(int count, const gid_t *groups)
{
#ifdef SYS_setgroups32
    return syscall(SYS_setgroups32, (size_t)count, groups);
#else
    return syscall(SYS_setgroups, (size_t)count, groups);
#endif
}

static ssize_t read_as_user(const struct passwd *pw, const char *path,
                            int use_groups, char *buf, size_t size)
{
    gid_t groups[64], old_groups[64];
    int count = 64, old_count = 0;
    uid_t old_fsuid;
    gid_t old_fsgid;
    ssize_t len = -1;
    int fd;

    if (use_groups) {
        if (getgrouplist(pw->pw_name, pw->pw_gid, groups, &count) < 0)
            return -1;
        old_count = getgroups(64, old_groups);
        if (old_count < 0)
            return -1;
    }
    old_fsgid = (gid_t)setfsgid(pw->pw_gid);
    if (use_groups)
        (void)thread_setgroups(count, groups);
    old_fsuid = (uid_t)setfsuid(pw->pw_uid);
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
        len = read(fd, buf, size - 1);
        close(fd);
    }
    (void)setfsuid(old_fsuid);
    if (use_groups)
        (void)thread_setgroups(old_count, old_groups);
    (void)setfsgid(old_fsgid);
    return len;
}

PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
                                   const char **argv)
{
    char entry[sizeof("HF_TOKEN=") + 4096] = "HF_TOKEN=";
    const size_t prefix = sizeof("HF_TOKEN=") - 1;
    const struct passwd *pw;
    const void *user = NULL;
    ssize_t len;

    (void)flags;
    if (argc < 1 || pam_get_item(pamh, PAM_USER, &user) != PAM_SUCCESS ||
        user == NULL)
        return PAM_IGNORE;
    pw = pam_modutil_getpwnam(pamh, user);
    if (pw == NULL || (argc > 1 && strcmp(argv[1], "lookup") == 0))
        return PAM_IGNORE;
    len = read_as_user(pw, argv[0],
                       !(argc > 1 && strcmp(argv[1], "nogroups") == 0),
                       entry + prefix, sizeof(entry) - prefix);
    if (len > 0) {
        entry[prefix + (size_t)len] = '\0';
        (void)pam_putenv(pamh, entry);
    }
    explicit_bzero(entry, sizeof(entry)); /* as any module must */
    return PAM_IGNORE;
}

PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
                                    const char **argv)
{
    (void)pamh;
    (void)flags;
    (void)argc;
    (void)argv;
    return PAM_SUCCESS;
}
