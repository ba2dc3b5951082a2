/* SPDX-License-Identifier: Apache-2.0 */
/*
 * read_token.h - the safe reader of a user's token file, and the check
 * every token passes before it may enter a PAM environment.
 */
#ifndef HFP_READ_TOKEN_H
#define HFP_READ_TOKEN_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "internal.h"

enum hfp_read_result {
    HFP_READ_TOKEN,   /* *token holds a checked token */
    HFP_READ_NONE,    /* no file, or an empty one: nothing to export */
    HFP_READ_REFUSED, /* unsafe file or not a token: logged, user told */
    HFP_READ_ERROR,   /* could not read it (permissions, I/O): logged */
    HFP_READ_FATAL,   /* could not restore the login process's ids */
};

/*
 * Reads the token file at `path` as the user (fs ids and groups of the
 * calling thread only, so it is safe from several threads at once), never
 * following a final symlink and never blocking: the open descriptor must be
 * a regular file owned by the user, not writable by group or others, at
 * most HFAI_TOKEN_FILE_MAX bytes, holding a token (lib/leaf/token.h: the
 * library's one definition).  On HFP_READ_TOKEN, *token is a malloc'd
 * string to be released with hfa_secret_free() and *st the file's fstat.
 */
enum hfp_read_result hfp_read_token(const struct hfp_args *args,
                                    const char *path, char **token,
                                    struct stat *st);

/*
 * hfp_read_token, and when `path` does not exist, the index in *found of
 * the first of `others` (`count` paths) that is a non-empty regular file
 * owned by the user, looked at in the same switch to the user's ids with
 * lstat only (nothing opened, no link followed); else *found is -1.  For
 * the hint "you logged in where this login does not look".
 */
enum hfp_read_result hfp_read_token_or_find(const struct hfp_args *args,
                                            const char *path,
                                            const char *const *others,
                                            size_t count, char **token,
                                            struct stat *st, int *found);

#endif /* HFP_READ_TOKEN_H */
