/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ini.h - stored_tokens as Python's configparser (interpolation off, strict,
 * default delimiters and comment prefixes) reads and writes it.
 */
#ifndef HFAUTH_INI_H
#define HFAUTH_INI_H

#include "internal.h"

typedef struct {
    char *key;      /* lower-cased, as configparser's optionxform does */
    char *value;    /* multi-line values joined with '\n' */
} hfai_ini_pair;

typedef struct {
    char *name;
    hfai_ini_pair *pairs;   /* in file order */
    size_t count;
} hfai_ini_section;

typedef struct {
    hfai_ini_section defaults;      /* [DEFAULT]; name NULL */
    hfai_ini_section *sections;     /* in file order */
    size_t count;
} hfai_ini;

/* Parses `text`.  A file configparser would reject is HFA_ERR_PARSE with
 * "<path> line N: ..." and `ini` left empty. */
hfa_status hfai_ini_parse(const char *text, size_t len, const char *path,
                          hfai_ini *ini, hfa_error *err);

/* What configparser.write() produces: [DEFAULT] first when it has keys,
 * then the sections sorted by name, `key = value` lines, a blank line
 * after each section.  The buffer is marked secret. */
bool hfai_ini_serialize(const hfai_ini *ini, hfai_buf *out);

void hfai_ini_free(hfai_ini *ini);

hfai_ini_section *hfai_ini_find(hfai_ini *ini, const char *name);
hfai_ini_section *hfai_ini_add(hfai_ini *ini, const char *name);
void hfai_ini_remove(hfai_ini *ini, const char *name);

/* The section's own value, else [DEFAULT]'s (configparser's get()). */
const char *hfai_ini_get(const hfai_ini *ini, const hfai_ini_section *section,
                         const char *key);
bool hfai_ini_set(hfai_ini_section *section, const char *key,
                  const char *value);
void hfai_ini_unset(hfai_ini_section *section, const char *key);

/* ---- the store's files (store.c), for store.c and oauth.c ---- */
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
/* A killed writer's staged token file is waiting to be finished. */
bool hfai_store_has_staged(const hfa_ctx *ctx);
/* For readers: when a killed writer left a change half done, takes the
 * lock if it is free (which finishes or undoes the change) and lets it go;
 * never waits.  Costs one access() otherwise. */
void hfai_store_settle(const hfa_ctx *ctx);
/* whoami-v2, then save under displayName or oauth-<user> and activate. */
hfa_status hfai_login_checked(hfa_ctx *ctx, const char *token,
                              const char *refresh_token, int64_t expires_at,
                              unsigned flags, hfa_login_result *result,
                              hfa_error *err);

#endif
