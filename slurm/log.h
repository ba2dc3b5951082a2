/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h - every line the plugin writes goes through here.
 *
 * Lines go out through Slurm's own logging (slurm_error, slurm_info), so
 * they land where the process logs: srun's and sbatch's stderr on the
 * login node, the slurmd log (slurmstepd) on the compute node.  They start
 * with "spank_hfauth: " and, on the compute node, the job's user.  Debug
 * lines are written at info level, so that the plugstack option `debug`
 * alone shows them, and are dropped without it.  Every message goes
 * through the library's filter of untrusted text (hfa_safe_text: each
 * control character, C1 control and byte that is not UTF-8 shown as '?'):
 * paths and names come from the user.  No caller ever passes a token or
 * anything derived from one; the tests check every log for it.
 */
#ifndef HFS_LOG_H
#define HFS_LOG_H

#include <stddef.h>

#include "internal.h"

#define HFS_PRINTF(f, a) __attribute__((format(printf, f, a)))

void hfs_error(const struct hfs_state *st, const char *fmt, ...)
    HFS_PRINTF(2, 3);
void hfs_info(const struct hfs_state *st, const char *fmt, ...)
    HFS_PRINTF(2, 3);
void hfs_debug(const struct hfs_state *st, const char *fmt, ...)
    HFS_PRINTF(2, 3);

/* `text` as it may appear in a message: at most size - 1 bytes, through
 * hfa_safe_text() (a token name or a path the user chose must not forge a
 * second log line or send a terminal escape). */
const char *hfs_printable(const char *text, char *out, size_t size);

#endif /* HFS_LOG_H */
