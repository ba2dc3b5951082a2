/* SPDX-License-Identifier: Apache-2.0 */
/*
 * launch.h - the compute node's part: slurmstepd, at each step's launch
 * (remote context), already running with the job user's ids.
 */
#ifndef HFS_LAUNCH_H
#define HFS_LAUNCH_H

#include <slurm/spank.h>

#include "internal.h"

/*
 * Sets HF_TOKEN in the step's environment: the stored token st->name when
 * the job was submitted with --hf-token=NAME (replacing any HF_TOKEN the
 * job has), else the active token when the job has no HF_TOKEN (or with
 * the option override).  Reads as the job's user, refuses to read when
 * the process is not running as that user.  Never fails the step: what
 * goes wrong is logged; when NAME was asked for and could not be set,
 * st->named_failed is set, and the step has no HF_TOKEN at all.
 */
void hfs_launch(spank_t sp, struct hfs_state *st);

#endif /* HFS_LAUNCH_H */
