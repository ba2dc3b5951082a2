/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.h - the plugstack.conf arguments: one struct (internal.h), filled
 * by one sorted table (options.c).
 */
#ifndef HFS_OPTIONS_H
#define HFS_OPTIONS_H

#include "internal.h"

/*
 * Resets st->opt to the defaults, then applies argv.  String options point
 * into argv, which Slurm keeps for as long as the plugin is loaded.  An
 * unknown option or a bad value is logged and ignored: a typo in
 * plugstack.conf must never stop a job.
 */
void hfs_options_parse(struct hfs_state *st, int argc, char **argv);

#endif /* HFS_OPTIONS_H */
