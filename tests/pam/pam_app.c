/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam_app.c - a PAM application for the pam_hfauth tests.
 *
 *   pam_app -c CONFDIR [-s SERVICE] [-e NAME=value]... [-S] [-n N]
 *           [-F FILE] [-I] [-N] [-R] [-E] USER
 *
 * Starts PAM with pam_start_confdir (a private service folder, nothing in
 * /etc), puts each -e NAME=value in the PAM environment, opens and closes a
 * session (N times, default 1) and prints, on stdout:
 *
 *   open: PAM_...            the pam_open_session code (per cycle)
 *   close: PAM_...           the pam_close_session code (per cycle)
 *   info: TEXT / error: TEXT what the module told the user
 *   HFAUTH_REFUSED=VALUE     when the module left it, after the last open
 *   env: NAME=value          with -E, every other variable of the PAM
 *                            environment after the last cycle
 *   HF_TOKEN=VALUE           or "HF_TOKEN unset", after the last open
 *
 * Around every PAM call it checks that the process is as it was: real,
 * effective, saved and fs ids, groups, umask, cwd, open descriptors,
 * signal dispositions and mask, dumpable flag, the process environment; no
 * child left behind; libcurl not loaded; nothing written to stdout or
 * stderr (both point to a scratch file during the calls); no PAM
 * environment variable but HF_TOKEN and HFAUTH_REFUSED added (-E: another
 * module of the stack, such as pam_env, may add some).  Any difference is
 * printed on
 * stderr and the exit status is 3.  -S passes PAM_SILENT.  -F opens FILE
 * without O_CLOEXEC and keeps it open, as hosts like sshd keep sockets and
 * pipes: no child of the module may inherit it.  -I ignores SIGCHLD (some
 * daemons do: their children are reaped by the kernel).  -N installs a
 * seccomp filter that kills the process on any fork, clone, exec or
 * AF_INET/AF_INET6 socket from pam_open_session on: the default path must
 * run no child and touch no network.  -R makes setfsuid(0) fail (it
 * changes nothing), so that a module cannot regain root's fs uid after
 * reading as the user: the one failure pam_hfauth reports as an error.
 *
 * libpam's pam_syslog ends in syslog()/__syslog_chk(); this program
 * defines those (exported with -rdynamic), so every log line of the module
 * lands in $HFA_SYSLOG_FILE as "LEVEL message" without a syslog daemon.
 */
#undef _FORTIFY_SOURCE /* we define syslog() ourselves */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <security/pam_appl.h>

extern char **environ;

/* A module must not change the host's syslog setup: record it if one does. */
static bool touched_syslog;

void openlog(const char *ident, int option, int facility)
{
    (void)ident;
    (void)option;
    (void)facility;
    touched_syslog = true;
}

void closelog(void)
{
    touched_syslog = true;
}

/* ---- fault injection: setfsuid back to root fails (-R) ---------------- */

static bool fail_regain;

int setfsuid(uid_t uid)
{
    if (fail_regain && uid == 0)
        return (int)syscall(SYS_setfsuid, (uid_t)-1); /* no change */
    return (int)syscall(SYS_setfsuid, uid);
}

/* ---- conversation ---------------------------------------------------- */

static char conv_log[8192];
static size_t conv_len;

static void conv_note(const char *kind, const char *text)
{
    int n = snprintf(conv_log + conv_len, sizeof(conv_log) - conv_len,
                     "%s: %s\n", kind, text);
    if (n > 0 && (size_t)n < sizeof(conv_log) - conv_len)
        conv_len += (size_t)n;
}

static int conv(int n, const struct pam_message **msg,
                struct pam_response **resp, void *data)
{
    struct pam_response *r = calloc((size_t)n, sizeof(*r));
    int i, rc = PAM_SUCCESS;

    (void)data;
    if (r == NULL)
        return PAM_BUF_ERR;
    for (i = 0; i < n; i++) {
        switch (msg[i]->msg_style) {
        case PAM_TEXT_INFO: conv_note("info", msg[i]->msg); break;
        case PAM_ERROR_MSG: conv_note("error", msg[i]->msg); break;
        default:
            /* A session module has no business prompting. */
            conv_note("prompt", msg[i]->msg);
            rc = PAM_CONV_ERR;
            break;
        }
    }
    if (rc != PAM_SUCCESS) {
        free(r);
        return rc;
    }
    *resp = r;
    return PAM_SUCCESS;
}

/* ---- process state --------------------------------------------------- */

#define MAX_FDS 256

struct state {
    uid_t ruid, euid, suid, fsuid;
    gid_t rgid, egid, sgid, fsgid;
    int ngroups;
    gid_t groups[NGROUPS_MAX];
    char umask_line[64];
    char cwd[PATH_MAX];
    int dumpable;
    struct sigaction act[NSIG];
    sigset_t mask;
    int nfds;
    int fd[MAX_FDS];
    char fd_target[MAX_FDS][128];
    size_t env_hash;
};

static int failures;
static int report_fd = STDERR_FILENO; /* the real stderr */

static void differs(const char *what, const char *when)
{
    dprintf(report_fd, "pam_app: %s changed by %s\n", what, when);
    failures++;
}

static void read_umask(char *out, size_t size)
{
    FILE *f = fopen("/proc/self/status", "re");
    char line[256];

    out[0] = '\0';
    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL)
        if (strncmp(line, "Umask:", 6) == 0) {
            snprintf(out, size, "%.40s", line);
            break;
        }
    fclose(f);
}

static void read_fds(struct state *s)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    char path[64];

    s->nfds = 0;
    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL && s->nfds < MAX_FDS) {
        int fd;
        ssize_t n;
        if (e->d_name[0] == '.')
            continue;
        fd = atoi(e->d_name);
        if (fd == dirfd(d))
            continue;
        s->fd[s->nfds] = fd;
        snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
        n = readlink(path, s->fd_target[s->nfds], sizeof(s->fd_target[0]) - 1);
        s->fd_target[s->nfds][n > 0 ? n : 0] = '\0';
        s->nfds++;
    }
    closedir(d);
}

static size_t hash_env(void)
{
    size_t h = 5381;
    char **e;
    const char *p;

    for (e = environ; *e != NULL; e++)
        for (p = *e; *p != '\0'; p++)
            h = h * 33 + (unsigned char)*p;
    return h;
}

static void snapshot(struct state *s)
{
    int sig;

    memset(s, 0, sizeof(*s));
    getresuid(&s->ruid, &s->euid, &s->suid);
    getresgid(&s->rgid, &s->egid, &s->sgid);
    s->fsuid = (uid_t)setfsuid((uid_t)-1);
    s->fsgid = (gid_t)setfsgid((gid_t)-1);
    s->ngroups = getgroups(NGROUPS_MAX, s->groups);
    read_umask(s->umask_line, sizeof(s->umask_line));
    if (getcwd(s->cwd, sizeof(s->cwd)) == NULL)
        s->cwd[0] = '\0';
    s->dumpable = prctl(PR_GET_DUMPABLE);
    for (sig = 1; sig < NSIG; sig++)
        sigaction(sig, NULL, &s->act[sig]);
    sigprocmask(SIG_BLOCK, NULL, &s->mask);
    read_fds(s);
    s->env_hash = hash_env();
}

static void compare(const struct state *a, const struct state *b,
                    const char *when)
{
    int sig, i;

    if (a->ruid != b->ruid || a->euid != b->euid || a->suid != b->suid ||
        a->fsuid != b->fsuid)
        differs("uid", when);
    if (a->rgid != b->rgid || a->egid != b->egid || a->sgid != b->sgid ||
        a->fsgid != b->fsgid)
        differs("gid", when);
    if (a->ngroups != b->ngroups ||
        (a->ngroups > 0 &&
         memcmp(a->groups, b->groups, (size_t)a->ngroups * sizeof(gid_t)) != 0))
        differs("supplementary groups", when);
    if (strcmp(a->umask_line, b->umask_line) != 0)
        differs("umask", when);
    if (strcmp(a->cwd, b->cwd) != 0)
        differs("working directory", when);
    if (a->dumpable != b->dumpable)
        differs("dumpable flag", when);
    for (sig = 1; sig < NSIG; sig++)
        if (a->act[sig].sa_handler != b->act[sig].sa_handler ||
            a->act[sig].sa_flags != b->act[sig].sa_flags) {
            dprintf(report_fd, "pam_app: signal %d: ", sig);
            differs("disposition", when);
        }
    for (sig = 1; sig < NSIG; sig++)
        if (sigismember(&a->mask, sig) != sigismember(&b->mask, sig)) {
            differs("signal mask", when);
            break;
        }
    if (a->nfds != b->nfds)
        differs("number of open descriptors", when);
    else
        for (i = 0; i < a->nfds; i++)
            if (a->fd[i] != b->fd[i] ||
                strcmp(a->fd_target[i], b->fd_target[i]) != 0) {
                dprintf(report_fd, "pam_app: fd %d (%s): ", b->fd[i],
                        b->fd_target[i]);
                differs("open descriptors", when);
            }
    if (a->env_hash != b->env_hash)
        differs("process environment", when);
}

static void check_no_child(const char *when)
{
    int status;

    if (waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD)
        differs("child processes (one left behind)", when);
}

static void check_no_curl(const char *when)
{
    FILE *f = fopen("/proc/self/maps", "re");
    char line[512];

    if (f == NULL)
        return;
    while (fgets(line, sizeof(line), f) != NULL)
        if (strstr(line, "libcurl") != NULL) {
            differs("libcurl loaded", when);
            break;
        }
    fclose(f);
}

/* ---- no fork, no exec, no network ----------------------------------- */

#if defined(__x86_64__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define THIS_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#define KILL_IF(nr)                                                            \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1),                           \
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)

static int forbid_children_and_network(void)
{
#ifdef THIS_AUDIT_ARCH
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, THIS_AUDIT_ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        KILL_IF(__NR_clone),
#ifdef __NR_clone3
        KILL_IF(__NR_clone3),
#endif
#ifdef __NR_fork
        KILL_IF(__NR_fork),
#endif
#ifdef __NR_vfork
        KILL_IF(__NR_vfork),
#endif
        KILL_IF(__NR_execve),
        KILL_IF(__NR_execveat),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                 offsetof(struct seccomp_data, args[0])),
        KILL_IF(AF_INET),
        KILL_IF(AF_INET6),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {
        .len = (unsigned short)(sizeof(filter) / sizeof(filter[0])),
        .filter = filter,
    };

    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0) {
        perror("pam_app: seccomp");
        return -1;
    }
    return 0;
#else
    fprintf(stderr, "pam_app: -N is not supported on this architecture\n");
    return -1;
#endif
}

/* ---- main ------------------------------------------------------------ */

static const char *pam_code(int rc)
{
    static char other[32];

    switch (rc) {
#define C(x)                                                                   \
    case x: return #x
        C(PAM_SUCCESS);
        C(PAM_IGNORE);
        C(PAM_SESSION_ERR);
        C(PAM_SYSTEM_ERR);
        C(PAM_PERM_DENIED);
        C(PAM_BUF_ERR);
        C(PAM_USER_UNKNOWN);
        C(PAM_ABORT);
        C(PAM_SERVICE_ERR);
        C(PAM_AUTH_ERR);
        C(PAM_CONV_ERR);
        C(PAM_SYMBOL_ERR);
        C(PAM_MODULE_UNKNOWN);
        C(PAM_CRED_ERR);
        C(PAM_OPEN_ERR);
#undef C
    }
    snprintf(other, sizeof(other), "PAM_%d", rc);
    return other;
}

static int usage(void)
{
    fprintf(stderr, "usage: pam_app -c CONFDIR [-s SERVICE] [-e NAME=value]"
                    "... [-S] [-n N] [-F FILE] [-I] [-N] [-R] [-E] USER\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *confdir = NULL, *service = "hfauth-test", *hf;
    const char *puts_[32];
    int nputs = 0, cycles = 1, flags = 0, opt, rc_open = 0, rc_close = 0;
    bool ignore_chld = false, no_children = false, show_env = false;
    char env_lines[8192] = "";
    int saved_out, saved_err, scratch, i, cycle;
    char scratch_name[] = "/tmp/pam_app.XXXXXX", *token = NULL, *refused = NULL;
    struct pam_conv pc = {conv, NULL};
    pam_handle_t *pamh = NULL;
    struct state before, after;
    struct stat st;
    char **penv;

    while ((opt = getopt(argc, argv, "c:s:e:Sn:F:INRE")) != -1) {
        switch (opt) {
        case 'c': confdir = optarg; break;
        case 's': service = optarg; break;
        case 'e':
            if (nputs == 32)
                return usage();
            puts_[nputs++] = optarg;
            break;
        case 'S': flags |= PAM_SILENT; break;
        case 'n': cycles = atoi(optarg); break;
        case 'I': ignore_chld = true; break;
        case 'N': no_children = true; break;
        case 'R': fail_regain = true; break;
        case 'E': show_env = true; break;
        case 'F':
            if (open(optarg, O_RDONLY) < 0) { /* leaked on purpose */
                perror(optarg);
                return 1;
            }
            break;
        default: return usage();
        }
    }
    if (confdir == NULL || optind != argc - 1 || cycles < 1)
        return usage();

    if (pam_start_confdir(service, argv[optind], &pc, confdir, &pamh) !=
        PAM_SUCCESS) {
        fprintf(stderr, "pam_app: pam_start_confdir failed\n");
        return 1;
    }
    for (i = 0; i < nputs; i++)
        if (pam_putenv(pamh, puts_[i]) != PAM_SUCCESS) {
            fprintf(stderr, "pam_app: pam_putenv %s failed\n", puts_[i]);
            return 1;
        }

    if (ignore_chld)
        signal(SIGCHLD, SIG_IGN);
    if (no_children && forbid_children_and_network() != 0)
        return 77;

    /* The module must write nothing on the login's stdout or stderr. */
    fflush(NULL);
    scratch = mkostemp(scratch_name, O_CLOEXEC);
    saved_out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 10);
    saved_err = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 10);
    if (scratch < 0 || saved_out < 0 || saved_err < 0) {
        perror("pam_app: setup");
        return 1;
    }
    unlink(scratch_name);
    report_fd = saved_err;
    dup2(scratch, STDOUT_FILENO);
    dup2(scratch, STDERR_FILENO);

    for (cycle = 0; cycle < cycles; cycle++) {
        snapshot(&before);
        rc_open = pam_open_session(pamh, flags);
        snapshot(&after);
        compare(&before, &after, "pam_open_session");
        check_no_child("pam_open_session");
        check_no_curl("pam_open_session");
        hf = pam_getenv(pamh, "HF_TOKEN");
        free(token);
        token = hf != NULL ? strdup(hf) : NULL;
        hf = pam_getenv(pamh, "HFAUTH_REFUSED");
        free(refused);
        refused = hf != NULL ? strdup(hf) : NULL;
        rc_close = pam_close_session(pamh, flags);
        snapshot(&before);
        compare(&after, &before, "pam_close_session");
        dprintf(saved_out, "open: %s\nclose: %s\n", pam_code(rc_open),
                pam_code(rc_close));
    }

    /* Nothing but HF_TOKEN and the refusal marker may have been added to
     * the PAM environment. */
    penv = pam_getenvlist(pamh);
    for (i = 0; penv != NULL && penv[i] != NULL; i++) {
        bool given = strncmp(penv[i], "HF_TOKEN=", 9) == 0 ||
                     strncmp(penv[i], "HFAUTH_REFUSED=", 15) == 0;
        int j;
        for (j = 0; j < nputs && !given; j++) {
            size_t len = strcspn(puts_[j], "=");
            given = strncmp(penv[i], puts_[j], len) == 0 && penv[i][len] == '=';
        }
        if (show_env && strncmp(penv[i], "HF_TOKEN=", 9) != 0 &&
            strncmp(penv[i], "HFAUTH_REFUSED=", 15) != 0) {
            size_t used = strlen(env_lines);
            snprintf(env_lines + used, sizeof(env_lines) - used, "env: %s\n",
                     penv[i]);
        } else if (!given) {
            dprintf(saved_err, "pam_app: added to the PAM environment: %.*s\n",
                    (int)strcspn(penv[i], "="), penv[i]);
            failures++;
        }
        free(penv[i]);
    }
    free(penv);
    pam_end(pamh, rc_open);

    fflush(NULL);
    dup2(saved_out, STDOUT_FILENO);
    dup2(saved_err, STDERR_FILENO);
    report_fd = STDERR_FILENO;
    close(saved_out);
    close(saved_err);
    if (fstat(scratch, &st) != 0 || st.st_size != 0) {
        char buf[1024];
        ssize_t n = pread(scratch, buf, sizeof(buf) - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
        fprintf(stderr,
                "pam_app: written to stdout/stderr during PAM "
                "calls: [%s]\n",
                buf);
        failures++;
    }
    close(scratch);
    if (touched_syslog) {
        fprintf(stderr, "pam_app: openlog/closelog called\n");
        failures++;
    }
    fputs(conv_log, stdout);
    if (refused != NULL)
        printf("HFAUTH_REFUSED=%s\n", refused);
    free(refused);
    fputs(env_lines, stdout);
    if (token != NULL)
        printf("HF_TOKEN=%s\n", token);
    else
        printf("HF_TOKEN unset\n");
    free(token);
    return failures != 0 ? 3 : 0;
}
