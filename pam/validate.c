/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate.c - runs `hf-auth whoami` (validate), `hf-auth token` (refresh),
 * or both in one process, `hf-auth token --check`, in a child process that
 * has become the user, killed at the session's deadline.
 *
 * Why fork and exec the hf-auth binary, rather than fork, setuid and call
 * the library:
 *
 *  - The login process is root and holds other people's secrets: sshd's
 *    host keys, the password pam_unix just checked (PAM_AUTHTOK).  A child
 *    that only changed its ids would carry a copy of all of that while it
 *    runs network code for the user; exec throws the whole image away
 *    before a byte goes out.
 *  - libcurl and its TLS library start threads, read configuration and keep
 *    global state.  Between fork and exec of a possibly multi-threaded host
 *    (a display manager, polkit) only async-signal-safe calls are allowed,
 *    so no libcurl there; after exec hf-auth is an ordinary program.
 *  - The module links neither libcurl nor the Hub client, so the login
 *    process never loads them (tests/pam checks), and a crash or a hang in
 *    network code costs a child, not sshd.
 *  - whoami and the OAuth refresh (under the store's lock) exist once, in
 *    the library, for the command, the shell hooks and this module.
 *
 * The price is one fork and exec per session when validate or refresh is
 * on (one for both); the positive cache (cache.c) removes it for repeated
 * logins.
 *
 * The parent never changes its own uid, umask, cwd, signal dispositions
 * or visible fds: everything that changes happens in the child.  Signals
 * are blocked around fork only (as posix_spawn does), so that no handler
 * of the host runs in the child before the child resets them.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"
#include "privs.h"
#include "token.h"
#include "validate.h"

/* Exit statuses only the child itself uses; hf-auth never exits with them
 * (hf-auth(1), EXIT STATUS). */
#define CHILD_NO_DROP 125
#define CHILD_NO_EXEC 127

/* Environment variables handed from the PAM environment to the child as
 * they are: the network setup the user's session will also get. */
static const char *const passed_env[] = {
    "http_proxy",        "https_proxy",
    "HTTP_PROXY",        "HTTPS_PROXY",
    "all_proxy",         "ALL_PROXY",
    "no_proxy",          "NO_PROXY",
    "SSL_CERT_FILE",     "SSL_CERT_DIR",
    "CURL_CA_BUNDLE",    "REQUESTS_CA_BUNDLE",
    "XDG_CACHE_HOME",    "HF_DEVICE_CODE_OAUTH_CLIENT_ID",
    "HFAUTH_ALLOW_HTTP",
};

#define ENV_MAX 32

/* Everything the child needs, prepared before fork: after fork the child
 * may only make async-signal-safe calls. */
struct plan {
    const char *path;
    char words[32]; /* the command's words, e.g. "token\0--check" */
    char *argv[4];
    char *envp[ENV_MAX + 1];
    size_t envc;
    uid_t uid;
    gid_t gid;
    gid_t *groups;
    int ngroups;
    int out_fd;         /* write end of the stdout pipe */
    bool stderr_to_out; /* stderr into the pipe too (else /dev/null) */
    pid_t parent;
};

/* ---- time ----------------------------------------------------------- */

void hfp_deadline_set(struct timespec *deadline, long ms)
{
    clock_gettime(CLOCK_MONOTONIC, deadline);
    deadline->tv_sec += ms / 1000;
    deadline->tv_nsec += (ms % 1000) * 1000000L;
    if (deadline->tv_nsec >= 1000000000L) {
        deadline->tv_sec++;
        deadline->tv_nsec -= 1000000000L;
    }
}

static long ms_left(const struct timespec *deadline)
{
    struct timespec now;
    long ms;

    clock_gettime(CLOCK_MONOTONIC, &now);
    ms = (long)(deadline->tv_sec - now.tv_sec) * 1000 +
         (deadline->tv_nsec - now.tv_nsec) / 1000000L;
    return ms < 0 ? 0 : ms;
}

/* ---- the plan -------------------------------------------------------- */

static bool add_env(struct plan *p, const char *name, const char *value)
{
    if (value == NULL)
        return true;
    if (p->envc >= ENV_MAX)
        return false;
    if (asprintf(&p->envp[p->envc], "%s=%s", name, value) < 0) {
        p->envp[p->envc] = NULL;
        return false;
    }
    p->envc++;
    return true;
}

static void plan_clear(struct plan *p)
{
    size_t i;

    /* One of them may be HF_TOKEN=... */
    for (i = 0; i < p->envc; i++) {
        explicit_bzero(p->envp[i], strlen(p->envp[i]));
        free(p->envp[i]);
    }
    p->envc = 0;
    free(p->groups);
    p->groups = NULL;
}

/* `command`: hf-auth's arguments, one space between two (at most two). */
static bool plan_make(const struct hfp_args *args,
                      const struct hfp_child_env *env, const char *command,
                      const char *token, struct plan *p)
{
    char timeout_s[32], *word, *rest;
    size_t i, len, n = 1;
    bool ok;

    memset(p, 0, sizeof(*p));
    p->out_fd = -1;
    p->path = args->opt.hf_auth;
    p->argv[0] = (char *)"hf-auth";
    len = strlen(command);
    if (len >= sizeof(p->words))
        return false;
    memcpy(p->words, command, len + 1);
    for (word = strtok_r(p->words, " ", &rest); word != NULL && n < 3;
         word = strtok_r(NULL, " ", &rest))
        p->argv[n++] = word;
    p->uid = args->pw->pw_uid;
    p->gid = args->pw->pw_gid;
    p->parent = getpid();
    /* hf-auth's own network timeout, whole seconds rounded up, so that it
     * usually gives up by itself before we have to kill it. */
    snprintf(timeout_s, sizeof(timeout_s), "%ld",
             (args->opt.timeout + 999) / 1000);
    ok = add_env(p, "HOME", args->pw->pw_dir) &&
         add_env(p, "USER", args->pw->pw_name) &&
         add_env(p, "LOGNAME", args->pw->pw_name) &&
         add_env(p, "PATH", "/usr/bin:/bin") &&
         add_env(p, "HF_HOME", env->hf_home) &&
         add_env(p, "HF_TOKEN_PATH", env->token_path) &&
         add_env(p, "HF_ENDPOINT", env->endpoint) &&
         add_env(p, "HF_HUB_DOWNLOAD_TIMEOUT", timeout_s) &&
         add_env(p, "HF_TOKEN", token);
    for (i = 0; ok && i < sizeof(passed_env) / sizeof(passed_env[0]); i++)
        ok = add_env(p, passed_env[i], pam_getenv(args->pamh, passed_env[i]));
    /* The user's groups, looked up now: initgroups() in the child would
     * run NSS code after fork, which is not async-signal-safe. */
    if (ok)
        ok = hfp_user_groups(args, &p->groups, &p->ngroups);
    if (!ok)
        plan_clear(p);
    return ok;
}

/* ---- the child ------------------------------------------------------- */

static void __attribute__((noreturn)) child_run(const struct plan *p)
{
    struct sigaction dfl;
    sigset_t none;
    uid_t ru, eu, su;
    gid_t rg, eg, sg;
    int null_fd, out_fd, sig;

    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    for (sig = 1; sig < NSIG; sig++)
        (void)sigaction(sig, &dfl, NULL);
    sigemptyset(&none);
    (void)sigprocmask(SIG_SETMASK, &none, NULL);

    /* Its own session and process group: no controlling terminal to prompt
     * on, and one kill(-pid) reaches anything it starts. */
    (void)setsid();

    /* Both sources above 2 first: a host that runs with stdin, stdout or
     * stderr closed may have handed us the pipe as fd 0, 1 or 2. */
    out_fd = fcntl(p->out_fd, F_DUPFD, 3);
    null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0 && null_fd < 3)
        null_fd = fcntl(null_fd, F_DUPFD, 3);
    if (out_fd < 0 || null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 ||
        dup2(out_fd, STDOUT_FILENO) < 0 ||
        dup2(p->stderr_to_out ? out_fd : null_fd, STDERR_FILENO) < 0)
        _exit(CHILD_NO_EXEC);
    /* Whatever the host left open without O_CLOEXEC (sshd's sockets, its
     * monitor pipes) must not reach a process the user owns. */
    if (close_range(3, ~0U, 0) != 0) {
        long fd, max = sysconf(_SC_OPEN_MAX);
        for (fd = 3; fd < (max > 0 ? max : 65536); fd++)
            (void)close((int)fd);
    }

    /* Become the user for good: groups first (needs root), then gid, then
     * uid, all three of real, effective and saved; then prove it stuck.
     * A process that is not root can only be running for its own user
     * (all three uids already that user), and then there is nothing to
     * change; any other case is refused by the checks below. */
    if (geteuid() == 0) {
        if (setgroups((size_t)p->ngroups, p->groups) != 0 ||
            setresgid(p->gid, p->gid, p->gid) != 0 ||
            setresuid(p->uid, p->uid, p->uid) != 0)
            _exit(CHILD_NO_DROP);
        if (getresgid(&rg, &eg, &sg) != 0 || rg != p->gid || eg != p->gid ||
            sg != p->gid)
            _exit(CHILD_NO_DROP);
    }
    if (getresuid(&ru, &eu, &su) != 0 || ru != p->uid || eu != p->uid ||
        su != p->uid)
        _exit(CHILD_NO_DROP);
    if (p->uid != 0 && (setuid(0) == 0 || seteuid(0) == 0))
        _exit(CHILD_NO_DROP);

    /* Dies with the login process (set after the uid change, which clears
     * it), and does not outlive a parent that is already gone. */
    (void)prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != p->parent)
        _exit(CHILD_NO_EXEC);

    (void)umask(077);
    if (chdir("/") != 0)
        _exit(CHILD_NO_EXEC);
    execve(p->path, p->argv, p->envp);
    _exit(CHILD_NO_EXEC);
}

/* ---- the parent ------------------------------------------------------ */

enum run_result { RUN_EXITED, RUN_TIMEOUT, RUN_LOST, RUN_NOT_STARTED };

struct run {
    enum run_result result;
    int status; /* waitpid status when RUN_EXITED */
    char out[HFAI_TOKEN_FILE_MAX + 1];
    size_t out_len;
    bool out_overflow;
};

/* Reads what is available; false at end of file or error. */
static bool drain(int fd, struct run *r)
{
    char scratch[512];
    ssize_t n;

    for (;;) {
        if (r->out_len < sizeof(r->out))
            n = read(fd, r->out + r->out_len, sizeof(r->out) - r->out_len);
        else
            n = read(fd, scratch, sizeof(scratch));
        if (n > 0) {
            if (r->out_len < sizeof(r->out))
                r->out_len += (size_t)n;
            else
                r->out_overflow = true;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return true;
        explicit_bzero(scratch, sizeof(scratch));
        return false;
    }
}

/* True once the child has exited, without reaping it: its pid (and so its
 * process group id) stays ours until waitpid, so kill(-pid) cannot hit a
 * stranger that got the number back. */
static int child_exited(pid_t pid)
{
    siginfo_t si;

    memset(&si, 0, sizeof(si));
    if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
        return errno == EINTR ? 0 : -1;
    return si.si_pid == pid ? 1 : 0;
}

static int pidfd_for(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    return -1;
#endif
}

/* Waits for the child's output and exit until the deadline. */
static void supervise(pid_t pid, int out_fd, const struct timespec *deadline,
                      struct run *r)
{
    int pidfd = pidfd_for(pid);
    bool out_open = true;
    int exited = 0;

    for (;;) {
        struct pollfd pfd[2];
        nfds_t n = 0;
        long left, wait_ms;

        exited = child_exited(pid);
        if (exited != 0)
            break;
        left = ms_left(deadline);
        if (left <= 0)
            break;
        if (out_open)
            pfd[n++] = (struct pollfd){.fd = out_fd, .events = POLLIN};
        if (pidfd >= 0)
            pfd[n++] = (struct pollfd){.fd = pidfd, .events = POLLIN};
        /* Without a pidfd the exit is only seen by asking: every 2 ms. */
        wait_ms = pidfd >= 0 ? left : (left < 2 ? left : 2);
        if (poll(pfd, n, (int)wait_ms) < 0 && errno != EINTR)
            break;
        if (out_open && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
            out_open = drain(out_fd, r);
    }
    if (exited == 1 && out_open)
        (void)drain(out_fd, r); /* what it wrote before exiting */
    if (pidfd >= 0)
        close(pidfd);

    /* Anything it left in its group goes; on timeout, the child too (by
     * pid as well, in case it had not reached setsid yet).  Not when
     * waitid failed: then the host reaped it and the number may already
     * belong to someone else. */
    if (exited >= 0)
        (void)kill(-pid, SIGKILL);
    if (exited == 0)
        (void)kill(pid, SIGKILL);
    r->result = exited == 1 ? RUN_EXITED : exited < 0 ? RUN_LOST : RUN_TIMEOUT;
    if (exited < 0)
        return;

    /* Reap it.  SIGKILL ends a process at once unless it sits in an
     * uninterruptible wait (a dead NFS server): give it one second, then
     * leave it rather than hang the login. */
    {
        struct timespec grace;
        hfp_deadline_set(&grace, 1000);
        for (;;) {
            int status;
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) {
                if (r->result == RUN_EXITED)
                    r->status = status;
                return;
            }
            if (w < 0 && errno != EINTR) {
                /* The host reaped it (SIGCHLD handler or SIG_IGN):
                 * no status to read. */
                if (r->result == RUN_EXITED)
                    r->result = RUN_LOST;
                return;
            }
            if (ms_left(&grace) <= 0) {
                r->result = RUN_LOST;
                return;
            }
            (void)poll(NULL, 0, 2);
        }
    }
}

static void run_hf_auth(const struct hfp_args *args,
                        const struct hfp_child_env *env, const char *subcommand,
                        const char *token, bool with_stderr,
                        const struct timespec *deadline, struct run *r)
{
    struct plan p;
    sigset_t all, old;
    int pipefd[2];
    pid_t pid;

    memset(r, 0, sizeof(*r));
    r->result = RUN_NOT_STARTED;
    if (ms_left(deadline) <= 0) {
        hfp_log(args, LOG_WARNING,
                "no time left for hf-auth %s "
                "(timeout=%ld)",
                subcommand, args->opt.timeout);
        return;
    }
    if (access(args->opt.hf_auth, X_OK) != 0) {
        hfp_log(args, LOG_ERR, "cannot run %s: %s", args->opt.hf_auth,
                strerror(errno));
        return;
    }
    if (!plan_make(args, env, subcommand, token, &p)) {
        hfp_log(args, LOG_ERR, "out of memory preparing hf-auth %s",
                subcommand);
        return;
    }
    if (pipe2(pipefd, O_CLOEXEC) != 0) {
        hfp_log(args, LOG_ERR, "pipe: %s", strerror(errno));
        plan_clear(&p);
        return;
    }
    p.out_fd = pipefd[1];
    p.stderr_to_out = with_stderr;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid = fork();
    if (pid == 0)
        child_run(&p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    close(pipefd[1]);
    plan_clear(&p); /* our copy of HF_TOKEN=... goes now */
    if (pid < 0) {
        hfp_log(args, LOG_ERR, "fork: %s", strerror(errno));
        close(pipefd[0]);
        return;
    }
    hfp_debug(args, "running %s %s as uid %lu (pid %ld)", args->opt.hf_auth,
              subcommand, (unsigned long)args->pw->pw_uid, (long)pid);
    (void)fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
    supervise(pid, pipefd[0], deadline, r);
    close(pipefd[0]);
}

/* Logs what a run that did not end with a plain exit status means; true
 * when it did end with one (in *code). */
static bool run_outcome(const struct hfp_args *args, const char *subcommand,
                        const struct run *r, int *code)
{
    switch (r->result) {
    case RUN_NOT_STARTED: return false;
    case RUN_TIMEOUT:
        hfp_log(args, LOG_WARNING,
                "hf-auth %s did not finish within %ld "
                "ms; killed",
                subcommand, args->opt.timeout);
        return false;
    case RUN_LOST:
        hfp_log(args, LOG_WARNING,
                "lost track of hf-auth %s (the process "
                "reaped it, or it would not die)",
                subcommand);
        return false;
    case RUN_EXITED: break;
    }
    if (WIFSIGNALED(r->status)) {
        hfp_log(args, LOG_WARNING, "hf-auth %s killed by signal %d", subcommand,
                WTERMSIG(r->status));
        return false;
    }
    *code = WEXITSTATUS(r->status);
    if (*code == CHILD_NO_DROP) {
        hfp_log(args, LOG_ERR,
                "child for hf-auth %s could not switch to "
                "the user",
                subcommand);
        return false;
    }
    if (*code == CHILD_NO_EXEC) {
        hfp_log(args, LOG_ERR, "child could not run %s %s", args->opt.hf_auth,
                subcommand);
        return false;
    }
    return true;
}

/*
 * A 429 and an unreachable Hub both make hf-auth exit 4 (hf-auth(1));
 * its error line tells them apart.  This is the start of that line as
 * hf-auth prints the library's message for a 429 (lib/hub.c), and the
 * phrase before the Retry-After seconds in it; tests/pam/test-pam-validate.sh
 * runs the real hf-auth against a Hub answering 429, so a change of
 * wording on either side fails there.
 */
#define RATE_LIMITED_LINE "error: the Hub is rate-limiting requests"
#define RETRY_PHRASE "try again in "

/* True when hf-auth's output (`len` bytes, not a C string) has the
 * rate-limit error line; *retry_after is then its seconds, or 0. */
static bool rate_limited(const char *out, size_t len, long *retry_after)
{
    const char *at = out, *end = out + len, *line_end, *phrase;
    size_t want = strlen(RATE_LIMITED_LINE);
    char line[256], *after;
    long seconds;

    *retry_after = 0;
    for (;;) {
        at = memmem(at, (size_t)(end - at), RATE_LIMITED_LINE, want);
        if (at == NULL)
            return false;
        if (at == out || at[-1] == '\n')
            break;
        at += want;
    }
    /* The line alone, as a C string (a longer one is cut: the delay
     * comes early in it). */
    line_end = memchr(at, '\n', (size_t)(end - at));
    len = (size_t)((line_end != NULL ? line_end : end) - at);
    if (len >= sizeof(line))
        len = sizeof(line) - 1;
    memcpy(line, at, len);
    line[len] = '\0';
    phrase = strstr(line, RETRY_PHRASE);
    if (phrase != NULL) {
        errno = 0;
        seconds = strtol(phrase + strlen(RETRY_PHRASE), &after, 10);
        if (errno == 0 && seconds > 0 && strncmp(after, " s", 2) == 0)
            *retry_after = seconds;
    }
    return true;
}

/* What hf-auth's exit status says of the token (its exit statuses: 0
 * accepted, 3 the Hub answered 401, 4 no answer, a timeout, a 429 or a
 * 5xx, which its error line in r's output tells apart); `what` names the
 * run in the log lines.  *retry_after as for hfp_validate. */
static enum hfp_check hub_verdict(const struct hfp_args *args, const char *what,
                                  const struct run *r, int code,
                                  long *retry_after)
{
    switch (code) {
    case 0: hfp_debug(args, "the Hub accepts the token"); return HFP_CHECK_OK;
    case 3: return HFP_CHECK_REJECTED;
    case 4:
        if (rate_limited(r->out, r->out_len, retry_after)) {
            if (*retry_after > 0)
                hfp_log(args, LOG_WARNING,
                        "the Hub is rate-limiting "
                        "requests (try again in %ld s); token kept "
                        "unchecked",
                        *retry_after);
            else
                hfp_log(args, LOG_WARNING,
                        "the Hub is rate-limiting "
                        "requests; token kept unchecked");
            return HFP_CHECK_RATE_LIMITED;
        }
        hfp_log(args, LOG_WARNING,
                "could not reach the Hub to check "
                "the token (hf-auth %s exit 4); token kept",
                what);
        return HFP_CHECK_UNKNOWN;
    default:
        hfp_log(args, LOG_WARNING,
                "hf-auth %s exited with status "
                "%d; token kept",
                what, code);
        return HFP_CHECK_UNKNOWN;
    }
}

/*
 * The token hf-auth printed replaces *token, checked as the file's content
 * is: its whole output, or with `last_line` the last line of it (when its
 * messages share the pipe, they come first: hf-auth prints the token last
 * and flushes its output before each message).  False (logged) when it
 * printed none.
 */
static bool take_printed_token(const struct hfp_args *args, const char *what,
                               const struct run *r, bool last_line,
                               char **token)
{
    const char *start = r->out;
    size_t len = r->out_len;
    char *fresh = NULL;
    hfa_error err;

    if (last_line && !r->out_overflow) {
        while (len > 0 && (start[len - 1] == '\n' || start[len - 1] == '\r'))
            len--;
        const char *nl = memrchr(start, '\n', len);
        if (nl != NULL) {
            len -= (size_t)(nl + 1 - start);
            start = nl + 1;
        }
    }
    if (r->out_overflow || len > HFAI_TOKEN_FILE_MAX ||
        hfai_token_from_bytes(start, len, "hf-auth's output", &fresh, &err) !=
            HFA_OK ||
        fresh == NULL) {
        hfp_log(args, LOG_WARNING,
                "hf-auth %s printed no valid token; "
                "token kept",
                what);
        return false;
    }
    if (strcmp(fresh, *token) != 0)
        hfp_log(args, LOG_INFO, "token renewed by hf-auth %s", what);
    hfa_secret_free(*token);
    *token = fresh;
    return true;
}

enum hfp_check hfp_validate(const struct hfp_args *args,
                            const struct hfp_child_env *env,
                            const struct timespec *deadline, const char *token,
                            long *retry_after)
{
    struct run r;
    enum hfp_check check = HFP_CHECK_UNKNOWN;
    int code;

    /* Its messages too: they tell a rate limit from other failures. */
    run_hf_auth(args, env, "whoami", token, true, deadline, &r);
    if (run_outcome(args, "whoami", &r, &code))
        check = hub_verdict(args, "whoami", &r, code, retry_after);
    explicit_bzero(r.out, sizeof(r.out));
    return check;
}

enum hfp_check hfp_refresh(const struct hfp_args *args,
                           const struct hfp_child_env *env,
                           const struct timespec *deadline, char **token)
{
    struct run r;
    enum hfp_check check = HFP_CHECK_UNKNOWN;
    int code;

    /* No HF_TOKEN for this one: hf-auth must read the store, where the
     * refresh token and the expiry are. */
    run_hf_auth(args, env, "token", NULL, false, deadline, &r);
    if (run_outcome(args, "token", &r, &code)) {
        /* A refresh that failed leaves a token that may well work until
         * it expires: keep it; only validate may drop one. */
        if (code != 0)
            hfp_log(args, LOG_WARNING,
                    "hf-auth token exited with status "
                    "%d; token kept",
                    code);
        else if (take_printed_token(args, "token", &r, false, token))
            check = HFP_CHECK_OK;
    }
    explicit_bzero(r.out, sizeof(r.out));
    return check;
}

enum hfp_check hfp_refresh_validate(const struct hfp_args *args,
                                    const struct hfp_child_env *env,
                                    const struct timespec *deadline,
                                    char **token, long *retry_after)
{
    static const char what[] = "token --check";
    struct run r;
    enum hfp_check check = HFP_CHECK_UNKNOWN;
    int code;

    /* Like refresh, no HF_TOKEN: hf-auth renews an expiring token in the
     * store, asks the Hub about the token it then has and prints it,
     * unless the Hub rejected it (exit 3).  It also prints it when the
     * Hub could not say (exit 4): a renewed token is kept then, as when
     * refresh and validate ran apart.  The verdict counts only for the
     * token printed: when none is, ours is kept, unchecked.  Its messages
     * come too, as for validate, ahead of the token. */
    run_hf_auth(args, env, what, NULL, true, deadline, &r);
    if (run_outcome(args, what, &r, &code)) {
        check = hub_verdict(args, what, &r, code, retry_after);
        if ((code == 0 || code == 4) &&
            !take_printed_token(args, what, &r, true, token))
            check = HFP_CHECK_UNKNOWN;
    }
    explicit_bzero(r.out, sizeof(r.out));
    return check;
}
