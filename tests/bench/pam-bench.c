/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam-bench.c - what one session costs each PAM service, in the same run.
 *
 *   pam_bench -c CONFDIR [-n CYCLES] [-r ROUNDS] [-e NAME=value]... USER
 *             SERVICE...
 *
 * For every service (a file in CONFDIR, e.g. a pam_permit-only stack, the
 * same with pam_env, the same with pam_hfauth) it runs CYCLES transactions
 * (pam_start, open, close, pam_end on a fresh handle, as a login does) and
 * times the open+close part (the modules' session work) and the whole
 * transaction (libpam also reads the stack and loads the modules each
 * time).  The services take turns for ROUNDS rounds and the fastest round
 * of each is kept, so that noise (another process, a frequency change)
 * hurts every service alike.  One line per measurement:
 *
 *   SERVICE session US us/cycle          (open + close)
 *   SERVICE transaction US us/cycle      (pam_start .. pam_end)
 *
 * A session that fails to open is reported and the exit status is 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <security/pam_appl.h>

static int quiet_conv(int n, const struct pam_message **msg,
                      struct pam_response **resp, void *data)
{
    (void)n;
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

    if (pam_start_confdir(service, user, &conv, confdir, &pamh)
        != PAM_SUCCESS) {
        fprintf(stderr, "pam_bench: cannot start %s\n", service);
        exit(1);
    }
    for (i = 0; i < nputs; i++)
        pam_putenv(pamh, puts_[i]);
    return pamh;
}

static void cycle(pam_handle_t *pamh, const char *service)
{
    int rc = pam_open_session(pamh, PAM_SILENT);

    if (rc != PAM_SUCCESS && !failed) {
        fprintf(stderr, "pam_bench: %s: open_session: %s\n", service,
                pam_strerror(pamh, rc));
        failed = 1;
    }
    pam_close_session(pamh, PAM_SILENT);
}

/*
 * One round of `cycles` transactions of a service: each is pam_start,
 * pam_open_session, pam_close_session, pam_end on a fresh handle, as a
 * login does.  *session gets the microseconds per open+close alone (the
 * module's work), *transaction per whole transaction (with libpam reading
 * the stack and loading the modules).  A fresh handle each time matters:
 * libpam keeps every pam_modutil_getpwnam() answer on the handle, so
 * sessions repeated on one handle get slower and slower.
 */
static void time_round(const char *confdir, const char *service,
                       const char *user, int cycles, double *session,
                       double *transaction)
{
    double t0, t1, in_session = 0;
    int i;

    t0 = now_us();
    for (i = 0; i < cycles; i++) {
        pam_handle_t *pamh = start(confdir, service, user);
        t1 = now_us();
        cycle(pamh, service);
        in_session += now_us() - t1;
        pam_end(pamh, PAM_SUCCESS);
    }
    *transaction = (now_us() - t0) / cycles;
    *session = in_session / cycles;
}

int main(int argc, char **argv)
{
    const char *confdir = NULL, *user;
    int cycles = 2000, rounds = 5, opt, s, r, nservices;
    double *best_s, *best_t;

    while ((opt = getopt(argc, argv, "c:n:r:e:")) != -1) {
        switch (opt) {
        case 'c': confdir = optarg; break;
        case 'n': cycles = atoi(optarg); break;
        case 'r': rounds = atoi(optarg); break;
        case 'e':
            if (nputs < 16)
                puts_[nputs++] = optarg;
            break;
        default: goto usage;
        }
    }
    if (confdir == NULL || argc - optind < 2 || cycles < 1 || rounds < 1)
        goto usage;
    user = argv[optind];
    nservices = argc - optind - 1;
    best_s = calloc((size_t)nservices, sizeof(double));
    best_t = calloc((size_t)nservices, sizeof(double));
    if (best_s == NULL || best_t == NULL)
        return 1;
    for (s = 0; s < nservices; s++) {    /* warm up every service */
        double us, ut;
        time_round(confdir, argv[optind + 1 + s], user, 20, &us, &ut);
    }
    for (r = 0; r < rounds; r++)
        for (s = 0; s < nservices; s++) {
            double us, ut;
            time_round(confdir, argv[optind + 1 + s], user, cycles, &us, &ut);
            if (r == 0 || us < best_s[s])
                best_s[s] = us;
            if (r == 0 || ut < best_t[s])
                best_t[s] = ut;
        }
    for (s = 0; s < nservices; s++) {
        printf("%s session %.2f us/cycle\n", argv[optind + 1 + s], best_s[s]);
        printf("%s transaction %.2f us/cycle\n", argv[optind + 1 + s],
               best_t[s]);
    }
    free(best_s);
    free(best_t);
    return failed;
usage:
    fprintf(stderr, "usage: pam_bench -c CONFDIR [-n CYCLES] [-r ROUNDS] "
                    "[-e NAME=value]... USER SERVICE...\n");
    return 2;
}
