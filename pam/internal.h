/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - the one context every function of pam_hfauth takes first.
 *
 * struct hfp_args lives for one PAM call: the handle, the parsed options and
 * the user being logged in.  Nothing in it outlives pam_sm_open_session,
 * so the module keeps no state between calls and is safe in a process that
 * runs several PAM transactions at once.
 */
#ifndef HFP_INTERNAL_H
#define HFP_INTERNAL_H

#include <pwd.h>
#include <stdbool.h>
#include <stddef.h>

#include <security/pam_modules.h>

#include "hfauth.h"
#include "options.h"
#include "token.h"

/* Room for the groups of most users in the first group lookup. */
#define HFP_GROUPS_GUESS 64

struct hfp_args {
    pam_handle_t *pamh;
    struct hfp_options opt;
    const char *user;        /* PAM_USER, owned by libpam */
    const struct passwd *pw; /* pam_modutil_getpwnam(), owned by libpam */
    bool silent;             /* quiet option or PAM_SILENT */
};

#endif /* HFP_INTERNAL_H */
