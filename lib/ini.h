/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ini.h - stored_tokens as Python's configparser (interpolation off, strict,
 * default delimiters and comment prefixes) reads and writes it.
 */
#ifndef HFAUTH_INI_H
#define HFAUTH_INI_H

#include "util.h"

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

#endif
