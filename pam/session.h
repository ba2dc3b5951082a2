/* SPDX-License-Identifier: Apache-2.0 */
/*
 * session.h - what pam_sm_open_session does, step by step (session.c).
 */
#ifndef HFP_SESSION_H
#define HFP_SESSION_H

#include "internal.h"

/* Parses the options; the user is looked up by hfp_open_session. */
void hfp_args_init(struct hfp_args *args, pam_handle_t *pamh, int flags,
                   int argc, const char **argv);

enum hfp_outcome {
    HFP_SET,     /* HF_TOKEN set from the user's token file */
    HFP_KEPT,    /* an HF_TOKEN already there was kept */
    HFP_NOTHING, /* nothing set: no token, or any problem (logged) */
    HFP_FATAL,   /* the process's own ids could not be restored */
};

/* Finds the user's token and puts HF_TOKEN in the PAM environment. */
enum hfp_outcome hfp_open_session(struct hfp_args *args);

#endif /* HFP_SESSION_H */
