/* SPDX-License-Identifier: Apache-2.0 */
/*
 * submit.h - the login node's part: srun, sbatch and salloc, running as
 * the submitting user (local and allocator contexts).
 */
#ifndef HFS_SUBMIT_H
#define HFS_SUBMIT_H

#include "internal.h"

/*
 * --hf-token=NAME as the user typed it: NAME must be a token name and a
 * stored token of this user that the compute node will accept (the same
 * reader and checks).  0 when it is; -1 when not, logged with the name,
 * so that srun or sbatch stops before anything is submitted.
 */
int hfs_check_name(const struct hfs_state *st, const char *name);

/*
 * Option strip, in sbatch: takes HF_TOKEN and HUGGING_FACE_HUB_TOKEN out
 * of the environment sbatch is about to copy into the job it submits, so
 * that the controller never stores a token.  The compute node puts the
 * active token back (or the one --hf-token names); the user is told when
 * the token taken out was not the active one.
 */
void hfs_strip_env(const struct hfs_state *st);

#endif /* HFS_SUBMIT_H */
