/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ini.c - a reader and writer for stored_tokens that agree with Python's
 * configparser.ConfigParser(interpolation=None) line for line: universal
 * newlines, full-line '#'/';' comments, '=' or ':' at the first delimiter,
 * lower-cased keys, indented continuation lines, blank lines kept inside
 * values, [DEFAULT], and strict mode's duplicate errors.  Whitespace is what
 * Python's str.strip() removes, Unicode spaces included.
 *
 * Reading takes time linear in the file's size: duplicates are found
 * through a hash index of the names and keys seen so far, values grow in
 * place, arrays double.  (Shell completion lists the names at every Tab:
 * one scan of every earlier section per header made a 1 MiB file cost
 * most of a minute.)
 */
#include "ini.h"
#include "text.h"

#include <limits.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

typedef struct {
    const char *start;
    const char *end;
} span;

static span strip_span(span s)
{
    const unsigned char *start = (const unsigned char *)s.start;
    const unsigned char *end = (const unsigned char *)s.end;
    size_t width;
    while ((width = hfai_space_at(start, end)) > 0)
        start += width;
    while (end > start && (width = hfai_space_before(start, end)) > 0)
        end -= width;
    return (span){(const char *)start, (const char *)end};
}

static bool span_starts_with(span s, char c)
{
    return s.end > s.start && s.start[0] == c;
}

static size_t span_len(span s)
{
    return (size_t)(s.end - s.start);
}

static char *span_dup(span s)
{
    return strndup(s.start, span_len(s));
}

static void section_clear(hfai_ini_section *section)
{
    for (size_t i = 0; i < section->count; i++) {
        free(section->pairs[i].key);
        hfai_wipe(section->pairs[i].value, section->pairs[i].value_len);
        free(section->pairs[i].value);
    }
    free(section->pairs);
    free(section->name);
    memset(section, 0, sizeof(*section));
}

void hfai_ini_free(hfai_ini *ini)
{
    section_clear(&ini->defaults);
    for (size_t i = 0; i < ini->count; i++)
        section_clear(&ini->sections[i]);
    free(ini->sections);
    memset(ini, 0, sizeof(*ini));
}

hfai_ini_section *hfai_ini_find(hfai_ini *ini, const char *name)
{
    for (size_t i = 0; i < ini->count; i++) {
        if (strcmp(ini->sections[i].name, name) == 0)
            return &ini->sections[i];
    }
    return NULL;
}

/* Room for one more element in an array that doubles, so that adding n
 * elements costs O(n) in all. */
static bool make_room(void **items, size_t *capacity, size_t count, size_t size)
{
    if (count < *capacity)
        return true;
    size_t grown_capacity = *capacity ? *capacity * 2 : 8;
    if (grown_capacity > SIZE_MAX / size)
        return false;
    void *grown = realloc(*items, grown_capacity * size);
    if (grown == NULL)
        return false;
    *items = grown;
    *capacity = grown_capacity;
    return true;
}

hfai_ini_section *hfai_ini_add(hfai_ini *ini, const char *name)
{
    char *copy = strdup(name);
    if (copy == NULL || !make_room((void **)&ini->sections, &ini->capacity,
                                   ini->count, sizeof(*ini->sections))) {
        free(copy);
        return NULL;
    }
    hfai_ini_section *section = &ini->sections[ini->count++];
    memset(section, 0, sizeof(*section));
    section->name = copy;
    return section;
}

void hfai_ini_remove(hfai_ini *ini, const char *name)
{
    hfai_ini_section *section = hfai_ini_find(ini, name);
    if (section == NULL)
        return;
    size_t index = (size_t)(section - ini->sections);
    section_clear(section);
    memmove(&ini->sections[index], &ini->sections[index + 1],
            (ini->count - index - 1) * sizeof(*section));
    ini->count--;
}

static hfai_ini_pair *find_pair(const hfai_ini_section *section,
                                const char *key)
{
    for (size_t i = 0; i < section->count; i++) {
        if (strcmp(section->pairs[i].key, key) == 0)
            return &section->pairs[i];
    }
    return NULL;
}

bool hfai_ini_has_own(const hfai_ini_section *section, const char *key)
{
    return find_pair(section, key) != NULL;
}

void hfai_ini_remove_if(hfai_ini *ini,
                        bool (*drop)(const hfai_ini_section *section,
                                     void *arg),
                        void *arg)
{
    size_t kept = 0;
    for (size_t i = 0; i < ini->count; i++) {
        if (drop(&ini->sections[i], arg))
            section_clear(&ini->sections[i]);
        else
            ini->sections[kept++] = ini->sections[i];
    }
    ini->count = kept;
}

const char *hfai_ini_value(const hfai_ini *ini, const hfai_ini_section *section,
                           const char *key, size_t *len)
{
    const hfai_ini_pair *pair = find_pair(section, key);
    if (pair == NULL)
        pair = find_pair(&ini->defaults, key);
    if (len != NULL)
        *len = pair ? pair->value_len : 0;
    return pair ? pair->value : NULL;
}

const char *hfai_ini_get(const hfai_ini *ini, const hfai_ini_section *section,
                         const char *key)
{
    size_t len;
    const char *value = hfai_ini_value(ini, section, key, &len);
    return value != NULL && memchr(value, '\0', len) == NULL ? value : NULL;
}

/* Adds a pair that takes `key` and `value` (of `value_len` bytes, NUL
 * after them) over; false, freeing neither, when memory runs out. */
static bool append_pair(hfai_ini_section *section, char *key, char *value,
                        size_t value_len)
{
    if (!make_room((void **)&section->pairs, &section->capacity, section->count,
                   sizeof(*section->pairs)))
        return false;
    hfai_ini_pair *pair = &section->pairs[section->count++];
    pair->key = key;
    pair->value = value;
    pair->value_len = value_len;
    return true;
}

bool hfai_ini_set(hfai_ini_section *section, const char *key, const char *value)
{
    size_t value_len = strlen(value);
    char *value_copy = strdup(value);
    if (value_copy == NULL)
        return false;
    hfai_ini_pair *pair = find_pair(section, key);
    if (pair != NULL) {
        hfai_wipe(pair->value, pair->value_len);
        free(pair->value);
        pair->value = value_copy;
        pair->value_len = value_len;
        return true;
    }
    char *key_copy = strdup(key);
    if (key_copy == NULL ||
        !append_pair(section, key_copy, value_copy, value_len)) {
        free(key_copy);
        hfa_secret_free(value_copy);
        return false;
    }
    /* cppcheck-suppress memleak ; the section owns both copies now */
    return true;
}

void hfai_ini_unset(hfai_ini_section *section, const char *key)
{
    hfai_ini_pair *pair = find_pair(section, key);
    if (pair == NULL)
        return;
    size_t index = (size_t)(pair - section->pairs);
    free(pair->key);
    hfai_wipe(pair->value, pair->value_len);
    free(pair->value);
    memmove(&section->pairs[index], &section->pairs[index + 1],
            (section->count - index - 1) * sizeof(*pair));
    section->count--;
}

/* ---- keys: Python's str.lower() ---- */

typedef struct {
    uint32_t lo, hi;
} hfai_cp_range;

#include "pylower.h"

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))
/* A byte that is not UTF-8, kept as it is: neither cased nor ignorable. */
#define RAW_BYTE 0x80000000u

static bool in_ranges(const hfai_cp_range *ranges, size_t count, uint32_t cp)
{
    size_t low = 0, high = count;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (cp < ranges[mid].lo)
            high = mid;
        else if (cp > ranges[mid].hi)
            low = mid + 1;
        else
            return true;
    }
    return false;
}

static bool ignorable(uint32_t cp)
{
    return in_ranges(hfai_case_ignorable, COUNT(hfai_case_ignorable), cp);
}

static bool cased(uint32_t cp)
{
    return in_ranges(hfai_cased, COUNT(hfai_cased), cp);
}

/* Capital sigma at cps[at]: final sigma when a cased character comes
 * before it and none after it, case-ignorable ones skipped both ways. */
static uint32_t lower_sigma(const uint32_t *cps, size_t count, size_t at)
{
    size_t before = at, after = at + 1;
    while (before > 0 && ignorable(cps[before - 1]))
        before--;
    if (before == 0 || !cased(cps[before - 1]))
        return 0x3C3;
    while (after < count && ignorable(cps[after]))
        after++;
    return after < count && cased(cps[after]) ? 0x3C3 : 0x3C2;
}

/* The key's code points; a byte that is not UTF-8 becomes RAW_BYTE|byte
 * (configparser could not have read it; it is kept). */
static size_t decode_key(const char *key, size_t len, uint32_t *cps)
{
    mbstate_t state;
    memset(&state, 0, sizeof(state));
    size_t count = 0;
    for (size_t at = 0; at < len;) {
        wchar_t wide;
        size_t width = mbrtowc(&wide, key + at, len - at, &state);
        if (width == (size_t)-1 || width == (size_t)-2 || width == 0) {
            cps[count++] = RAW_BYTE | (unsigned char)key[at++];
            memset(&state, 0, sizeof(state));
            continue;
        }
        cps[count++] = (uint32_t)wide;
        at += width;
    }
    return count;
}

static size_t put_cp(char *out, uint32_t cp)
{
    mbstate_t state;
    memset(&state, 0, sizeof(state));
    size_t written = wcrtomb(out, (wchar_t)cp, &state);
    return written == (size_t)-1 ? 0 : written;
}

/* One code point lower-cased into out: towlower(), but for the characters
 * where str.lower() differs (lib/pylower.h). */
static size_t lower_one(const uint32_t *cps, size_t count, size_t at, char *out)
{
    uint32_t cp = cps[at];
    if (cp & RAW_BYTE) {
        out[0] = (char)(cp & 0xFF);
        return 1;
    }
    if (cp == 0x3A3)
        return put_cp(out, lower_sigma(cps, count, at));
    for (size_t i = 0; i < COUNT(hfai_lower_special); i++) {
        if (hfai_lower_special[i].from != cp)
            continue;
        size_t used = 0;
        for (size_t k = 0; k < 3 && hfai_lower_special[i].to[k] != 0; k++)
            used += put_cp(out + used, hfai_lower_special[i].to[k]);
        return used;
    }
    return put_cp(out, (uint32_t)towlower((wint_t)cp));
}

/* configparser's optionxform is str.lower(): Unicode lower case, with
 * towlower() in the C.UTF-8 locale of this thread only (uselocale), so
 * the process's locale is neither read nor changed, and Python's own
 * exceptions from lib/pylower.h. */
static char *lower_key(span key)
{
    char *ascii = span_dup(key);
    bool non_ascii = false;
    for (char *c = ascii; c != NULL && *c != '\0'; c++) {
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        non_ascii |= (unsigned char)*c >= 0x80;
    }
    if (ascii == NULL || !non_ascii)
        return ascii;
    locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    if (utf8 == (locale_t)0)
        return ascii;
    locale_t previous = uselocale(utf8);
    size_t len = strlen(ascii);
    uint32_t *cps = malloc(len * sizeof(*cps));
    /* Each input byte gives at most 6 output bytes: a 2-byte character at
     * most 3 code points of at most 4 bytes. */
    char *lower = cps != NULL ? malloc(6 * len + 1) : NULL;
    if (lower != NULL) {
        size_t count = decode_key(ascii, len, cps), used = 0;
        for (size_t at = 0; at < count; at++)
            used += lower_one(cps, count, at, lower + used);
        lower[used] = '\0';
    }
    uselocale(previous);
    freelocale(utf8);
    free(cps);
    if (lower == NULL)
        return ascii;
    free(ascii);
    return lower;
}

/* ---- the index of the names and keys read so far ---- */

/* A section's name (pair 0) or one of its keys (pair j + 1 for pairs[j]);
 * owner 1 is [DEFAULT], i + 2 is sections[i], 0 an empty slot.  32 bits
 * are plenty: hfai_ini_parse() takes no text of 2 GiB or more. */
typedef struct {
    uint32_t hash;
    uint32_t owner;
    uint32_t pair;
} index_slot;

typedef struct {
    index_slot *slots;
    size_t capacity; /* a power of two, or 0 */
    size_t used;
} name_index;

#define OWNER_DEFAULT 1U
#define OWNER_OF(section_index) ((uint32_t)(section_index) + 2U)

/* FNV-1a over the bytes, seeded with the owner (names: 0), then murmur3's
 * finaliser so that every bit reaches the low bits the table uses.  Not
 * keyed: only who can write the file could make names collide, and they
 * can already put what they like in it. */
static uint32_t hash_text(uint32_t seed, const char *text, size_t len)
{
    uint32_t hash = 2166136261U ^ (seed * 0x9E3779B9U);
    for (size_t i = 0; i < len; i++) {
        hash ^= (unsigned char)text[i];
        hash *= 16777619U;
    }
    hash ^= hash >> 16;
    hash *= 0x85EBCA6BU;
    hash ^= hash >> 13;
    hash *= 0xC2B2AE35U;
    hash ^= hash >> 16;
    return hash;
}

static const char *slot_text(const hfai_ini *ini, const index_slot *slot)
{
    const hfai_ini_section *section = slot->owner == OWNER_DEFAULT
                                          ? &ini->defaults
                                          : &ini->sections[slot->owner - 2];
    return slot->pair == 0 ? section->name : section->pairs[slot->pair - 1].key;
}

/* The slot holding `text` as a name (owner 0) or as a key of `owner`, or
 * else the empty slot where it would go. */
static index_slot *index_lookup(const name_index *index, const hfai_ini *ini,
                                uint32_t owner, const char *text, uint32_t hash)
{
    size_t mask = index->capacity - 1;
    for (size_t at = hash & mask;; at = (at + 1) & mask) {
        index_slot *slot = &index->slots[at];
        if (slot->owner == 0)
            return slot;
        bool same_kind = owner == 0 ? slot->pair == 0
                                    : slot->pair != 0 && slot->owner == owner;
        if (slot->hash == hash && same_kind &&
            strcmp(slot_text(ini, slot), text) == 0)
            return slot;
    }
}

/* Keeps at least one slot in four empty, so lookups stay short. */
static bool index_make_room(name_index *index)
{
    if ((index->used + 1) * 4 <= index->capacity * 3)
        return true;
    size_t capacity = index->capacity ? index->capacity * 2 : 64;
    index_slot *slots = calloc(capacity, sizeof(*slots));
    if (slots == NULL)
        return false;
    for (size_t i = 0; i < index->capacity; i++) {
        const index_slot *old = &index->slots[i];
        if (old->owner == 0)
            continue;
        size_t at = old->hash & (capacity - 1);
        while (slots[at].owner != 0)
            at = (at + 1) & (capacity - 1);
        slots[at] = *old;
    }
    free(index->slots);
    index->slots = slots;
    index->capacity = capacity;
    return true;
}

/* Whether `text` is already a name (owner 0) or a key of `owner`; when it
 * is not, it is recorded as what `owner_of_text` / `pair` say.  -1 when
 * memory runs out. */
static int index_seen(name_index *index, const hfai_ini *ini, uint32_t owner,
                      const char *text, uint32_t owner_of_text, uint32_t pair)
{
    if (!index_make_room(index))
        return -1;
    uint32_t hash = hash_text(owner, text, strlen(text));
    index_slot *slot = index_lookup(index, ini, owner, text, hash);
    if (slot->owner != 0)
        return 1;
    *slot = (index_slot){hash, owner_of_text, pair};
    index->used++;
    return 0;
}

/* ---- reading ---- */

typedef struct {
    hfai_ini *ini;
    long section; /* index into ini->sections, -1 for [DEFAULT] */
    bool in_section;
    long option; /* index of the current option, -1 for none */
    size_t indent_level;
    hfai_buf value; /* the current option's value as read so far */
    name_index index;
} parser;

static hfai_ini_section *current_section(parser *p)
{
    return p->section < 0 ? &p->ini->defaults : &p->ini->sections[p->section];
}

static uint32_t current_owner(const parser *p)
{
    return p->section < 0 ? OWNER_DEFAULT : OWNER_OF(p->section);
}

static hfa_status parse_error(hfa_error *err, const char *path, size_t line,
                              const char *what, const char *detail)
{
    return hfai_fail(err, HFA_ERR_PARSE,
                     "%s line %zu: %s%s; fix or remove the file by hand, "
                     "nothing was changed",
                     path, line, what, detail ? detail : "");
}

/* The current option's value is complete: it goes to its pair, without
 * its trailing whitespace (configparser's _join_multiline_values()). */
static bool finish_value(parser *p)
{
    if (p->option < 0)
        return true;
    hfai_buf *value = &p->value;
    if (value->data == NULL && !hfai_buf_append(value, "", 0))
        return false;
    const unsigned char *start = (const unsigned char *)value->data;
    const unsigned char *end = start + value->len;
    size_t width;
    while (end > start && (width = hfai_space_before(start, end)) > 0)
        end -= width;
    size_t kept = (size_t)(end - start);
    hfai_wipe(value->data + kept, value->len - kept);
    hfai_ini_pair *pair = &current_section(p)->pairs[p->option];
    pair->value = value->data;
    pair->value_len = kept;
    *value = (hfai_buf){.secret = true};
    p->option = -1;
    return true;
}

/* A line that names a section ("[name]..."): true, with the name. */
static bool section_header(span value, span *name)
{
    /* configparser's SECTCRE is "\[(?P<header>.+)\]" matched at the start
     * of the stripped line: the header runs to the last ']'. */
    const char *last_bracket = NULL;
    for (const char *c = value.start; c < value.end; c++) {
        if (*c == ']')
            last_bracket = c;
    }
    if (value.start[0] != '[' || last_bracket == NULL ||
        last_bracket - value.start < 2)
        return false;
    *name = (span){value.start + 1, last_bracket};
    return true;
}

static hfa_status start_section(parser *p, span header, size_t lineno,
                                const char *path, hfa_error *err)
{
    if (!finish_value(p))
        return hfai_nomem(err);
    p->in_section = true;
    if (memchr(header.start, '\0', span_len(header)) != NULL)
        return parse_error(err, path, lineno, "a NUL byte in a section name",
                           NULL);
    char *name = span_dup(header);
    if (name == NULL)
        return hfai_nomem(err);
    if (strcmp(name, "DEFAULT") == 0) {
        p->section = -1;
        free(name);
        return HFA_OK;
    }
    int seen =
        index_seen(&p->index, p->ini, 0, name, OWNER_OF(p->ini->count), 0);
    hfai_ini_section *section = seen == 0 ? hfai_ini_add(p->ini, name) : NULL;
    if (seen == 1) {
        char detail[300];
        snprintf(detail, sizeof(detail), " [%s]", name);
        free(name);
        return parse_error(err, path, lineno, "duplicate section", detail);
    }
    free(name);
    if (section == NULL)
        return hfai_nomem(err);
    p->section = (long)p->ini->count - 1;
    return HFA_OK;
}

static hfa_status start_option(parser *p, span line, size_t lineno,
                               const char *path, hfa_error *err)
{
    /* OPTCRE: the key runs to the first '=' or ':'. */
    const char *delimiter = line.start;
    while (delimiter < line.end && *delimiter != '=' && *delimiter != ':')
        delimiter++;
    span key = strip_span((span){line.start, delimiter});
    if (delimiter == line.end || key.start == key.end)
        return parse_error(err, path, lineno, "not a `key = value` line", NULL);
    if (memchr(key.start, '\0', span_len(key)) != NULL)
        return parse_error(err, path, lineno, "a NUL byte in a key", NULL);
    if (!finish_value(p))
        return hfai_nomem(err);
    char *key_name = lower_key(key);
    if (key_name == NULL)
        return hfai_nomem(err);
    hfai_ini_section *section = current_section(p);
    int seen = index_seen(&p->index, p->ini, current_owner(p), key_name,
                          current_owner(p), (uint32_t)section->count + 1);
    if (seen == 1) {
        char detail[300];
        snprintf(detail, sizeof(detail), " '%s' in [%s]", key_name,
                 section->name ? section->name : "DEFAULT");
        free(key_name);
        return parse_error(err, path, lineno, "duplicate key", detail);
    }
    span text = strip_span((span){delimiter + 1, line.end});
    if (seen < 0 || !append_pair(section, key_name, NULL, 0)) {
        free(key_name);
        return hfai_nomem(err);
    }
    p->option = (long)section->count - 1;
    return hfai_buf_append(&p->value, text.start, span_len(text))
               ? HFA_OK
               : hfai_nomem(err);
}

/* One line of the file, without its line break. */
static hfa_status parse_line(parser *p, span line, size_t lineno,
                             const char *path, hfa_error *err)
{
    span value = strip_span(line);
    bool comment = span_starts_with(value, '#') || span_starts_with(value, ';');
    if (comment || value.start == value.end) {
        /* A blank line inside a value is part of it; a comment is not. */
        if (!comment && p->in_section && p->option >= 0 &&
            !hfai_buf_append(&p->value, "\n", 1))
            return hfai_nomem(err);
        return HFA_OK;
    }
    /* configparser compares indentation in characters, not bytes. */
    size_t indent = 0;
    for (const char *c = line.start; c < value.start; c++)
        indent += ((unsigned char)*c & 0xc0) != 0x80;
    if (p->in_section && p->option >= 0 && indent > p->indent_level) {
        bool ok = hfai_buf_append(&p->value, "\n", 1) &&
                  hfai_buf_append(&p->value, value.start, span_len(value));
        return ok ? HFA_OK : hfai_nomem(err);
    }
    p->indent_level = indent;
    span header;
    if (section_header(value, &header))
        return start_section(p, header, lineno, path, err);
    if (!p->in_section)
        return parse_error(err, path, lineno,
                           "no [section] header before this line", NULL);
    return start_option(p, value, lineno, path, err);
}

/* Python decodes the whole file before configparser sees a line, and
 * stops at the first byte that is not UTF-8.  Lines end at ASCII bytes,
 * which no multi-byte sequence holds: checking line by line is the same. */
static hfa_status parse_all(parser *p, const char *text, size_t len,
                            const char *path, hfa_error *err)
{
    if (len >= INT32_MAX)
        return parse_error(err, path, 1, "a file of 2 GiB or more", NULL);
    const char *cursor = text, *end = text + len;
    size_t lineno = 0;
    while (cursor < end) {
        /* Python reads text files with universal newlines: \n, \r\n, \r. */
        const char *eol = cursor;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        lineno++;
        if (!hfai_utf8_valid((const unsigned char *)cursor,
                             (size_t)(eol - cursor)))
            return parse_error(err, path, lineno,
                               "bytes that are not UTF-8 (Python cannot "
                               "read the file either)",
                               NULL);
        hfa_status status =
            parse_line(p, (span){cursor, eol}, lineno, path, err);
        if (status != HFA_OK)
            return status;
        if (eol < end && eol[0] == '\r' && eol + 1 < end && eol[1] == '\n')
            eol++;
        cursor = eol < end ? eol + 1 : end;
    }
    return finish_value(p) ? HFA_OK : hfai_nomem(err);
}

hfa_status hfai_ini_parse(const char *text, size_t len, const char *path,
                          hfai_ini *ini, hfa_error *err)
{
    memset(ini, 0, sizeof(*ini));
    parser p = {
        .ini = ini, .section = -1, .option = -1, .value = {.secret = true}};
    hfa_status status = parse_all(&p, text, len, path, err);
    hfai_buf_free(&p.value);
    free(p.index.slots);
    if (status != HFA_OK)
        hfai_ini_free(ini);
    return status;
}

static bool write_section(hfai_buf *out, const char *name,
                          const hfai_ini_section *section)
{
    if (!hfai_buf_puts(out, "[") || !hfai_buf_puts(out, name) ||
        !hfai_buf_puts(out, "]\n"))
        return false;
    for (size_t i = 0; i < section->count; i++) {
        const hfai_ini_pair *pair = &section->pairs[i];
        if (!hfai_buf_puts(out, pair->key) || !hfai_buf_puts(out, " = "))
            return false;
        /* configparser writes a multi-line value with its continuation
         * lines indented by a tab; a NUL byte goes back as it came. */
        const char *start = pair->value, *end = pair->value + pair->value_len;
        while (start < end) {
            const char *newline = memchr(start, '\n', (size_t)(end - start));
            const char *stop = newline ? newline : end;
            if (!hfai_buf_append(out, start, (size_t)(stop - start)) ||
                (newline != NULL && !hfai_buf_puts(out, "\n\t")))
                return false;
            start = newline ? newline + 1 : end;
        }
        if (!hfai_buf_puts(out, "\n"))
            return false;
    }
    return hfai_buf_puts(out, "\n");
}

static int compare_sections(const void *a, const void *b)
{
    const hfai_ini_section *const *left = a, *const *right = b;
    /* Byte order of UTF-8 is code point order: Python's sorted(). */
    return strcmp((*left)->name, (*right)->name);
}

bool hfai_ini_serialize(const hfai_ini *ini, hfai_buf *out)
{
    out->secret = true;
    if (ini->defaults.count > 0 &&
        !write_section(out, "DEFAULT", &ini->defaults))
        return false;
    /* An array of pointers: sizeof(*order) is a pointer's size, as meant.
     * NOLINTNEXTLINE(bugprone-sizeof-expression) */
    const hfai_ini_section **order = calloc(ini->count + 1, sizeof(*order));
    if (order == NULL)
        return false;
    for (size_t i = 0; i < ini->count; i++)
        order[i] = &ini->sections[i];
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): as above */
    qsort(order, ini->count, sizeof(*order), compare_sections);
    bool ok = true;
    for (size_t i = 0; ok && i < ini->count; i++)
        ok = write_section(out, order[i]->name, order[i]);
    free(order);
    if (ok && out->data == NULL)
        ok = hfai_buf_append(out, "", 0);
    return ok;
}
