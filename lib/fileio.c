/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fileio.c - how the library touches files: bounded reads of regular files,
 * atomic replacement (temp file, fsync, rename, fsync the folder), folder
 * creation that never re-modes what exists, and the stored_tokens lock.
 */
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The usual cause of "permission denied" in one's own store is an earlier
 * `sudo hf-auth login`: files or folders owned by root inside a folder of
 * the user's.  Walks up from `path` to the topmost path owned by someone
 * else right below a folder of the user's.  A tree that is not below one
 * of the user's folders (a shared, root-owned HF_HOME) never earns a chown
 * hint. */
static bool find_foreign_owned(const char *path, char **culprit,
                               struct stat *culprit_st)
{
    char *current = strdup(path);
    while (current != NULL && strcmp(current, "/") != 0 &&
           strcmp(current, ".") != 0) {
        struct stat st, parent_st;
        char *parent = hfai_dirname(current);
        if (parent == NULL)
            break;
        if (stat(current, &st) == 0 && st.st_uid == geteuid()) {
            free(parent);
            break; /* ours: the problem is not ownership */
        }
        /* The topmost foreign path below one of the user's own folders. */
        if (stat(current, &st) == 0 && stat(parent, &parent_st) == 0 &&
            parent_st.st_uid == geteuid()) {
            free(parent);
            *culprit = current;
            *culprit_st = st;
            return true;
        }
        free(current);
        current = parent;
    }
    free(current);
    return false;
}

static hfa_status fail_access(hfa_error *err, int errnum, const char *what,
                              const char *path)
{
    char *culprit = NULL;
    struct stat st;
    if ((errnum == EACCES || errnum == EPERM) &&
        find_foreign_owned(path, &culprit, &st)) {
        hfai_fail(err, HFA_ERR_STORE,
                  "cannot %s %s: permission denied; %s belongs to uid %u "
                  "(an earlier `sudo hf-auth login`?): fix it with "
                  "`sudo chown %s%u %s`",
                  what, path, culprit, (unsigned)st.st_uid,
                  S_ISDIR(st.st_mode) ? "-R " : "", (unsigned)geteuid(),
                  culprit);
        free(culprit);
        return HFA_ERR_STORE;
    }
    return hfai_fail_errno(err, HFA_ERR_STORE, errnum, "cannot %s %s", what,
                           path);
}

hfa_status hfai_read_file(const char *path, size_t max, bool secret,
                          bool missing_ok, char **data, size_t *len,
                          hfa_error *err)
{
    *data = NULL;
    if (len != NULL)
        *len = 0;
    /* O_NONBLOCK: a FIFO in place of the file must not hang the command. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT && missing_ok)
            return HFA_OK;
        return fail_access(err, errno, "read", path);
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int saved = errno;
        close(fd);
        return hfai_fail_errno(err, HFA_ERR_STORE, saved, "cannot read %s",
                               path);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return hfai_fail(err, HFA_ERR_STORE, "%s is not a regular file", path);
    }
    if ((size_t)st.st_size > max) {
        close(fd);
        return hfai_fail(err, HFA_ERR_STORE,
                         "%s is too large (%lld bytes; at most %zu)", path,
                         (long long)st.st_size, max);
    }
    hfai_buf buf = {.secret = secret};
    char chunk[4096];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int saved = errno;
            close(fd);
            hfai_wipe(chunk, sizeof(chunk));
            hfai_buf_free(&buf);
            return hfai_fail_errno(err, HFA_ERR_STORE, saved, "cannot read %s",
                                   path);
        }
        if (got == 0)
            break;
        if (buf.len + (size_t)got > max ||
            !hfai_buf_append(&buf, chunk, (size_t)got)) {
            close(fd);
            hfai_wipe(chunk, sizeof(chunk));
            bool too_large = buf.len + (size_t)got > max;
            hfai_buf_free(&buf);
            return too_large ? hfai_fail(err, HFA_ERR_STORE,
                                         "%s grew too large while read", path)
                             : hfai_nomem(err);
        }
    }
    close(fd);
    hfai_wipe(chunk, sizeof(chunk));
    if (buf.data == NULL && !hfai_buf_append(&buf, "", 0))
        return hfai_nomem(err);
    *data = buf.data;
    if (len != NULL)
        *len = buf.len;
    return HFA_OK;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t done = write(fd, data, len);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return false;
        data += done;
        len -= (size_t)done;
    }
    return true;
}

void hfai_fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        /* Best effort: some file systems refuse fsync on a folder, and the
         * rename has already happened. */
        (void)fsync(fd);
        close(fd);
    }
}

hfa_status hfai_write_file_atomic(const char *path, const char *data,
                                  size_t len, hfa_error *err)
{
    char *dir = hfai_dirname(path);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *tmp_path = dir ? hfai_asprintf("%s/.%s.tmpXXXXXX", dir, base) : NULL;
    if (tmp_path == NULL) {
        free(dir);
        return hfai_nomem(err);
    }
    hfa_status status = HFA_OK;
    int fd = mkostemp(tmp_path, O_CLOEXEC);
    if (fd < 0) {
        status = fail_access(err, errno, "write in the folder of", path);
        goto out;
    }
    /* mkostemp already gives 0600; fchmod makes it explicit and immune to
     * whatever umask is in force. */
    if (fchmod(fd, 0600) != 0 || !write_all(fd, data, len) || fsync(fd) != 0) {
        int saved = errno;
        close(fd);
        unlink(tmp_path);
        status = fail_access(err, saved, "write", path);
        goto out;
    }
    if (close(fd) != 0) {
        int saved = errno;
        unlink(tmp_path);
        status = fail_access(err, saved, "write", path);
        goto out;
    }
    if (rename(tmp_path, path) != 0) {
        int saved = errno;
        unlink(tmp_path);
        status = fail_access(err, saved, "replace", path);
        goto out;
    }
    hfai_fsync_dir(dir);
out:
    free(tmp_path);
    free(dir);
    return status;
}

/* Recurses once per missing parent: as deep as the path, no deeper.
 * NOLINTNEXTLINE(misc-no-recursion) */
hfa_status hfai_ensure_dir(const char *dir, hfa_error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return HFA_OK;
        return hfai_fail(err, HFA_ERR_STORE, "%s is not a folder", dir);
    }
    if (errno != ENOENT)
        return fail_access(err, errno, "use", dir);
    char *parent = hfai_dirname(dir);
    if (parent == NULL)
        return hfai_nomem(err);
    hfa_status status = HFA_OK;
    if (strcmp(parent, dir) != 0 && strcmp(parent, ".") != 0)
        status = hfai_ensure_dir(parent, err);
    free(parent);
    if (status != HFA_OK)
        return status;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return fail_access(err, errno, "create", dir);
    return HFA_OK;
}

hfa_status hfai_remove_file(const char *path, hfa_error *err)
{
    if (unlink(path) != 0 && errno != ENOENT)
        return fail_access(err, errno, "remove", path);
    return HFA_OK;
}

/* ".<base>.tmp" and exactly six more characters: mkostemp's names. */
static bool is_temp_of(const char *entry, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t base_len = strlen(base);
    return entry[0] == '.' && strncmp(entry + 1, base, base_len) == 0 &&
           strncmp(entry + 1 + base_len, ".tmp", 4) == 0 &&
           strlen(entry + 1 + base_len + 4) == 6;
}

void hfai_remove_orphan_temps(const char *dir, const char *const *paths,
                              size_t count)
{
    DIR *folder = opendir(dir);
    if (folder == NULL)
        return;
    const struct dirent *entry;
    /* readdir on a stream of our own is thread-safe; readdir_r is the
     * deprecated one. */
    // cppcheck-suppress readdirCalled
    while ((entry = readdir(folder)) != NULL) {
        for (size_t i = 0; i < count; i++) {
            if (is_temp_of(entry->d_name, paths[i])) {
                (void)unlinkat(dirfd(folder), entry->d_name, 0);
                break;
            }
        }
    }
    (void)closedir(folder);
}

static bool try_lock(int fd)
{
    struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    /* Open-file-description locks belong to this open, not to the process,
     * so two threads with two contexts exclude each other too.  NFS honours
     * them like classic POSIX locks. */
    return fcntl(fd, F_OFD_SETLK, &lock) == 0;
}

static long elapsed_ms(const struct timespec *since)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - since->tv_sec) * 1000 +
           (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* In the waiting child: closes every descriptor but the two it needs.  A
 * copy of another open file would keep that file's locks alive while the
 * child waits, the caller's own hold on this lock among them when another
 * thread of the caller holds it through another context. */
static bool keep_only(int first, int second)
{
    int low = first < second ? first : second;
    int high = first < second ? second : first;
    return (low == 0 || close_range(0, (unsigned)low - 1, 0) == 0) &&
           (high == low + 1 ||
            close_range((unsigned)low + 1, (unsigned)high - 1, 0) == 0) &&
           close_range((unsigned)high + 1, ~0U, 0) == 0;
}

/* Waits in the kernel's queue rather than polling, so the lock passes to a
 * waiter the moment it is released: polling left it idle between holders
 * and let a steady stream of newcomers starve a waiter under 64-way
 * contention.  The kernel has no timed lock wait, so a child waits: it
 * shares this open file description, and an OFD lock belongs to the
 * description, so what the child takes, this process holds.  At the
 * deadline the child is killed, which ends its wait.  A thread cancelled
 * at the deadline would do the same without a process, but cancellation
 * unwinds through the sanitizers' stack bookkeeping (a false report in
 * every ASan run), and a signal to interrupt it would need a handler the
 * library has no business installing.  The child runs only
 * async-signal-safe calls.  Returns true once the lock is held; false with
 * errno set (ETIMEDOUT, or EAGAIN when no child could be made: the caller
 * polls instead). */
static bool wait_for_lock(int fd, const struct timespec *start, long timeout_ms)
{
    int ready[2];
    if (pipe2(ready, O_CLOEXEC) != 0) {
        errno = EAGAIN;
        return false;
    }
    /* The child runs none of the caller's signal handlers: it keeps every
     * signal blocked but SIGKILL, which comes at the deadline or, through
     * PR_SET_PDEATHSIG, when the caller dies first. */
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    pid_t caller = getpid();
    pid_t waiter = fork();
    if (waiter == 0) {
        struct flock lock = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
        close(ready[0]);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != caller ||
            !keep_only(fd, ready[1]))
            _exit(1);
        char verdict = 'L';
        if (fcntl(fd, F_OFD_SETLKW, &lock) != 0 ||
            write(ready[1], &verdict, 1) != 1)
            _exit(1);
        _exit(0);
    }
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (waiter < 0) {
        close(ready[0]);
        close(ready[1]);
        errno = EAGAIN;
        return false;
    }
    close(ready[1]);
    bool answered = false;
    for (;;) {
        long left = timeout_ms - elapsed_ms(start);
        struct pollfd answer = {.fd = ready[0], .events = POLLIN};
        int got = left > 0 ? poll(&answer, 1, (int)left) : 0;
        if (got < 0 && errno == EINTR)
            continue;
        answered = got > 0;
        break;
    }
    close(ready[0]);
    /* Killed whether it answered or not: it is done either way. */
    kill(waiter, SIGKILL);
    while (waitpid(waiter, NULL, 0) < 0 && errno == EINTR)
        ;
    /* Asking again settles every race: this open holds the lock if the
     * child took it, even in the last instant before the kill. */
    if (try_lock(fd))
        return true;
    /* Answered without the lock: the child could not wait (no
     * close_range, say), and the caller polls for the time left. */
    errno = answered && elapsed_ms(start) < timeout_ms ? EAGAIN : ETIMEDOUT;
    return false;
}

/* The fallback when no child can be made: try every 10 ms. */
static bool poll_for_lock(int fd, const struct timespec *start, long timeout_ms)
{
    for (;;) {
        if (try_lock(fd))
            return true;
        if (errno != EAGAIN && errno != EACCES && errno != EINTR)
            return false;
        if (elapsed_ms(start) >= timeout_ms) {
            errno = ETIMEDOUT;
            return false;
        }
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

int hfai_lock_store_within(const hfa_ctx *ctx, long timeout_ms, hfa_error *err)
{
    if (hfai_ensure_dir(ctx->token_dir, err) != HFA_OK)
        return -1;
    int fd = open(ctx->lock_path,
                  O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
    if (fd < 0) {
        fail_access(err, errno, "open the lock file", ctx->lock_path);
        return -1;
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    bool locked = try_lock(fd);
    if (!locked && (errno == EAGAIN || errno == EACCES) && timeout_ms > 0) {
        locked = wait_for_lock(fd, &start, timeout_ms);
        if (!locked && errno == EAGAIN)
            locked = poll_for_lock(fd, &start, timeout_ms);
    } else if (!locked && (errno == EAGAIN || errno == EACCES)) {
        errno = ETIMEDOUT;
    }
    if (locked)
        return fd;
    if (errno == ETIMEDOUT)
        hfai_fail(err, HFA_ERR_STORE,
                  "another process holds the lock on %s (%s); gave up "
                  "after %.1f s: nothing was changed, try again",
                  ctx->stored_tokens_path, ctx->lock_path,
                  elapsed_ms(&start) / 1000.0);
    else
        hfai_fail_errno(err, HFA_ERR_STORE, errno, "cannot lock %s",
                        ctx->lock_path);
    close(fd);
    return -1;
}

void hfai_unlock_store(int lock_fd)
{
    /* Closing the descriptor releases the lock. */
    if (lock_fd >= 0)
        close(lock_fd);
}

/* huggingface_hub's lock file, opened as the filelock package opens it:
 * created 0644 whatever the umask, an existing one never re-moded; read
 * only when it is someone else's (flock needs no write access). */
static int open_flock_file(const char *path, hfa_error *err)
{
    const int flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | flags, 0644);
    if (fd >= 0) {
        (void)fchmod(fd, 0644);
        return fd;
    }
    if (errno == EEXIST) {
        fd = open(path, O_RDWR | flags);
        if (fd < 0 && errno == EACCES)
            fd = open(path, O_RDONLY | flags);
    }
    if (fd < 0)
        fail_access(err, errno, "open the lock file", path);
    return fd;
}

int hfai_flock_within(const char *dir, const char *path, long timeout_ms,
                      hfa_error *err)
{
    if (hfai_ensure_dir(dir, err) != HFA_OK)
        return -1;
    int fd = open_flock_file(path, err);
    if (fd < 0)
        return -1;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    /* filelock itself polls (every 50 ms): a kernel queue would buy no
     * fairness against it, so this polls too. */
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return fd;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            hfai_fail_errno(err, HFA_ERR_STORE, errno, "cannot lock %s", path);
            break;
        }
        if (elapsed_ms(&start) >= timeout_ms) {
            hfai_fail(err, HFA_ERR_STORE,
                      "another process holds the refresh lock %s "
                      "(huggingface_hub or hf-auth renewing the token); "
                      "gave up after %.1f s",
                      path, elapsed_ms(&start) / 1000.0);
            break;
        }
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    close(fd);
    return -1;
}
