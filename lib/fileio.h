/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fileio.h - files as the store needs them (fileio.c): bounded reads,
 * atomic replacement, folders created 0700 and never re-moded, and the
 * stored_tokens lock.  Knows nothing of what the files hold.
 */
#ifndef HFAUTH_FILEIO_H
#define HFAUTH_FILEIO_H

#include "ctx.h"

/* Reads a whole regular file, at most `max` bytes.  *data is NUL-terminated.
 * ENOENT is reported as HFA_OK with *data NULL when `missing_ok`. */
hfa_status hfai_read_file(const char *path, size_t max, bool secret,
                          bool missing_ok, char **data, size_t *len,
                          hfa_error *err);
/* Atomic replace: temp file in the same folder, fchmod 0600, write, fsync,
 * rename, fsync the folder.  On failure the target is untouched and no
 * temporary file is left. */
hfa_status hfai_write_file_atomic(const char *path, const char *data,
                                  size_t len, hfa_error *err);
/* Creates the folder (and parents) 0700 when missing; never re-modes. */
hfa_status hfai_ensure_dir(const char *dir, hfa_error *err);
hfa_status hfai_remove_file(const char *path, hfa_error *err);
/* fsync of a folder, after a rename in it; best effort. */
void hfai_fsync_dir(const char *dir);
/* Removes the temporary files hfai_write_file_atomic() makes for the
 * named files in `dir` (".<name>.tmpXXXXXX"): only for a lock holder, when
 * any such file is a killed writer's. */
void hfai_remove_orphan_temps(const char *dir, const char *const *paths,
                              size_t count);

/* The stored_tokens lock: an fcntl write lock on ctx->lock_path, waited
 * for at most `timeout_ms` (0 tries once).  Returns the fd, or -1. */
int hfai_lock_store_within(const hfa_ctx *ctx, long timeout_ms, hfa_error *err);
void hfai_unlock_store(int lock_fd);

/* An flock(2) write lock on `path` in `dir` (both created when missing,
 * the file as Python's filelock creates it), waited for at most
 * `timeout_ms` by polling.  Returns the fd (close it to unlock), or -1. */
int hfai_flock_within(const char *dir, const char *path, long timeout_ms,
                      hfa_error *err);

#endif /* HFAUTH_FILEIO_H */
