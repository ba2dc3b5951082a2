/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_ini.c - libFuzzer target for lib/ini.c (stored_tokens).
 *
 * 1. Round trip.  Whatever hfai_ini_parse() accepts, hfai_ini_serialize()
 *    must write so that parsing it again gives the same data (the same
 *    [DEFAULT] keys and values, the same sections in sorted order with the
 *    same keys and values in the same order), and serializing that again
 *    must give the very same bytes.
 *
 * 2. The writer's safety.  The input is also read as a list of "set"
 *    operations, one per line: NAME <TAB> VALUE.  Each whose NAME passes
 *    hfa_check_token_name() and whose VALUE passes hfa_check_token() is
 *    applied (on top of what step 1 parsed, or an empty store) the way
 *    store.c does: hfai_ini_find()/hfai_ini_add() then hfai_ini_set() of
 *    hf_token, refresh_token or expires_at (picked by VALUE's first byte).
 *    Serialize + parse must then give back exactly those names and values:
 *    no name or value can end a line, start a section or add a key.
 *
 * Any mismatch prints what differs and aborts.
 */
#include "ini.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const keys[] = {"hf_token", "refresh_token", "expires_at"};
#define MAX_OPS 64

static void __attribute__((noreturn))
fail(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "fuzz_ini: %s\n", what);
    if (a != NULL)
        fprintf(stderr, "  first:  \"%s\"\n", a);
    if (b != NULL)
        fprintf(stderr, "  second: \"%s\"\n", b);
    abort();
}

static void same_section(const hfai_ini_section *want,
                         const hfai_ini_section *got)
{
    if (want->count != got->count)
        fail("a section has a different number of keys after a round trip",
             want->name, got->name);
    for (size_t i = 0; i < want->count; i++) {
        if (strcmp(want->pairs[i].key, got->pairs[i].key) != 0)
            fail("a key changed in a round trip", want->pairs[i].key,
                 got->pairs[i].key);
        if (want->pairs[i].value_len != got->pairs[i].value_len ||
            memcmp(want->pairs[i].value, got->pairs[i].value,
                   want->pairs[i].value_len) != 0)
            fail("a value changed in a round trip", want->pairs[i].value,
                 got->pairs[i].value);
    }
}

static int by_name(const void *a, const void *b)
{
    const hfai_ini_section *const *left = a, *const *right = b;
    return strcmp((*left)->name, (*right)->name);
}

/* Serialize, parse, compare with `ini` (sections sorted), serialize again
 * and compare the bytes. */
static void check_round_trip(const hfai_ini *ini)
{
    hfai_buf first = {0}, second = {0};
    if (!hfai_ini_serialize(ini, &first))
        abort(); /* out of memory: not a finding, but stop loudly */
    hfai_ini again;
    hfa_error err = {0};
    if (hfai_ini_parse(first.data, first.len, "stored_tokens", &again, &err) !=
        HFA_OK) {
        fprintf(stderr, "serialized:\n%s\n", first.data);
        fail("what hfai_ini_serialize() wrote does not parse", err.message,
             NULL);
    }

    same_section(&ini->defaults, &again.defaults);
    if (again.count != ini->count)
        fail("the number of sections changed in a round trip", NULL, NULL);
    const hfai_ini_section **order = calloc(ini->count + 1, sizeof(*order));
    if (order == NULL)
        abort();
    for (size_t i = 0; i < ini->count; i++)
        order[i] = &ini->sections[i];
    qsort(order, ini->count, sizeof(*order), by_name);
    for (size_t i = 0; i < ini->count; i++) {
        if (strcmp(order[i]->name, again.sections[i].name) != 0)
            fail("a section name or the sorted order changed in a round trip",
                 order[i]->name, again.sections[i].name);
        same_section(order[i], &again.sections[i]);
    }
    free(order);

    if (!hfai_ini_serialize(&again, &second))
        abort();
    if (first.len != second.len ||
        memcmp(first.data, second.data, first.len) != 0)
        fail("serializing is not idempotent", first.data, second.data);
    hfai_ini_free(&again);
    hfai_buf_free(&first);
    hfai_buf_free(&second);
}

typedef struct {
    char *name;
    const char *key;
    char *value;
} set_op;

static char *dup_span(const uint8_t *start, size_t len)
{
    char *copy = malloc(len + 1);
    if (copy == NULL)
        abort();
    memcpy(copy, start, len);
    copy[len] = '\0';
    return copy;
}

/* Applies every valid NAME\tVALUE line to `ini`; returns how many. */
static size_t apply_ops(hfai_ini *ini, const uint8_t *data, size_t size,
                        set_op *ops)
{
    size_t count = 0;
    const uint8_t *line = data, *end = data + size;
    while (line < end && count < MAX_OPS) {
        const uint8_t *eol = memchr(line, '\n', (size_t)(end - line));
        if (eol == NULL)
            eol = end;
        const uint8_t *tab = memchr(line, '\t', (size_t)(eol - line));
        if (tab != NULL && tab + 1 < eol) {
            char *name = dup_span(line, (size_t)(tab - line));
            char *value = dup_span(tab + 1, (size_t)(eol - tab - 1));
            hfa_error err;
            /* A NUL in either would shorten it: only what store.c could
             * be given. */
            if (strlen(name) == (size_t)(tab - line) &&
                strlen(value) == (size_t)(eol - tab - 1) &&
                hfa_check_token_name(name, &err) == HFA_OK &&
                hfa_check_token(value, &err) == HFA_OK) {
                const char *key = keys[(unsigned char)value[0] % 3];
                hfai_ini_section *section = hfai_ini_find(ini, name);
                if (section == NULL)
                    section = hfai_ini_add(ini, name);
                if (section == NULL || !hfai_ini_set(section, key, value))
                    abort();
                ops[count++] = (set_op){name, key, value};
                name = value = NULL;
            }
            free(name);
            free(value);
        }
        line = eol + 1;
    }
    return count;
}

/* After the round trip, each name's last value for each key is there. */
static void check_ops(const uint8_t *text, size_t len, const set_op *ops,
                      size_t count)
{
    hfai_ini read;
    hfa_error err = {0};
    if (hfai_ini_parse((const char *)text, len, "stored_tokens", &read, &err) !=
        HFA_OK)
        fail("the store written after set operations does not parse",
             err.message, NULL);
    for (size_t i = 0; i < count; i++) {
        /* Only the last set of each (name, key) counts. */
        bool later = false;
        for (size_t j = i + 1; j < count && !later; j++)
            later = strcmp(ops[j].name, ops[i].name) == 0 &&
                    ops[j].key == ops[i].key;
        if (later)
            continue;
        hfai_ini_section *section = hfai_ini_find(&read, ops[i].name);
        if (section == NULL)
            fail("a stored name is missing after a round trip", ops[i].name,
                 NULL);
        const char *got = NULL;
        for (size_t k = 0; k < section->count; k++) {
            if (strcmp(section->pairs[k].key, ops[i].key) == 0)
                got = section->pairs[k].value;
        }
        if (got == NULL || strcmp(got, ops[i].value) != 0)
            fail("a stored value did not come back", ops[i].value, got);
    }
    hfai_ini_free(&read);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy without a terminator: ASan sees any over-read. */
    char *text = malloc(size ? size : 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);

    hfai_ini ini;
    hfa_error err;
    if (hfai_ini_parse(text, size, "stored_tokens", &ini, &err) == HFA_OK) {
        check_round_trip(&ini);
    } else {
        /* A refused file leaves `ini` empty, and says where. */
        if (ini.count != 0 || ini.defaults.count != 0 || ini.sections != NULL)
            fail("a refused file left data behind", NULL, NULL);
        if (strncmp(err.message, "stored_tokens line ", 19) != 0)
            fail("a parse error does not name the file and line", err.message,
                 NULL);
        memset(&ini, 0, sizeof(ini));
    }

    set_op ops[MAX_OPS];
    size_t count = apply_ops(&ini, data, size, ops);
    if (count > 0) {
        check_round_trip(&ini);
        hfai_buf out = {0};
        if (!hfai_ini_serialize(&ini, &out))
            abort();
        check_ops((const uint8_t *)out.data, out.len, ops, count);
        hfai_buf_free(&out);
    }
    for (size_t i = 0; i < count; i++) {
        free(ops[i].name);
        free(ops[i].value);
    }
    hfai_ini_free(&ini);
    free(text);
    return 0;
}
