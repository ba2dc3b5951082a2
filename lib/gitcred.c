/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gitcred.c - git credentials: `git credential approve/reject` with the
 * secret on git's standard input (never its arguments), and the list of
 * configured credential.helper values.  git runs in its own process group
 * and is killed with its helpers when it outlives the context's timeout.
 */
#include "gitcred.h"
#include "token.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GIT_OUTPUT_MAX (64 * 1024)

static long ms_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000 +
           (now.tv_nsec - start->tv_nsec) / 1000000;
}

static bool send_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        /* A socket, not a pipe, so MSG_NOSIGNAL spares the caller a
         * SIGPIPE when git exits early: a library must not touch signal
         * dispositions. */
        ssize_t sent = send(fd, data, len, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent <= 0)
            return false;
        data += sent;
        len -= (size_t)sent;
    }
    return true;
}

static pid_t spawn_git(const hfa_ctx *ctx, char *const argv[], int stdin_fd,
                       int stdout_fd, int *spawn_errno)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    pid_t pid = -1;
    sigset_t no_signals, default_signals;
    sigemptyset(&no_signals);
    sigemptyset(&default_signals);
    sigaddset(&default_signals, SIGPIPE);
    sigaddset(&default_signals, SIGINT);
    sigaddset(&default_signals, SIGTERM);
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    if (stdout_fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    else
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawnattr_setsigmask(&attr, &no_signals);
    posix_spawnattr_setsigdefault(&attr, &default_signals);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
                                        POSIX_SPAWN_SETSIGMASK |
                                        POSIX_SPAWN_SETSIGDEF);
    *spawn_errno = posix_spawnp(&pid, "git", &actions, &attr, argv, ctx->env);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return *spawn_errno == 0 ? pid : -1;
}

/* Runs git with `input` on its stdin and (when `output` is given) its stdout
 * captured, for at most the context's timeout. */
static hfa_status run_git(const hfa_ctx *ctx, char *const argv[],
                          const char *input, hfai_buf *output, int *exit_code,
                          hfa_error *err)
{
    int stdin_pair[2], stdout_pipe[2] = {-1, -1};
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, stdin_pair) != 0)
        return hfai_fail_errno(err, HFA_ERR_GIT, errno, "cannot run git");
    if (output != NULL && pipe2(stdout_pipe, O_CLOEXEC) != 0) {
        int saved = errno;
        close(stdin_pair[0]);
        close(stdin_pair[1]);
        return hfai_fail_errno(err, HFA_ERR_GIT, saved, "cannot run git");
    }
    int spawn_errno;
    pid_t pid =
        spawn_git(ctx, argv, stdin_pair[1], stdout_pipe[1], &spawn_errno);
    close(stdin_pair[1]);
    if (stdout_pipe[1] >= 0)
        close(stdout_pipe[1]);
    if (pid < 0) {
        close(stdin_pair[0]);
        if (stdout_pipe[0] >= 0)
            close(stdout_pipe[0]);
        /* posix_spawnp reports a missing program itself. */
        if (spawn_errno == ENOENT)
            return hfai_fail(err, HFA_ERR_GIT, "git is not installed");
        return hfai_fail_errno(err, HFA_ERR_GIT, spawn_errno, "cannot run git");
    }
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    /* The input is a few hundred bytes: it fits the socket buffer, so this
     * cannot block on a git that does not read. */
    send_all(stdin_pair[0], input, strlen(input));
    shutdown(stdin_pair[0], SHUT_WR);

    bool timed_out = false;
    int fd = stdout_pipe[0];
    while (fd >= 0) {
        long left = ctx->timeout_ms - ms_since(&start);
        if (left <= 0) {
            timed_out = true;
            break;
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        int ready = poll(&pfd, 1, (int)left);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            continue;
        char chunk[4096];
        ssize_t got = read(fd, chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0 || output->len + (size_t)got > GIT_OUTPUT_MAX ||
            !hfai_buf_append(output, chunk, (size_t)got)) {
            close(fd);
            fd = -1;
        }
    }
    if (fd >= 0)
        close(fd);

    int wait_status = 0;
    if (timed_out)
        kill(-pid, SIGKILL);
    for (;;) {
        pid_t done = waitpid(pid, &wait_status, timed_out ? 0 : WNOHANG);
        if (done == pid || (done < 0 && errno != EINTR))
            break;
        if (done == 0 && ms_since(&start) >= ctx->timeout_ms) {
            /* The whole group: a hung credential helper is git's child. */
            timed_out = true;
            kill(-pid, SIGKILL);
        } else if (done == 0) {
            struct timespec pause = {0, 2 * 1000 * 1000};
            nanosleep(&pause, NULL);
        }
    }
    close(stdin_pair[0]);
    if (timed_out) {
        return hfai_fail(err, HFA_ERR_GIT,
                         "git %s did not finish within %.1f s and was "
                         "stopped",
                         argv[1], ctx->timeout_ms / 1000.0);
    }
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 127)
        return hfai_fail(err, HFA_ERR_GIT, "git is not installed");
    *exit_code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128;
    return HFA_OK;
}

static hfa_status credential(hfa_ctx *ctx, const char *action,
                             const char *token, hfa_error *err)
{
    /* git would send an approved token to this URL. */
    hfa_status status =
        token != NULL ? hfai_check_endpoint_for_secrets(ctx, ctx->endpoint, err)
                      : hfai_check_endpoint(ctx->endpoint, err);
    if (status != HFA_OK)
        return status;
    hfai_buf input = {.secret = true};
    bool ok = hfai_buf_puts(&input, "url=") &&
              hfai_buf_puts(&input, ctx->endpoint) &&
              hfai_buf_puts(&input, "\nusername=" HFAI_GIT_USERNAME "\n");
    if (ok && token != NULL)
        ok = hfai_buf_puts(&input, "password=") &&
             hfai_buf_puts(&input, token) && hfai_buf_puts(&input, "\n");
    if (!ok || !hfai_buf_puts(&input, "\n")) {
        hfai_buf_free(&input);
        return hfai_nomem(err);
    }
    char *argv[] = {"git", "credential", (char *)action, NULL};
    int exit_code = 0;
    status = run_git(ctx, argv, input.data, NULL, &exit_code, err);
    hfai_buf_free(&input);
    if (status == HFA_OK && exit_code != 0)
        status =
            hfai_fail(err, HFA_ERR_GIT, "git credential %s failed (exit %d)",
                      action, exit_code);
    return status;
}

hfa_status hfa_git_credential_approve(hfa_ctx *ctx, const char *token,
                                      hfa_error *err)
{
    hfa_status status = hfa_check_token(token, err);
    return status == HFA_OK ? credential(ctx, "approve", token, err) : status;
}

hfa_status hfa_git_credential_reject(hfa_ctx *ctx, hfa_error *err)
{
    return credential(ctx, "reject", NULL, err);
}

hfa_status hfa_git_credential_helpers(hfa_ctx *ctx, char ***helpers,
                                      size_t *count, hfa_error *err)
{
    *helpers = NULL;
    *count = 0;
    char *argv[] = {"git", "config", "--get-all", "credential.helper", NULL};
    hfai_buf output = {0};
    int exit_code = 0;
    hfa_status status = run_git(ctx, argv, "", &output, &exit_code, err);
    /* git config exits 1 when the key is not set at all. */
    if (status != HFA_OK || exit_code != 0 || output.data == NULL) {
        hfai_buf_free(&output);
        return status;
    }
    char **list = calloc(1, sizeof(char *));
    size_t used = 0;
    for (char *line = output.data; list != NULL && *line != '\0';) {
        char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        if (len == 0) {
            /* An empty helper resets the list, as git reads it. */
            hfa_string_list_free(list, used);
            list = calloc(1, sizeof(char *));
            used = 0;
        } else {
            char **grown = realloc(list, (used + 2) * sizeof(char *));
            if (grown == NULL || (grown[used] = strndup(line, len)) == NULL) {
                hfa_string_list_free(grown ? grown : list, used);
                list = NULL;
                break;
            }
            list = grown;
            used++;
        }
        line += len + (eol != NULL);
    }
    hfai_buf_free(&output);
    if (list == NULL)
        return hfai_nomem(err);
    *helpers = list;
    *count = used;
    return HFA_OK;
}

/* The configured helpers, or an outcome that says why there are none. */
static bool have_helpers(hfa_ctx *ctx, char ***helpers, size_t *count,
                         const char *what, hfa_git_result *result)
{
    hfa_error err;
    *helpers = NULL;
    *count = 0;
    if (hfa_git_credential_helpers(ctx, helpers, count, &err) != HFA_OK) {
        result->outcome = HFA_GIT_FAILED;
        snprintf(result->message, sizeof(result->message), "%s", err.message);
        return false;
    }
    if (*count == 0) {
        /* `credential.helper = ""` leaves an empty, allocated list. */
        hfa_string_list_free(*helpers, *count);
        *helpers = NULL;
        result->outcome = HFA_GIT_NO_HELPER;
        snprintf(result->message, sizeof(result->message),
                 "no git credential helper is configured, so %s; set one "
                 "with `git config --global credential.helper store` and "
                 "run this again",
                 what);
        return false;
    }
    return true;
}

void hfai_git_approve_if_helper(hfa_ctx *ctx, const char *token,
                                hfa_git_result *result)
{
    hfa_error err;
    char **helpers;
    size_t count;
    if (!have_helpers(ctx, &helpers, &count, "the token was not given to git",
                      result))
        return;
    const size_t size = sizeof(result->message);
    result->outcome = HFA_GIT_DONE;
    if (hfa_git_credential_approve(ctx, token, &err) != HFA_OK) {
        snprintf(result->message, size, "%s", err.message);
        result->outcome = HFA_GIT_FAILED;
    } else {
        size_t used = (size_t)snprintf(result->message, size,
                                       "token saved in git credential "
                                       "helper(s): ");
        for (size_t i = 0; i < count && used < size; i++)
            used += (size_t)snprintf(result->message + used, size - used,
                                     "%s%s", i ? ", " : "", helpers[i]);
        /* The helpers' names are git config's: shown, never obeyed. */
        hfa_safe_text(result->message, size, result->message);
    }
    hfa_string_list_free(helpers, count);
}

void hfai_git_reject_if_helper(hfa_ctx *ctx, hfa_git_result *result)
{
    hfa_error err;
    char **helpers;
    size_t count;
    if (!have_helpers(ctx, &helpers, &count,
                      "git holds no credential to "
                      "erase",
                      result))
        return;
    hfa_string_list_free(helpers, count);
    if (hfa_git_credential_reject(ctx, &err) != HFA_OK) {
        result->outcome = HFA_GIT_FAILED;
        snprintf(result->message, sizeof(result->message),
                 "could not erase the Hub credential from git: %.400s",
                 err.message);
    } else {
        result->outcome = HFA_GIT_DONE;
        snprintf(result->message, sizeof(result->message),
                 "Erased the Hub credential from git.");
    }
}
