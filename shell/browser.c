/* SPDX-License-Identifier: Apache-2.0 */
/*
 * browser.c - opens the browser login's address on a desktop, as gh does.
 *
 * Only where a browser can appear: a graphical session (DISPLAY or
 * WAYLAND_DISPLAY set) with xdg-open on PATH.  On a login node reached by
 * plain ssh neither is there, and nothing changes.  The address is the
 * Hub's, so it is untrusted: only an http(s) URL made of the characters a
 * URL needs is handed over (xdg-open also opens files and .desktop
 * launchers, and is itself a shell script).  It goes as one argv word to
 * xdg-open run directly (no shell), in a session of its own (Ctrl-C here
 * does not reach the browser it starts, and it has no terminal to read),
 * with stdin, stdout and stderr on /dev/null, no other descriptor, default
 * signals, and the environment without HF_TOKEN: a browser needs no token.
 * It is given a few seconds to report a failure, never waited for longer:
 * when it starts the browser itself it may run as long as the browser.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OPENER "xdg-open"
#define OPENER_WAIT_MS 3000
#define URL_MAX 2048

static bool have_display(void)
{
    const char *x11 = getenv("DISPLAY"), *wayland = getenv("WAYLAND_DISPLAY");
    return (x11 != NULL && x11[0] != '\0') ||
           (wayland != NULL && wayland[0] != '\0');
}

/* http(s), then only unreserved and reserved URL characters: no blank,
 * quote, backslash, '$', '`', parenthesis or control character. */
static bool url_is_plain(const char *url)
{
    if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
        return false;
    size_t len = strlen(url);
    if (len > URL_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = url[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || strchr("-._~:/?#[]@!&*+,;=%", c);
        if (!ok)
            return false;
    }
    return true;
}

/* xdg-open in an absolute PATH folder (a relative one, such as an empty
 * entry for ".", would run whatever the current folder holds). */
static char *find_opener(void)
{
    const char *path = getenv("PATH");
    if (path == NULL)
        return NULL;
    while (*path != '\0') {
        size_t len = strcspn(path, ":");
        char *candidate = NULL;
        struct stat st;
        if (len > 0 && path[0] == '/' &&
            asprintf(&candidate, "%.*s/%s", (int)len, path, OPENER) >= 0) {
            if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode) &&
                access(candidate, X_OK) == 0)
                return candidate;
            free(candidate);
        }
        path += len + (path[len] == ':');
    }
    return NULL;
}

char *cli_browser_opener(const char *url)
{
    if (!have_display() || !url_is_plain(url))
        return NULL;
    return find_opener();
}

/* The environment, less the variables that hold a token.  The strings
 * are environ's own; only the array is new. */
static char **environment_without_tokens(void)
{
    size_t count = 0, kept = 0;
    while (environ[count] != NULL)
        count++;
    char **env = calloc(count + 1, sizeof(*env));
    if (env == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++)
        if (strncmp(environ[i], "HF_TOKEN=", 9) != 0 &&
            strncmp(environ[i], "HUGGING_FACE_HUB_TOKEN=", 23) != 0)
            env[kept++] = environ[i];
    return env;
}

static int spawn_opener(const char *opener, const char *url, pid_t *pid)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    sigset_t none, all;
    char *argv[] = {(char *)OPENER, (char *)url, NULL};
    char **env = environment_without_tokens();
    int rc;
    if (env == NULL)
        return ENOMEM;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID |
                                        POSIX_SPAWN_SETSIGMASK |
                                        POSIX_SPAWN_SETSIGDEF);
    rc = posix_spawn(pid, opener, &actions, &attr, argv, env);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    free(env);
    return rc;
}

int cli_open_in_browser(const char *opener, const char *url, pid_t *running)
{
    pid_t pid;
    int status, rc = spawn_opener(opener, url, &pid);
    *running = -1;
    if (rc != 0)
        return -1;
    for (int waited = 0; waited < OPENER_WAIT_MS; waited += 20) {
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status)
                                     : 128 + WTERMSIG(status);
        if (done < 0 && errno != EINTR)
            return 0; /* reaped elsewhere: nothing to report */
        struct timespec pause = {0, 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    /* Still running: it may be the browser itself.  Left alone. */
    *running = pid;
    return 0;
}

void cli_reap_browser(pid_t running)
{
    if (running > 0)
        (void)waitpid(running, NULL, WNOHANG);
}
