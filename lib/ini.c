/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ini.c - a reader and writer for stored_tokens that agree with Python's
 * configparser.ConfigParser(interpolation=None) line for line: universal
 * newlines, full-line '#'/';' comments, '=' or ':' at the first delimiter,
 * lower-cased keys, indented continuation lines, blank lines kept inside
 * values, [DEFAULT], and strict mode's duplicate errors.  Whitespace is what
 * Python's str.strip() removes, Unicode spaces included.
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

static char *span_dup(span s)
{
    return strndup(s.start, (size_t)(s.end - s.start));
}

static void section_clear(hfai_ini_section *section)
{
    for (size_t i = 0; i < section->count; i++) {
        free(section->pairs[i].key);
        hfa_secret_free(section->pairs[i].value);
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

hfai_ini_section *hfai_ini_add(hfai_ini *ini, const char *name)
{
    char *copy = strdup(name);
    hfai_ini_section *grown =
        copy ? realloc(ini->sections, (ini->count + 1) * sizeof(*grown)) : NULL;
    if (grown == NULL) {
        free(copy);
        return NULL;
    }
    ini->sections = grown;
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

const char *hfai_ini_get(const hfai_ini *ini, const hfai_ini_section *section,
                         const char *key)
{
    const hfai_ini_pair *pair = find_pair(section, key);
    if (pair == NULL)
        pair = find_pair(&ini->defaults, key);
    return pair ? pair->value : NULL;
}

bool hfai_ini_set(hfai_ini_section *section, const char *key,
                  const char *value)
{
    char *value_copy = strdup(value);
    if (value_copy == NULL)
        return false;
    hfai_ini_pair *pair = find_pair(section, key);
    if (pair != NULL) {
        hfa_secret_free(pair->value);
        pair->value = value_copy;
        return true;
    }
    char *key_copy = strdup(key);
    hfai_ini_pair *grown =
        key_copy ? realloc(section->pairs, (section->count + 1) * sizeof(*grown))
                 : NULL;
    if (grown == NULL) {
        free(key_copy);
        hfa_secret_free(value_copy);
        return false;
    }
    section->pairs = grown;
    section->pairs[section->count++] = (hfai_ini_pair){key_copy, value_copy};
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
    hfa_secret_free(pair->value);
    memmove(&section->pairs[index], &section->pairs[index + 1],
            (section->count - index - 1) * sizeof(*pair));
    section->count--;
}

/* Appends "\n<text>" to a value, as configparser joins continuation lines. */
static bool append_line(hfai_ini_pair *pair, span text)
{
    size_t old_len = strlen(pair->value);
    size_t add = (size_t)(text.end - text.start);
    char *grown = malloc(old_len + add + 2);
    if (grown == NULL)
        return false;
    memcpy(grown, pair->value, old_len);
    grown[old_len] = '\n';
    memcpy(grown + old_len + 1, text.start, add);
    grown[old_len + 1 + add] = '\0';
    hfa_secret_free(pair->value);
    pair->value = grown;
    return true;
}

/* The value's trailing whitespace goes, as in _join_multiline_values(). */
static void rstrip_value(char *value)
{
    span s = {value, value + strlen(value)};
    const unsigned char *start = (const unsigned char *)s.start;
    const unsigned char *end = (const unsigned char *)s.end;
    size_t width;
    while (end > start && (width = hfai_space_before(start, end)) > 0)
        end -= width;
    value[(const char *)end - value] = '\0';
}

/* ---- keys: Python's str.lower() ---- */

typedef struct {
    uint32_t lo, hi;
} hfai_cp_range;

#include "pylower.h"

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))
/* A byte that is not UTF-8, kept as it is: neither cased nor ignorable. */
#define RAW_BYTE 0x80000000u

static bool in_ranges(const hfai_cp_range *ranges, size_t count,
                      uint32_t cp)
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
static size_t lower_one(const uint32_t *cps, size_t count, size_t at,
                        char *out)
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

typedef struct {
    hfai_ini *ini;
    long section;       /* index into ini->sections, -1 for [DEFAULT] */
    bool in_section;
    long option;        /* index of the current option, -1 for none */
    size_t indent_level;
} parser;

static hfai_ini_section *current_section(parser *p)
{
    return p->section < 0 ? &p->ini->defaults : &p->ini->sections[p->section];
}

static hfa_status parse_error(hfa_error *err, const char *path, size_t line,
                              const char *what, const char *detail)
{
    return hfai_fail(err, HFA_ERR_PARSE,
                     "%s line %zu: %s%s; fix or remove the file by hand, "
                     "nothing was changed",
                     path, line, what, detail ? detail : "");
}

/* One line of the file, without its line break. */
static hfa_status parse_line(parser *p, span line, size_t lineno,
                             const char *path, hfa_error *err)
{
    span value = strip_span(line);
    bool comment = span_starts_with(value, '#') || span_starts_with(value, ';');
    if (comment || value.start == value.end) {
        /* A blank line inside a value is part of it; a comment is not. */
        if (!comment && p->in_section && p->option >= 0) {
            hfai_ini_pair *pair = &current_section(p)->pairs[p->option];
            if (!append_line(pair, (span){"", ""}))
                return hfai_nomem(err);
        }
        return HFA_OK;
    }
    /* configparser compares indentation in characters, not bytes. */
    size_t indent = 0;
    for (const char *c = line.start; c < value.start; c++)
        indent += ((unsigned char)*c & 0xc0) != 0x80;
    if (p->in_section && p->option >= 0 && indent > p->indent_level) {
        hfai_ini_pair *pair = &current_section(p)->pairs[p->option];
        return append_line(pair, value) ? HFA_OK : hfai_nomem(err);
    }
    p->indent_level = indent;

    /* configparser's SECTCRE is "\[(?P<header>.+)\]" matched at the start
     * of the stripped line: the header runs to the last ']'. */
    const char *last_bracket = NULL;
    for (const char *c = value.start; c < value.end; c++) {
        if (*c == ']')
            last_bracket = c;
    }
    if (value.start[0] == '[' && last_bracket != NULL &&
        last_bracket - value.start >= 2) {
        char *name = span_dup((span){value.start + 1, last_bracket});
        if (name == NULL)
            return hfai_nomem(err);
        p->option = -1;
        p->in_section = true;
        if (strcmp(name, "DEFAULT") == 0) {
            p->section = -1;
            free(name);
            return HFA_OK;
        }
        if (hfai_ini_find(p->ini, name) != NULL) {
            char detail[300];
            snprintf(detail, sizeof(detail), " [%s]", name);
            free(name);
            return parse_error(err, path, lineno, "duplicate section", detail);
        }
        hfai_ini_section *section = hfai_ini_add(p->ini, name);
        free(name);
        if (section == NULL)
            return hfai_nomem(err);
        p->section = (long)p->ini->count - 1;
        return HFA_OK;
    }
    if (!p->in_section)
        return parse_error(err, path, lineno,
                           "no [section] header before this line", NULL);

    /* OPTCRE: the key runs to the first '=' or ':'. */
    const char *delimiter = value.start;
    while (delimiter < value.end && *delimiter != '=' && *delimiter != ':')
        delimiter++;
    span key = strip_span((span){value.start, delimiter});
    if (delimiter == value.end || key.start == key.end)
        return parse_error(err, path, lineno,
                           "not a `key = value` line", NULL);
    char *key_name = lower_key(key);
    if (key_name == NULL)
        return hfai_nomem(err);
    hfai_ini_section *section = current_section(p);
    if (find_pair(section, key_name) != NULL) {
        char detail[300];
        snprintf(detail, sizeof(detail), " '%s' in [%s]", key_name,
                 section->name ? section->name : "DEFAULT");
        free(key_name);
        return parse_error(err, path, lineno, "duplicate key", detail);
    }
    char *text = span_dup(strip_span((span){delimiter + 1, value.end}));
    bool ok = text != NULL && hfai_ini_set(section, key_name, text);
    free(key_name);
    hfa_secret_free(text);
    if (!ok)
        return hfai_nomem(err);
    p->option = (long)section->count - 1;
    return HFA_OK;
}

hfa_status hfai_ini_parse(const char *text, size_t len, const char *path,
                          hfai_ini *ini, hfa_error *err)
{
    memset(ini, 0, sizeof(*ini));
    const char *nul = memchr(text, '\0', len);
    if (nul != NULL) {
        size_t nul_line = 1;
        for (const char *c = text; c < nul; c++)
            nul_line += *c == '\n' || (*c == '\r' && c[1] != '\n');
        return parse_error(err, path, nul_line, "a NUL byte", NULL);
    }
    parser p = {.ini = ini, .section = -1, .option = -1};
    const char *cursor = text, *end = text + len;
    size_t lineno = 0;
    while (cursor < end) {
        /* Python reads text files with universal newlines: \n, \r\n, \r. */
        const char *eol = cursor;
        while (eol < end && *eol != '\n' && *eol != '\r')
            eol++;
        lineno++;
        hfa_status status = parse_line(&p, (span){cursor, eol}, lineno, path,
                                       err);
        if (status != HFA_OK) {
            hfai_ini_free(ini);
            return status;
        }
        if (eol < end && eol[0] == '\r' && eol + 1 < end && eol[1] == '\n')
            eol++;
        cursor = eol < end ? eol + 1 : end;
    }
    for (size_t i = 0; i < ini->defaults.count; i++)
        rstrip_value(ini->defaults.pairs[i].value);
    for (size_t s = 0; s < ini->count; s++) {
        for (size_t i = 0; i < ini->sections[s].count; i++)
            rstrip_value(ini->sections[s].pairs[i].value);
    }
    return HFA_OK;
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
         * lines indented by a tab. */
        for (const char *c = pair->value; *c != '\0'; c++) {
            bool ok = *c == '\n' ? hfai_buf_puts(out, "\n\t")
                                 : hfai_buf_append(out, c, 1);
            if (!ok)
                return false;
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
