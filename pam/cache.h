/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cache.h - the positive cache of validate/refresh answers.
 *
 * No token, and nothing computed from one, is ever stored.  An entry says:
 * "uid U's token file, this exact file (st_dev, st_ino, st_size, st_mtim),
 * was accepted at time T with these options and this endpoint".  A later
 * login that finds the same file within `cache` seconds skips the child.
 * Changing the token file (any write, rename or touch) changes its identity
 * and so misses.  The cache is advisory: any problem with it means "not
 * cached", never a refused login.
 */
#ifndef HFP_CACHE_H
#define HFP_CACHE_H

#include <stdbool.h>
#include <sys/stat.h>

#include "internal.h"

/* True when a fresh positive entry matches this token file. */
bool hfp_cache_fresh(const struct hfp_args *args, const struct stat *st,
                     const char *endpoint);

/* Records a positive answer for this token file (atomic replace). */
void hfp_cache_store(const struct hfp_args *args, const struct stat *st,
                     const char *endpoint);

#endif /* HFP_CACHE_H */
