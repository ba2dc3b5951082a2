/* SPDX-License-Identifier: Apache-2.0 */
/*
 * token.h - the leaf of libhfauth (lib/token.c): what a token is, how a
 * token file is cleaned, and how a user's file is read safely.  It uses
 * nothing of the library but util.c and text.c: no context, no store, no
 * network, no cJSON.
 *
 * This is the one internal header outside lib/ may include: the PAM module
 * and the Slurm plugin link token.o (and what it needs) and get this
 * folder on their include path, nothing else of lib/'s internals, so that
 * every reader of a token file applies one definition of a token, one
 * size cap and one cleaning.
 */
#ifndef HFAUTH_TOKEN_H
#define HFAUTH_TOKEN_H

#include "hfauth.h"

#include <sys/stat.h>
#include <sys/types.h>

/* The one cap on a token file, in bytes (a Hub token is under 100 bytes;
 * the rest is room for any future OAuth token). */
#define HFAI_TOKEN_FILE_MAX 4096

/* huggingface_hub's _clean_token: drop every \r and \n, strip every
 * str.isspace() character at both ends.  In place; returns `token`. */
char *hfai_clean_token(char *token);

/*
 * The token held by `len` bytes read from `what` (e.g. "token file
 * /home/a/.cache/huggingface/token", used in messages): a NUL byte or
 * bytes that are not UTF-8 are refused as such, then the text is cleaned
 * as huggingface_hub cleans it and must pass hfa_check_token().  HFA_OK
 * with *token NULL when nothing is left ("no token").  Otherwise
 * HFA_ERR_INVALID with a message that names `what`, never the bytes.
 * *token is malloc'd: free with hfa_secret_free().
 */
hfa_status hfai_token_from_bytes(const char *data, size_t len, const char *what,
                                 char **token, hfa_error *err);

/* hfai_token_from_bytes() on the `len` bytes read from `path` (a `kind`
 * of file: "token file"), which it then wipes and frees. */
hfa_status hfai_token_from_file(char *data, size_t len, const char *kind,
                                const char *path, char **token, hfa_error *err);

/*
 * Reads `path`, a file of the user `owner`, as the calling process (a
 * caller running as root switches to the user's ids first): opened
 * O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY (a symlink, a FIFO or a
 * device never hangs or redirects it), then decided on from fstat of the
 * descriptor: a regular file, owned by `owner`, not writable by group or
 * others, at most `max` bytes; at most max + 1 bytes are read.
 *  - HFA_OK, *data NULL: there is no such file.
 *  - HFA_OK: *data holds *len bytes plus a NUL; wipe and free it
 *    (hfai_wipe + free, or hfa_secret_free when it holds no NUL).
 *  - HFA_ERR_UNSAFE_FILE: refused ("<what> <path> is writable by group or
 *    others", "... is a symbolic link", "... is larger than N bytes").
 *  - HFA_ERR_STORE: could not be opened or read (errno in the message).
 * `st` (may be NULL) gets the descriptor's fstat when HFA_OK with data.
 */
hfa_status hfai_read_owned_file(const char *path, const char *what, uid_t owner,
                                size_t max, char **data, size_t *len,
                                struct stat *st, hfa_error *err);

/* Both: the user's token file read (cap HFAI_TOKEN_FILE_MAX) and checked.
 * HFA_OK with *token NULL: no file, or one that holds no token.  A content
 * that is not a token: HFA_ERR_INVALID. */
hfa_status hfai_read_owned_token(const char *path, uid_t owner, char **token,
                                 struct stat *st, hfa_error *err);

#endif /* HFAUTH_TOKEN_H */
