/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h - the token store (store.c): stored_tokens and the active token
 * file, read without a lock, changed under it, committed both or neither.
 * No network and no git: the operations that add those (login, logout,
 * switch, refresh) are composed in auth.c.
 */
#ifndef HFAUTH_STORE_H
#define HFAUTH_STORE_H

#include "ctx.h"
#include "ini.h"

/* stored_tokens parsed; a missing file is an empty store. */
hfa_status hfai_store_load(const hfa_ctx *ctx, hfai_ini *ini, hfa_error *err);
hfa_status hfai_store_save(const hfa_ctx *ctx, const hfai_ini *ini,
                           hfa_error *err);
/* Replaces stored_tokens with `ini` and the active token file with
 * `token` (NULL: removes it), both or neither: on failure the old
 * stored_tokens is put back, and a killed writer's half is finished or
 * undone by the next hfai_store_lock() (store.c explains how). */
hfa_status hfai_store_commit(const hfa_ctx *ctx, const hfai_ini *ini,
                             const char *token, hfa_error *err);
/* The store's lock, after which what a killed writer left is cleaned up
 * or finished.  -1 with `err` set when it cannot be had. */
int hfai_store_lock(const hfa_ctx *ctx, hfa_error *err);
void hfai_store_unlock(int lock);
/* The locks a refresh holds: huggingface_hub's (flock on
 * stored_tokens.lock beside stored_tokens, which Python's refresh takes),
 * then ours (fcntl, hfai_store_lock()), always in that order, so that two
 * refreshes never wait for each other crosswise; Python takes only the
 * first.  Both within the context's lock timeout, or neither. */
typedef struct {
    int python;
    int store;
} hfai_refresh_locks;
hfa_status hfai_store_lock_refresh(const hfa_ctx *ctx,
                                   hfai_refresh_locks *locks, hfa_error *err);
void hfai_store_unlock_refresh(hfai_refresh_locks *locks);
/* A killed writer's staged token file is waiting to be finished. */
bool hfai_store_has_staged(const hfa_ctx *ctx);
/* For readers: when a killed writer left a change half done, takes the
 * lock if it is free (which finishes or undoes the change) and lets it go;
 * never waits.  Costs one access() otherwise. */
void hfai_store_settle(const hfa_ctx *ctx);

/* The token of a section (its hf_token, else [DEFAULT]'s), cleaned as
 * huggingface_hub cleans a token it reads back (line breaks dropped,
 * blanks stripped) and checked as a token file is.  HFA_OK with *token
 * NULL: no value, or an empty one.  HFA_ERR_INVALID, with a message
 * naming the entry: a value that cannot be a token (a NUL byte, a blank
 * inside, ...); the rest of the store stays usable.  Free *token with
 * hfa_secret_free(). */
hfa_status hfai_store_section_token(const hfa_ctx *ctx, const hfai_ini *ini,
                                    const hfai_ini_section *section,
                                    char **token, hfa_error *err);

/* The section named `name`, or HFA_ERR_NOT_FOUND naming the file. */
hfa_status hfai_store_find_named(const hfa_ctx *ctx, hfai_ini *ini,
                                 const char *name, hfai_ini_section **section,
                                 hfa_error *err);

/* logout's change of the files, under the lock: NULL name removes the
 * active token file and stored_tokens (HFA_ERR_NOT_LOGGED_IN when there
 * was neither); a name removes that section, and the active token file
 * with it when it held that token.  A [DEFAULT] hf_token equal to that
 * token goes too, with the sections that had it through [DEFAULT] only:
 * no logged-out token stays in the file.  *active_removed says whether
 * the token in use went. */
hfa_status hfai_store_remove(const hfa_ctx *ctx, const char *name,
                             bool *active_removed, hfa_error *err);

/* switch's change, under the lock: the named stored token becomes the
 * active token file.  When `token` is not NULL it gets a copy of the token
 * (free with hfa_secret_free()). */
hfa_status hfai_store_activate(const hfa_ctx *ctx, const char *name,
                               char **token, hfa_error *err);

#endif /* HFAUTH_STORE_H */
