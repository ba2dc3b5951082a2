/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ini.h - stored_tokens as Python's configparser (interpolation off, strict,
 * default delimiters and comment prefixes) reads and writes it.
 */
#ifndef HFAUTH_INI_H
#define HFAUTH_INI_H

#include "util.h"

typedef struct {
    char *key;        /* lower-cased, as configparser's optionxform does */
    char *value;      /* multi-line values joined with '\n' */
    size_t value_len; /* a value read from a file may hold a NUL byte */
} hfai_ini_pair;

typedef struct {
    char *name;
    hfai_ini_pair *pairs; /* in file order */
    size_t count;
    size_t capacity;
} hfai_ini_section;

typedef struct {
    hfai_ini_section defaults;  /* [DEFAULT]; name NULL */
    hfai_ini_section *sections; /* in file order */
    size_t count;
    size_t capacity;
} hfai_ini;

/* Parses `text`, in time linear in its length.  A file configparser would
 * reject, or that Python cannot decode (bytes that are not UTF-8), is
 * HFA_ERR_PARSE with "<path> line N: ..." and `ini` left empty.  A NUL
 * byte is accepted inside a value, as configparser accepts it (the
 * value's user refuses it); in a section name or a key, where no command
 * could name it, it is refused as a malformed file. */
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
/* Removes every section `drop` says yes to, in one pass. */
void hfai_ini_remove_if(hfai_ini *ini,
                        bool (*drop)(const hfai_ini_section *section,
                                     void *arg),
                        void *arg);
/* Whether the section has `key` itself (not through [DEFAULT]). */
bool hfai_ini_has_own(const hfai_ini_section *section, const char *key);

/* The section's own value, else [DEFAULT]'s (configparser's get()), with
 * its length in *len (may be NULL); NULL when neither has the key. */
const char *hfai_ini_value(const hfai_ini *ini, const hfai_ini_section *section,
                           const char *key, size_t *len);
/* hfai_ini_value() as a C string: also NULL for a value holding a NUL
 * byte, which no key hfauth reads may hold (a stored token's value is
 * read with hfai_ini_value(), to say what is wrong with it). */
const char *hfai_ini_get(const hfai_ini *ini, const hfai_ini_section *section,
                         const char *key);
bool hfai_ini_set(hfai_ini_section *section, const char *key,
                  const char *value);
void hfai_ini_unset(hfai_ini_section *section, const char *key);

#endif
