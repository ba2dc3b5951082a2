/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stored.h - one stored token read as its owner would (lib/stored.c): for
 * the Slurm plugin, which must give a job the token stored under a name on
 * a compute node, reading as the job's user with the leaf's checks.  Like
 * token.h, a header outside lib/ may include; it reaches no further than
 * the configparser reader (ini.c): no lock, no network.
 */
#ifndef HFAUTH_STORED_H
#define HFAUTH_STORED_H

#include "hfauth.h"

#include <sys/types.h>

/* The most a stored_tokens file may hold, for every reader. */
#define HFAI_STORE_FILE_MAX (1024 * 1024)

/*
 * The token stored under `name` in the stored_tokens file `path`, read
 * with hfai_read_owned_file() (owner `owner`, the same open flags and
 * descriptor checks as a token file, HFAI_STORE_FILE_MAX) and parsed as
 * configparser reads it ([DEFAULT] included); the value is cleaned and
 * checked as a token file is.  HFA_ERR_NOT_FOUND when there is no such
 * file, section or hf_token; HFA_ERR_PARSE for a malformed file;
 * HFA_ERR_UNSAFE_FILE, HFA_ERR_STORE, HFA_ERR_INVALID as the leaf says.
 * *token: free with hfa_secret_free().
 */
hfa_status hfai_read_owned_stored_token(const char *path, uid_t owner,
                                        const char *name, char **token,
                                        hfa_error *err);

#endif /* HFAUTH_STORED_H */
