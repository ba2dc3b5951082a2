/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cache.c - per-user entries of the positive cache (see cache.h).
 *
 * The folder (default /run/hfauth, tmpfs, so a reboot empties it) belongs
 * to the login process's effective uid (root) and is 0700: only root reads
 * or writes entries, so a user cannot forge "my token was accepted".  It is
 * created when missing; an existing folder that is not ours or is open to
 * others is not used (and never re-moded: it may be an admin mistake worth
 * seeing in the log).  Entries are read with the same descriptor checks as
 * token files, written to a temporary name and renamed into place.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "log.h"

#define ENTRY_MAX 1024
#define ENTRY_MAGIC "hfauth-cache-1"

/* Opens the cache folder; -1 (debug-logged) when it cannot be used. */
static int open_dir(const struct hfp_args *args, bool create)
{
    const char *dir = args->opt.cache_dir;
    struct stat st;
    int fd;

    if (create && mkdir(dir, 0700) != 0 && errno != EEXIST) {
        hfp_debug(args, "cannot create cache folder %s: %s", dir,
                  strerror(errno));
        return -1;
    }
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        hfp_debug(args, "no cache folder %s: %s", dir, strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || st.st_uid != geteuid() ||
        (st.st_mode & 077) != 0) {
        hfp_log(args, LOG_WARNING,
                "cache folder %s is not a 0700 folder "
                "of uid %lu; not used",
                dir, (unsigned long)geteuid());
        close(fd);
        return -1;
    }
    return fd;
}

/* The entry's line for this file and these options. */
static int format_entry(const struct hfp_args *args, const struct stat *st,
                        const char *endpoint, time_t when, char *buf,
                        size_t size)
{
    return snprintf(
        buf, size, "%s %lu %d%d %ju %ju %jd %jd %ld %jd %s\n", ENTRY_MAGIC,
        (unsigned long)args->pw->pw_uid, args->opt.validate, args->opt.refresh,
        (uintmax_t)st->st_dev, (uintmax_t)st->st_ino, (intmax_t)st->st_size,
        (intmax_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec, (intmax_t)when,
        endpoint != NULL ? endpoint : "-");
}

static void entry_name(const struct hfp_args *args, char *buf, size_t size)
{
    snprintf(buf, size, "%lu", (unsigned long)args->pw->pw_uid);
}

bool hfp_cache_fresh(const struct hfp_args *args, const struct stat *st,
                     const char *endpoint)
{
    char name[32], have[ENTRY_MAX + 1], want[ENTRY_MAX];
    struct stat est;
    ssize_t n;
    intmax_t when, age;
    int dirfd, fd;
    bool fresh = false;

    if (args->opt.cache <= 0)
        return false;
    dirfd = open_dir(args, false);
    if (dirfd < 0)
        return false;
    entry_name(args, name, sizeof(name));
    fd = openat(dirfd, name,
                O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    close(dirfd);
    if (fd < 0) {
        hfp_debug(args, "no cache entry: %s", strerror(errno));
        return false;
    }
    if (fstat(fd, &est) != 0 || !S_ISREG(est.st_mode) ||
        est.st_uid != geteuid() || (est.st_mode & 077) != 0 ||
        est.st_size > ENTRY_MAX) {
        hfp_log(args, LOG_WARNING, "cache entry %s/%s is unsafe; ignored",
                args->opt.cache_dir, name);
        close(fd);
        return false;
    }
    n = read(fd, have, ENTRY_MAX);
    close(fd);
    if (n <= 0)
        return false;
    have[n] = '\0';

    /* The entry must be exactly the line this file and these options
     * would give at the time it names; the time must be recent and not in
     * the future (a clock set back would otherwise stretch it).  So the
     * number needs no range check here: an out-of-range one cannot give
     * back the same line.  NOLINTNEXTLINE(cert-err34-c) */
    if (sscanf(have, "%*s %*s %*s %*s %*s %*s %*s %*s %jd", &when) != 1)
        return false;
    if (format_entry(args, st, endpoint, (time_t)when, want, sizeof(want)) >=
            (int)sizeof(want) ||
        strcmp(want, have) != 0) {
        hfp_debug(args, "cache entry is for another token file or options");
        return false;
    }
    age = (intmax_t)time(NULL) - when;
    fresh = age >= 0 && age < args->opt.cache;
    hfp_debug(args, "cache entry %s (%jd s old)", fresh ? "fresh" : "stale",
              age);
    return fresh;
}

void hfp_cache_store(const struct hfp_args *args, const struct stat *st,
                     const char *endpoint)
{
    char name[32], tmp[64], line[ENTRY_MAX];
    int dirfd, fd, len, attempt;
    bool ok;

    if (args->opt.cache <= 0)
        return;
    len = format_entry(args, st, endpoint, time(NULL), line, sizeof(line));
    if (len < 0 || len >= (int)sizeof(line))
        return;
    dirfd = open_dir(args, true);
    if (dirfd < 0)
        return;
    entry_name(args, name, sizeof(name));
    /* The thread id keeps two logins of one process apart; a name left by
     * a killed process is removed once. */
    snprintf(tmp, sizeof(tmp), ".%s.%ld.tmp", name, (long)gettid());
    for (attempt = 0; attempt < 2; attempt++) {
        fd = openat(dirfd, tmp,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            break;
        (void)unlinkat(dirfd, tmp, 0);
    }
    if (fd < 0) {
        hfp_debug(args, "cannot write cache entry: %s", strerror(errno));
        close(dirfd);
        return;
    }
    ok = fchmod(fd, 0600) == 0 && write(fd, line, (size_t)len) == len;
    ok = close(fd) == 0 && ok;
    if (ok && renameat(dirfd, tmp, dirfd, name) == 0) {
        hfp_debug(args, "cache entry written");
    } else {
        hfp_debug(args, "cannot write cache entry: %s", strerror(errno));
        (void)unlinkat(dirfd, tmp, 0);
    }
    close(dirfd);
}
