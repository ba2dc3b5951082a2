/* SPDX-License-Identifier: Apache-2.0 */
/*
 * validate.h - the `validate` and `refresh` options: hf-auth run in a
 * child process that has become the user, under one deadline.
 */
#ifndef HFP_VALIDATE_H
#define HFP_VALIDATE_H

#include <time.h>

#include "internal.h"

/* What the child is told about the user's files and the Hub. */
struct hfp_child_env {
    const char *hf_home;
    const char *token_path;
    const char *endpoint;
};

enum hfp_check {
    HFP_CHECK_OK,           /* accepted (validate) / token printed (refresh) */
    HFP_CHECK_REJECTED,     /* the Hub answered 401: drop the token */
    HFP_CHECK_UNKNOWN,      /* no answer, timeout, 5xx, any failure: keep */
    HFP_CHECK_RATE_LIMITED, /* 429: keep, and say when to try again */
};

/* CLOCK_MONOTONIC time `ms` from now: every child of one session shares
 * this deadline, so timeout=MS caps the total delay. */
void hfp_deadline_set(struct timespec *deadline, long ms);

/*
 * `hf-auth token`, which renews an expiring OAuth token under the store's
 * lock and prints the current one.  On HFP_CHECK_OK *token is replaced by
 * what it printed (checked like the file's content).
 */
enum hfp_check hfp_refresh(const struct hfp_args *args,
                           const struct hfp_child_env *env,
                           const struct timespec *deadline, char **token);

/* `hf-auth whoami` with HF_TOKEN=token: does the Hub accept this token?
 * On HFP_CHECK_RATE_LIMITED, *retry_after is the seconds the Hub asked to
 * wait (its Retry-After), or 0 when it did not say. */
enum hfp_check hfp_validate(const struct hfp_args *args,
                            const struct hfp_child_env *env,
                            const struct timespec *deadline, const char *token,
                            long *retry_after);

/*
 * Both in one child, `hf-auth token --check`: renews an expiring OAuth
 * token, asks the Hub about the token it then has, and prints it.  The
 * answer is about the token printed, which replaces *token; when the
 * child printed none, HFP_CHECK_REJECTED or HFP_CHECK_UNKNOWN and *token
 * is left as it was.  *retry_after as for hfp_validate.
 */
enum hfp_check hfp_refresh_validate(const struct hfp_args *args,
                                    const struct hfp_child_env *env,
                                    const struct timespec *deadline,
                                    char **token, long *retry_after);

#endif /* HFP_VALIDATE_H */
