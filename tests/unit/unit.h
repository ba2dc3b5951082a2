/* SPDX-License-Identifier: Apache-2.0 */
/*
 * unit.h - small helpers shared by the unit tests (tests/unit/test_*.c):
 * scratch folders under the runner's private TMPDIR, whole-file reads and
 * writes, and checks for leftover temporary files.
 *
 * Everything here is `static inline` so that a test program using only
 * part of it still builds under -Werror (no unused-function warnings), and
 * the helpers abort rather than return errors: a test whose scaffolding
 * failed must fail loudly, never pass quietly.
 */
#ifndef HFA_TESTS_UNIT_H
#define HFA_TESTS_UNIT_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hfauth.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h (and stdarg.h, stddef.h) before it. */
#include <setjmp.h>

#include <cmocka.h>

/* Dies with a message: for scaffolding, not for the checks under test. */
__attribute__((format(printf, 1, 2), noreturn)) static inline void
ut_die(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fprintf(stderr, "test scaffolding failed: ");
    vfprintf(stderr, fmt, args);
    fprintf(stderr, "\n");
    va_end(args);
    exit(99);
}

__attribute__((format(printf, 1, 2))) static inline char *
ut_fmt(const char *fmt, ...)
{
    va_list args;
    char *out = NULL;
    va_start(args, fmt);
    if (vasprintf(&out, fmt, args) < 0)
        ut_die("vasprintf");
    va_end(args);
    return out;
}

/* A fresh folder under $TMPDIR (tests/run.sh gives each test its own). */
/* A per-user context the test cannot do without: dies with the message
 * when the library refuses it. */
static inline hfa_ctx *ut_user_ctx(const char *home, char *const *envp)
{
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    if (hfa_ctx_new_for_user(&ctx, home, envp, &err) != HFA_OK)
        ut_die("context: %s", err.message);
    return ctx;
}

static inline char *ut_mkdtemp(const char *tag)
{
    const char *tmp = getenv("TMPDIR");
    char *path = ut_fmt("%s/%s.XXXXXX", tmp && tmp[0] ? tmp : "/tmp", tag);
    if (mkdtemp(path) == NULL)
        ut_die("mkdtemp %s: %s", path, strerror(errno));
    return path;
}

static inline int ut_rm_one(const char *path, const struct stat *st, int flag,
                            struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    /* Best effort: a leftover only costs the runner's cleanup. */
    remove(path);
    return 0;
}

static inline void ut_rm_rf(const char *path)
{
    if (path == NULL)
        return;
    /* Open up every folder first so the depth-first removal can work. */
    char *cmd = ut_fmt("chmod -R u+rwX '%s' 2>/dev/null", path);
    if (system(cmd) < 0)
        ut_die("system");
    free(cmd);
    nftw(path, ut_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static inline bool ut_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static inline unsigned ut_mode(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return 0xffffffffu;
    return (unsigned)(st.st_mode & 07777);
}

/* The whole file, NUL-terminated (NULL when it cannot be read). */
static inline char *ut_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, used = 0;
    char *data = malloc(cap + 1);
    if (data == NULL)
        ut_die("malloc");
    size_t got;
    while ((got = fread(data + used, 1, cap - used, f)) > 0) {
        used += got;
        if (used == cap) {
            cap *= 2;
            data = realloc(data, cap + 1);
            if (data == NULL)
                ut_die("realloc");
        }
    }
    fclose(f);
    data[used] = '\0';
    if (len != NULL)
        *len = used;
    return data;
}

static inline void ut_write_mode(const char *path, const void *data, size_t len,
                                 mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        ut_die("open %s: %s", path, strerror(errno));
    const char *p = data;
    while (len > 0) {
        ssize_t done = write(fd, p, len);
        if (done <= 0)
            ut_die("write %s: %s", path, strerror(errno));
        p += done;
        len -= (size_t)done;
    }
    if (fchmod(fd, mode) != 0 || close(fd) != 0)
        ut_die("close %s: %s", path, strerror(errno));
}

static inline void ut_write(const char *path, const char *text)
{
    ut_write_mode(path, text, strlen(text), 0600);
}

static inline void ut_mkdir(const char *path, mode_t mode)
{
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        ut_die("mkdir %s: %s", path, strerror(errno));
    /* mkdir() honours the umask; the test wants exactly `mode`. */
    if (chmod(path, mode) != 0)
        ut_die("chmod %s: %s", path, strerror(errno));
}

/* Names in `dir` that look like a temporary file of an atomic write
 * (".NAME.tmpXXXXXX" here; any ".*tmp*" or "*.tmp*" counts), joined with
 * spaces; "" when there is none. */
static inline char *ut_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    char *found = strdup("");
    if (d == NULL || found == NULL)
        return found;
    struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        bool temp = (name[0] == '.' && strstr(name, "tmp") != NULL) ||
                    strstr(name, ".tmp") != NULL;
        if (temp && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            char *grown = ut_fmt("%s%s%s", found, found[0] ? " " : "", name);
            free(found);
            found = grown;
        }
    }
    closedir(d);
    return found;
}

#define assert_no_temp_files(dir)                                              \
    do {                                                                       \
        char *left_ = ut_temp_files(dir);                                      \
        if (left_[0] != '\0')                                                  \
            fail_msg("temporary files left in %s: %s", (dir), left_);          \
        free(left_);                                                           \
    } while (0)

/* Exact file content (bytes), with a readable failure. */
#define assert_file_bytes(path, expected, expected_len)                        \
    do {                                                                       \
        size_t got_len_ = 0;                                                   \
        char *got_ = ut_read((path), &got_len_);                               \
        if (got_ == NULL)                                                      \
            fail_msg("%s: cannot read it", (path));                            \
        if (got_len_ != (size_t)(expected_len) ||                              \
            memcmp(got_, (expected), got_len_) != 0)                           \
            fail_msg("%s: expected %zu bytes [%.*s], got %zu [%s]", (path),    \
                     (size_t)(expected_len), (int)(expected_len),              \
                     (const char *)(expected), got_len_, got_);                \
        free(got_);                                                            \
    } while (0)

#define assert_file_text(path, text)                                           \
    assert_file_bytes((path), (text), strlen(text))

#define assert_message_has(err, text)                                          \
    do {                                                                       \
        if (strstr((err).message, (text)) == NULL)                             \
            fail_msg("message [%s] lacks [%s]", (err).message, (text));        \
    } while (0)

#define assert_message_lacks(err, text)                                        \
    do {                                                                       \
        if (strstr((err).message, (text)) != NULL)                             \
            fail_msg("message [%s] holds [%s]", (err).message, (text));        \
    } while (0)

/* `s` with every byte outside printable ASCII as \xNN, for messages. */
static inline char *ut_escape(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(len * 4 + 1), *w = out;
    if (out == NULL)
        ut_die("malloc");
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c >= ' ' && *c < 0x7f && *c != '\\')
            *w++ = (char)*c;
        else
            w += sprintf(w, "\\x%02x", *c);
    }
    *w = '\0';
    return out;
}

/*
 * main()'s return: the number of failed tests.  When some failed, exit at
 * once with _exit(): a failed assertion longjmps out of its test past the
 * frees, and the leak report LeakSanitizer would print at exit() would only
 * bury the real failure.  When all passed, return normally so the leak
 * check runs and catches what the library leaks.
 */
static inline int ut_finish(int failed)
{
    if (failed != 0) {
        fflush(NULL);
        _exit(failed > 0 && failed < 100 ? failed : 99);
    }
    return 0;
}

static inline long ut_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1000000L;
}

#endif
