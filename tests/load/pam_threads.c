/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam_threads.c - many PAM sessions at once, from many threads of one
 * process, for different users (tests/load/test-pam-threads.sh).
 *
 *   pam_threads -c CONFDIR [-s SERVICE] [-t THREADS] [-d MILLISECONDS]
 *               USER=TOKEN...
 *
 * Thread i logs in USER number i % (number of users): in a loop until the
 * time is up, each cycle with its own handle, it runs pam_start_confdir,
 * pam_open_session, reads HF_TOKEN from the handle, pam_close_session and
 * pam_end.  Every cycle must give exactly that user's TOKEN: never another
 * user's, never none.  After every cycle the thread's own credentials
 * (fs uid, fs gid, supplementary groups: per thread in the kernel) must be
 * the process's original ones, and after all threads end so must the
 * whole process's.
 *
 * Why: a host such as a display manager or an sshd fork with threads may
 * run several PAM transactions at once.  glibc's setgroups() and
 * initgroups() change the supplementary groups of every thread of the
 * process (they broadcast the change for POSIX semantics), while
 * setfsuid/setfsgid are per thread.  A module that drops to the user with
 * them (pam_modutil_drop_priv does) hands one user's groups to another
 * thread reading another user's file, and may "restore" groups it saved
 * while another thread had changed them.
 *
 * Prints one summary line on stdout; details of the first failures on
 * stderr.  Exit 0: every cycle right; 1: a failure; 2: usage.
 *
 * Like tests/pam/pam_app.c, it links tests/pam/syslog_capture.c (exported
 * with -rdynamic) so the module's log lines land in $HFA_SYSLOG_FILE.
 */
#undef _FORTIFY_SOURCE /* we define syslog() ourselves */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>

#define MAX_USERS 32
#define MAX_THREADS 64
#define MAX_REPORTS 12

/* ---- what the threads share ------------------------------------------ */

struct user {
    const char *name;
    const char *token;
};

static struct user users[MAX_USERS];
static int nusers;
static const char *confdir;
static const char *service = "hfauth-test";
static struct timespec deadline;
static pthread_barrier_t start_line;

/* The credentials every thread starts with (the process's own). */
static uid_t orig_fsuid;
static gid_t orig_fsgid;
static int orig_ngroups;
static gid_t orig_groups[NGROUPS_MAX];

static atomic_long cycles, right, missing, wrong, others_token, open_failed,
    creds_changed;
static atomic_int reports;

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
    va_list ap;

    if (atomic_fetch_add(&reports, 1) >= MAX_REPORTS)
        return;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

static bool time_left(void)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec < deadline.tv_sec ||
           (now.tv_sec == deadline.tv_sec && now.tv_nsec < deadline.tv_nsec);
}

/* This thread's supplementary groups, straight from the kernel (glibc's
 * getgroups is a plain system call: it reads the calling thread's). */
static int thread_groups(gid_t *out, int max)
{
    return (int)syscall(SYS_getgroups, max, out);
}

static bool same_groups(const gid_t *a, int na, const gid_t *b, int nb)
{
    return na == nb &&
           (na == 0 || memcmp(a, b, (size_t)na * sizeof(gid_t)) == 0);
}

static int conv(int n, const struct pam_message **msg,
                struct pam_response **resp, void *data)
{
    struct pam_response *r;

    (void)msg;
    (void)data;
    r = calloc((size_t)n, sizeof(*r));
    if (r == NULL)
        return PAM_BUF_ERR;
    *resp = r; /* info and error messages need no answer */
    return PAM_SUCCESS;
}

static const char *whose(const char *token)
{
    int i;

    for (i = 0; i < nusers; i++)
        if (strcmp(users[i].token, token) == 0)
            return users[i].name;
    return NULL;
}

static void one_cycle(int id, const struct user *u)
{
    struct pam_conv pc = {conv, NULL};
    pam_handle_t *pamh = NULL;
    const char *got;
    gid_t groups[NGROUPS_MAX];
    int rc, ngroups;
    uid_t fsuid;
    gid_t fsgid;

    rc = pam_start_confdir(service, u->name, &pc, confdir, &pamh);
    if (rc != PAM_SUCCESS) {
        atomic_fetch_add(&open_failed, 1);
        report("thread %d (%s): pam_start_confdir: %d\n", id, u->name, rc);
        return;
    }
    rc = pam_open_session(pamh, 0);
    if (rc != PAM_SUCCESS) {
        atomic_fetch_add(&open_failed, 1);
        report("thread %d (%s): pam_open_session: %s\n", id, u->name,
               pam_strerror(pamh, rc));
    }
    got = pam_getenv(pamh, "HF_TOKEN");
    if (got != NULL && strcmp(got, u->token) == 0) {
        atomic_fetch_add(&right, 1);
    } else if (got == NULL) {
        atomic_fetch_add(&missing, 1);
        report("thread %d (%s): no HF_TOKEN\n", id, u->name);
    } else {
        const char *owner = whose(got);
        atomic_fetch_add(&wrong, 1);
        if (owner != NULL)
            atomic_fetch_add(&others_token, 1);
        /* Test tokens only: naming whose it is is enough. */
        report("thread %d (%s): HF_TOKEN of %s\n", id, u->name,
               owner != NULL ? owner : "nobody known");
    }
    (void)pam_close_session(pamh, 0);
    pam_end(pamh, rc);

    /* This thread must be itself again: root's fs ids and groups. */
    fsuid = (uid_t)setfsuid((uid_t)-1);
    fsgid = (gid_t)setfsgid((gid_t)-1);
    ngroups = thread_groups(groups, NGROUPS_MAX);
    if (fsuid != orig_fsuid || fsgid != orig_fsgid ||
        !same_groups(groups, ngroups, orig_groups, orig_ngroups)) {
        atomic_fetch_add(&creds_changed, 1);
        report("thread %d (%s): after the session: fsuid %u fsgid %u, "
               "%d groups (first %u); expected %u %u, %d groups\n",
               id, u->name, (unsigned)fsuid, (unsigned)fsgid, ngroups,
               ngroups > 0 ? (unsigned)groups[0] : 0u, (unsigned)orig_fsuid,
               (unsigned)orig_fsgid, orig_ngroups);
    }
    atomic_fetch_add(&cycles, 1);
}

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    const struct user *u = &users[id % nusers];
    long mine = 0;

    pthread_barrier_wait(&start_line);
    while (time_left() || mine == 0) {
        one_cycle(id, u);
        mine++;
    }
    return NULL;
}

static int usage(void)
{
    fprintf(stderr, "usage: pam_threads -c CONFDIR [-s SERVICE] [-t THREADS] "
                    "[-d MILLISECONDS] USER=TOKEN...\n");
    return 2;
}

int main(int argc, char **argv)
{
    pthread_t threads[MAX_THREADS];
    long nthreads = 16, ms = 2000;
    int opt, i, rc, ngroups;
    gid_t groups[NGROUPS_MAX];
    char *end;

    while ((opt = getopt(argc, argv, "c:s:t:d:")) != -1) {
        switch (opt) {
        case 'c': confdir = optarg; break;
        case 's': service = optarg; break;
        case 't':
            nthreads = strtol(optarg, &end, 10);
            if (*end != '\0' || nthreads < 1 || nthreads > MAX_THREADS)
                return usage();
            break;
        case 'd':
            ms = strtol(optarg, &end, 10);
            if (*end != '\0' || ms < 1 || ms > 600000)
                return usage();
            break;
        default: return usage();
        }
    }
    if (confdir == NULL || optind == argc || argc - optind > MAX_USERS)
        return usage();
    for (i = optind; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL || eq == argv[i] || eq[1] == '\0')
            return usage();
        *eq = '\0';
        users[nusers].name = argv[i];
        users[nusers].token = eq + 1;
        nusers++;
    }

    orig_fsuid = (uid_t)setfsuid((uid_t)-1);
    orig_fsgid = (gid_t)setfsgid((gid_t)-1);
    orig_ngroups = thread_groups(orig_groups, NGROUPS_MAX);
    if (orig_ngroups < 0) {
        perror("pam_threads: getgroups");
        return 1;
    }

    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += ms / 1000;
    deadline.tv_nsec += (ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    if (pthread_barrier_init(&start_line, NULL, (unsigned)nthreads) != 0) {
        perror("pam_threads: pthread_barrier_init");
        return 1;
    }
    for (i = 0; i < nthreads; i++) {
        rc = pthread_create(&threads[i], NULL, worker, (void *)(long)i);
        if (rc != 0) {
            fprintf(stderr, "pam_threads: pthread_create: %s\n", strerror(rc));
            return 1;
        }
    }
    for (i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    pthread_barrier_destroy(&start_line);

    /* The whole process: its groups as they were (a "restore" of groups
     * saved while another thread had changed them would show here). */
    ngroups = thread_groups(groups, NGROUPS_MAX);
    if (!same_groups(groups, ngroups, orig_groups, orig_ngroups) ||
        (uid_t)setfsuid((uid_t)-1) != orig_fsuid ||
        (gid_t)setfsgid((gid_t)-1) != orig_fsgid) {
        fprintf(stderr,
                "pam_threads: the process's credentials changed: %d "
                "groups, expected %d\n",
                ngroups, orig_ngroups);
        atomic_fetch_add(&creds_changed, 1);
    }

    printf("threads %ld users %d cycles %ld right %ld missing %ld wrong %ld "
           "others_token %ld open_failed %ld creds_changed %ld\n",
           nthreads, nusers, atomic_load(&cycles), atomic_load(&right),
           atomic_load(&missing), atomic_load(&wrong),
           atomic_load(&others_token), atomic_load(&open_failed),
           atomic_load(&creds_changed));
    return atomic_load(&right) == atomic_load(&cycles) &&
                   atomic_load(&open_failed) == 0 &&
                   atomic_load(&creds_changed) == 0
               ? 0
               : 1;
}
