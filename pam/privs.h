/* SPDX-License-Identifier: Apache-2.0 */
/*
 * privs.h - becoming the user for a moment, in the calling thread only,
 * and back (privs.c; linux-pam's pam_modutil_priv.c does the same job for
 * a whole process).  Used around the open of the user's token file.
 */
#ifndef HFP_PRIVS_H
#define HFP_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

#include "internal.h"

/* What hfp_privs_drop changed, so that hfp_privs_regain can undo it. */
struct hfp_privs {
    bool dropped;
    int dumpable; /* PR_GET_DUMPABLE before the drop */
    uid_t old_fsuid;
    gid_t old_fsgid;
    int old_ngroups;
    gid_t *old_groups; /* this thread's groups before the drop */
    int ngroups;
    gid_t *groups; /* the user's groups */
};

/*
 * The fs uid, the fs gid and the supplementary groups of the calling thread
 * become the user's (args->pw), each step checked and undone on failure.
 * Nothing happens when the process is not root or the user is root, as
 * with pam_modutil_drop_priv.  0 on success (then call hfp_privs_regain),
 * -1 (logged) when the thread is left as it was.
 */
int hfp_privs_drop(const struct hfp_args *args, struct hfp_privs *p);

/* Everything back as it was, each step checked and every step tried; -1
 * (logged) when any failed: the process is then not what its caller
 * thinks it is. */
int hfp_privs_regain(const struct hfp_args *args, struct hfp_privs *p);

/* The user's groups, primary group included, from NSS: *groups (a
 * malloc'd array, or NULL, which is reallocated) gets *count of them.
 * False when the lookup fails or memory runs out. */
bool hfp_user_groups(const struct hfp_args *args, gid_t **groups, int *count);

#endif /* HFP_PRIVS_H */
