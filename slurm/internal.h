/* SPDX-License-Identifier: Apache-2.0 */
/*
 * internal.h - what every file of spank_hfauth shares: the plugstack
 * options and the one state a Slurm process has of the plugin.
 *
 * A SPANK plugin is loaded once per process (srun, sbatch, salloc, or the
 * slurmstepd of one job step), and Slurm calls its option callback with no
 * handle and no pointer of ours: so the options and the --hf-token value
 * live in one static struct hfs_state (spank_hfauth.c), passed explicitly
 * to everything below the entry points.
 */
#ifndef HFS_INTERNAL_H
#define HFS_INTERNAL_H

#include <stdbool.h>
#include <sys/types.h>

/* What every log line starts with: the plugin's file name, as
 * plugstack.conf names it.  (Slurm's own name for it, SPANK_PLUGIN() in
 * spank_hfauth.c, is "hfauth".) */
#define HFS_NAME "spank_hfauth"
/* The longest log line. */
#define HFS_LINE_MAX 1200

struct hfs_options {
    bool debug;             /* log each step (never a token) */
    bool override;          /* replace an HF_TOKEN the job already has */
    bool strip;             /* sbatch: HF_TOKEN not sent to the controller */
    const char *token_path; /* template: %u user, %h home, %% */
};

struct hfs_state {
    struct hfs_options opt;
    char *name;        /* --hf-token=NAME; NULL when not given */
    char user[64];     /* the job's user (remote context), for logs */
    bool named_failed; /* remote: NAME was asked for and not set */
};

#endif /* HFS_INTERNAL_H */
