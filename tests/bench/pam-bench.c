/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam-bench.c - what each PAM service costs, measured side by side in one
 * run.
 *
 *   pam_bench -c CONFDIR [-m session|cycle] [-n CYCLES] [-r ROUNDS]
 *             [-e NAME=value]... USER BASELINE SERVICE...
 *
 * Each service is a file in CONFDIR (a pam_permit-only stack, the same
 * with pam_env, the same with pam_hfauth...).  Two modes:
 *
 *   session  times pam_open_session + pam_close_session, each on a fresh
 *            handle (pam_start and pam_end are done but not timed): the
 *            modules' session work alone.
 *   cycle    times the whole transaction, pam_start .. pam_end, as sshd
 *            runs it for every connection: libpam reads the stack, loads
 *            every module (dlopen with RTLD_NOW: relocations and symbol
 *            binding included), opens and closes the session, and unloads
 *            them again at pam_end.  What a login pays.
 *
 * A round runs CYCLES iterations of every service in turn, in an order
 * that rotates from round to round; ROUNDS rounds.  A fresh handle each
 * time matters: libpam keeps every pam_modutil_getpwnam() answer on the
 * handle, so sessions repeated on one handle get slower and slower.
 *
 * The machine's noise (other processes, frequency changes) only adds time
 * and comes in bursts, so the figures are robust ones: per service the
 * median and the fastest round, and what it adds to BASELINE as the median
 * over rounds of (service - BASELINE) within the same round, a paired
 * difference that a slow minute shifts for both alike.  One line each:
 *
 *   SERVICE MODE MEDIAN BEST ADDED      (microseconds per iteration)
 *
 * A session that fails to open is reported and the exit status is 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>

enum mode { MODE_SESSION, MODE_CYCLE };

static int quiet_conv(int n, const struct pam_message **msg,
                      struct pam_response **resp, void *data)
{
    (void)msg;
    (void)data;
    *resp = calloc((size_t)n, sizeof(**resp));
    return *resp != NULL ? PAM_SUCCESS : PAM_BUF_ERR;
}

static const struct pam_conv conv = {quiet_conv, NULL};
static const char *puts_[16];
static int nputs;
static int failed;

static double now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static pam_handle_t *start(const char *confdir, const char *service,
                           const char *user)
{
    pam_handle_t *pamh = NULL;
    int i;

    if (pam_start_confdir(service, user, &conv, confdir, &pamh) !=
        PAM_SUCCESS) {
        fprintf(stderr, "pam_bench: cannot start %s\n", service);
        exit(1);
    }
    for (i = 0; i < nputs; i++)
        pam_putenv(pamh, puts_[i]);
    return pamh;
}

static void open_close(pam_handle_t *pamh, const char *service)
{
    int rc = pam_open_session(pamh, PAM_SILENT);

    if (rc != PAM_SUCCESS && !failed) {
        fprintf(stderr, "pam_bench: %s: open_session: %s\n", service,
                pam_strerror(pamh, rc));
        failed = 1;
    }
    pam_close_session(pamh, PAM_SILENT);
}

/* Microseconds per iteration of one round of `cycles` iterations. */
static double time_round(enum mode mode, const char *confdir,
                         const char *service, const char *user, int cycles)
{
    double t0, timed = 0;
    int i;

    if (mode == MODE_CYCLE) {
        t0 = now_us();
        for (i = 0; i < cycles; i++) {
            pam_handle_t *pamh = start(confdir, service, user);
            open_close(pamh, service);
            pam_end(pamh, PAM_SUCCESS);
        }
        return (now_us() - t0) / cycles;
    }
    for (i = 0; i < cycles; i++) {
        pam_handle_t *pamh = start(confdir, service, user);
        t0 = now_us();
        open_close(pamh, service);
        timed += now_us() - t0;
        pam_end(pamh, PAM_SUCCESS);
    }
    return timed / cycles;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Median of v[0..n), sorting it. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int usage(void)
{
    fprintf(stderr, "usage: pam_bench -c CONFDIR [-m session|cycle] "
                    "[-n CYCLES] [-r ROUNDS] [-e NAME=value]... USER "
                    "BASELINE SERVICE...\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *confdir = NULL, *user;
    const char *const *services;
    enum mode mode = MODE_SESSION;
    int cycles = 1000, rounds = 9, opt, s, r, n;
    double *t, *column;

    while ((opt = getopt(argc, argv, "c:m:n:r:e:")) != -1) {
        switch (opt) {
        case 'c': confdir = optarg; break;
        case 'm':
            if (strcmp(optarg, "session") == 0)
                mode = MODE_SESSION;
            else if (strcmp(optarg, "cycle") == 0)
                mode = MODE_CYCLE;
            else
                return usage();
            break;
        case 'n': cycles = atoi(optarg); break;
        case 'r': rounds = atoi(optarg); break;
        case 'e':
            if (nputs < 16)
                puts_[nputs++] = optarg;
            break;
        default: return usage();
        }
    }
    if (confdir == NULL || argc - optind < 2 || cycles < 1 || rounds < 1)
        return usage();
    user = argv[optind];
    services = (const char *const *)argv + optind + 1;
    n = argc - optind - 1;
    /* t[r * n + s]: service s in round r. */
    t = calloc((size_t)rounds * (size_t)n, sizeof(*t));
    column = calloc((size_t)rounds, sizeof(*column));
    if (t == NULL || column == NULL)
        return 1;
    for (s = 0; s < n; s++) /* warm up every service */
        (void)time_round(mode, confdir, services[s], user, 20);
    for (r = 0; r < rounds; r++)
        for (s = 0; s < n; s++) {
            int which = (s + r) % n;
            t[r * n + which] =
                time_round(mode, confdir, services[which], user, cycles);
        }
    for (s = 0; s < n; s++) {
        double mid, best, added;

        for (r = 0; r < rounds; r++)
            column[r] = t[r * n + s] - t[r * n];
        added = median(column, rounds);
        for (r = 0; r < rounds; r++)
            column[r] = t[r * n + s];
        mid = median(column, rounds);
        best = column[0];
        printf("%s %s %.2f %.2f %.2f\n", services[s],
               mode == MODE_CYCLE ? "cycle" : "session", mid, best, added);
    }
    free(t);
    free(column);
    return failed;
}
