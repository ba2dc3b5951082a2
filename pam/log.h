/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h - every line the module sends to syslog goes through here.
 *
 * Lines carry the user ("(user alice) ...", the pam-krb5 format) and go out
 * through pam_vsyslog, so they are tagged pam_hfauth(service:session) and
 * the host's syslog setup is left alone (no openlog).  Debug lines are
 * dropped unless the `debug` option is set.  No caller ever passes a token
 * or anything derived from one; the tests check every line for it.
 */
#ifndef HFP_LOG_H
#define HFP_LOG_H

#include "internal.h"

#define HFP_PRINTF(f, a) __attribute__((format(printf, f, a)))

void hfp_log(const struct hfp_args *args, int priority, const char *fmt, ...)
    HFP_PRINTF(3, 4);
void hfp_debug(const struct hfp_args *args, const char *fmt, ...)
    HFP_PRINTF(2, 3);

/* A message for the person logging in (pam_info), unless quiet or
 * PAM_SILENT.  Never holds a token either. */
void hfp_tell_user(const struct hfp_args *args, const char *fmt, ...)
    HFP_PRINTF(2, 3);

#endif /* HFP_LOG_H */
