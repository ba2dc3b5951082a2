/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ini_compat.c - lib/ini.c against Python's configparser itself: the
 * fixtures under tests/unit/fixtures/ and what configparser read from them
 * were written by tests/unit/make_fixtures.py (see its docstring for the
 * three kinds).  One cmocka test per fixture, named "kind:name", built
 * from fixtures/index.txt at run time so a new fixture needs no C change.
 */
#include "ini.h"
#include "unit.h"

#include <cjson/cJSON.h>

typedef struct {
    char kind[16];
    char name[128];
    char title[160];
} fixture;

static char *fixture_path(const char *name, const char *suffix)
{
    const char *src = getenv("HFA_SRC");
    if (src == NULL || src[0] == '\0')
        ut_die("HFA_SRC is not set (run through tests/run.sh)");
    return ut_fmt("%s/tests/unit/fixtures/%s%s", src, name, suffix);
}

static cJSON *load_expected(const char *name)
{
    char *path = fixture_path(name, ".expected.json");
    size_t len = 0;
    char *text = ut_read(path, &len);
    if (text == NULL)
        fail_msg("cannot read %s", path);
    cJSON *json = cJSON_ParseWithLength(text, len);
    if (json == NULL)
        fail_msg("%s is not JSON", path);
    free(text);
    free(path);
    return json;
}

/* A section (or [DEFAULT]) holds exactly the JSON object's keys and
 * values, in the same order. */
static void assert_pairs(const hfai_ini_section *section, const cJSON *object,
                         const char *where)
{
    assert_true(cJSON_IsObject(object));
    size_t count = (size_t)cJSON_GetArraySize(object);
    if (section->count != count)
        fail_msg("%s: %zu keys, configparser reads %zu", where, section->count,
                 count);
    size_t i = 0;
    const cJSON *item;
    cJSON_ArrayForEach(item, object)
    {
        const hfai_ini_pair *pair = &section->pairs[i++];
        if (strcmp(pair->key, item->string) != 0)
            fail_msg("%s: key #%zu is [%s], configparser reads [%s]", where, i,
                     pair->key, item->string);
        if (strcmp(pair->value, item->valuestring) != 0)
            fail_msg("%s: %s = [%s], configparser reads [%s]", where, pair->key,
                     pair->value, item->valuestring);
    }
}

/* Values holding a NUL byte, byte for byte ("nul_values_hex"). */
static void assert_nul_values(hfai_ini *ini, const cJSON *expected,
                              const char *name)
{
    const cJSON *hex =
        cJSON_GetObjectItemCaseSensitive(expected, "nul_values_hex");
    const cJSON *section, *item;
    cJSON_ArrayForEach(section, hex)
    {
        const hfai_ini_section *ours = hfai_ini_find(ini, section->string);
        if (ours == NULL)
            fail_msg("%s: no section [%s]", name, section->string);
        cJSON_ArrayForEach(item, section)
        {
            size_t len = 0, want_len = strlen(item->valuestring) / 2;
            const char *got = hfai_ini_value(ini, ours, item->string, &len);
            char *want = malloc(want_len + 1);
            assert_non_null(want);
            for (size_t i = 0; i < want_len; i++) {
                unsigned byte = 0;
                assert_int_equal(
                    sscanf(item->valuestring + 2 * i, "%2x", &byte), 1);
                want[i] = (char)byte;
            }
            if (got == NULL || len != want_len || memcmp(got, want, len) != 0)
                fail_msg("%s [%s]: %s differs from configparser's value "
                         "(%zu bytes, %zu expected)",
                         name, section->string, item->string, len, want_len);
            free(want);
        }
    }
}

/* The parsed file is what configparser read: [DEFAULT], the sections
 * with their own keys (in file order when `in_order`: our writer sorts the
 * sections, so a rewritten file has configparser's sections in another
 * order), and what get() gives for each key. */
static void assert_same_data(hfai_ini *ini, const cJSON *expected,
                             const char *name, bool in_order)
{
    const cJSON *defaults =
        cJSON_GetObjectItemCaseSensitive(expected, "defaults");
    const cJSON *sections =
        cJSON_GetObjectItemCaseSensitive(expected, "sections");
    const cJSON *merged = cJSON_GetObjectItemCaseSensitive(expected, "merged");
    char *where = ut_fmt("%s [DEFAULT]", name);
    assert_pairs(&ini->defaults, defaults, where);
    free(where);
    size_t count = (size_t)cJSON_GetArraySize(sections);
    if (ini->count != count)
        fail_msg("%s: %zu sections, configparser reads %zu", name, ini->count,
                 count);
    size_t i = 0;
    const cJSON *section;
    cJSON_ArrayForEach(section, sections)
    {
        const hfai_ini_section *ours =
            in_order ? &ini->sections[i] : hfai_ini_find(ini, section->string);
        i++;
        if (ours == NULL)
            fail_msg("%s: no section [%s]", name, section->string);
        if (strcmp(ours->name, section->string) != 0)
            fail_msg("%s: section #%zu is [%s], configparser reads [%s]", name,
                     i, ours->name, section->string);
        where = ut_fmt("%s [%s]", name, ours->name);
        assert_pairs(ours, section, where);
        /* get() with the [DEFAULT] fallback, key by key. */
        const cJSON *view =
            cJSON_GetObjectItemCaseSensitive(merged, section->string);
        const cJSON *item;
        size_t visible = ini->defaults.count;
        for (size_t p = 0; p < ours->count; p++) {
            bool shadows = false;
            for (size_t d = 0; d < ini->defaults.count; d++)
                shadows |=
                    strcmp(ini->defaults.pairs[d].key, ours->pairs[p].key) == 0;
            visible += !shadows;
        }
        if (visible != (size_t)cJSON_GetArraySize(view))
            fail_msg("%s: %zu keys visible, configparser shows %d", where,
                     visible, cJSON_GetArraySize(view));
        cJSON_ArrayForEach(item, view)
        {
            /* A value with a NUL compares up to it here, whole below. */
            const char *got = hfai_ini_value(ini, ours, item->string, NULL);
            if (got == NULL || strcmp(got, item->valuestring) != 0)
                fail_msg("%s: get(%s) = [%s], configparser gets [%s]", where,
                         item->string, got ? got : "(null)", item->valuestring);
        }
        free(where);
    }
    assert_nul_values(ini, expected, name);
}

static void run_fixture(void **state)
{
    const fixture *f = *state;
    char *path = fixture_path(f->name, ".ini");
    size_t len = 0;
    char *text = ut_read(path, &len);
    if (text == NULL)
        fail_msg("cannot read %s", path);
    cJSON *expected = load_expected(f->name);
    hfai_ini ini;
    hfa_error err = {0};
    hfa_status status = hfai_ini_parse(text, len, path, &ini, &err);

    if (strcmp(f->kind, "rejected") == 0) {
        if (status != HFA_ERR_PARSE)
            fail_msg("%s: configparser refuses it, we read it (status %d)",
                     f->name, status);
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(expected, "line");
        const cJSON *error =
            cJSON_GetObjectItemCaseSensitive(expected, "error");
        char *want = ut_fmt("line %d:", line->valueint);
        assert_message_has(err, want);
        assert_message_has(err, path);
        if (strncmp(error->valuestring, "Duplicate", 9) == 0)
            assert_message_has(err, "duplicate");
        free(want);
    } else {
        if (status != HFA_OK)
            fail_msg("%s: configparser reads it, we fail: %s", f->name,
                     err.message);
        assert_same_data(&ini, expected, f->name, true);
        hfai_buf out = {0};
        assert_true(hfai_ini_serialize(&ini, &out));
        if (strcmp(f->kind, "roundtrip") == 0) {
            if (out.len != len || memcmp(out.data, text, len) != 0)
                fail_msg("%s: written back differently:\n--- file\n%s\n"
                         "--- ours\n%s",
                         f->name, text, out.data);
        } else {
            /* Not configparser's bytes, but the same data once re-read. */
            hfai_ini again;
            status = hfai_ini_parse(out.data, out.len, path, &again, &err);
            if (status != HFA_OK)
                fail_msg("%s: cannot re-read our own output: %s\n%s", f->name,
                         err.message, out.data);
            char *what = ut_fmt("%s (rewritten)", f->name);
            assert_same_data(&again, expected, what, false);
            free(what);
            hfai_ini_free(&again);
        }
        hfai_buf_free(&out);
        hfai_ini_free(&ini);
    }
    cJSON_Delete(expected);
    free(text);
    free(path);
}

/* Every *.ini in fixtures/ is listed in index.txt and has its expected
 * JSON: a fixture nobody runs would be a silent gap. */
static fixture *fixtures;
static size_t fixture_count;

static void test_index_complete(void **state)
{
    (void)state;
    char *dir = fixture_path("", "");
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *entry;
    size_t ini_files = 0;
    while ((entry = readdir(d)) != NULL) {
        size_t n = strlen(entry->d_name);
        if (n < 5 || strcmp(entry->d_name + n - 4, ".ini") != 0)
            continue;
        ini_files++;
        bool listed = false;
        for (size_t i = 0; i < fixture_count; i++)
            listed |= strlen(fixtures[i].name) == n - 4 &&
                      strncmp(fixtures[i].name, entry->d_name, n - 4) == 0;
        if (!listed)
            fail_msg("%s is not in index.txt", entry->d_name);
    }
    closedir(d);
    assert_int_equal(ini_files, fixture_count);
    size_t kinds[3] = {0};
    for (size_t i = 0; i < fixture_count; i++) {
        kinds[0] += strcmp(fixtures[i].kind, "roundtrip") == 0;
        kinds[1] += strcmp(fixtures[i].kind, "accepted") == 0;
        kinds[2] += strcmp(fixtures[i].kind, "rejected") == 0;
        char *json = fixture_path(fixtures[i].name, ".expected.json");
        if (!ut_exists(json))
            fail_msg("%s missing", json);
        free(json);
    }
    /* Each kind is really exercised. */
    assert_true(kinds[0] >= 5);
    assert_true(kinds[1] >= 5);
    assert_true(kinds[2] >= 5);
    assert_int_equal(kinds[0] + kinds[1] + kinds[2], fixture_count);
    free(dir);
}

static void load_index(void)
{
    char *path = fixture_path("index", ".txt");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        ut_die("cannot read %s", path);
    char line[512];
    while (fgets(line, sizeof(line), f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        fixtures = realloc(fixtures, (fixture_count + 1) * sizeof(*fixtures));
        if (fixtures == NULL)
            ut_die("realloc");
        fixture *fx = &fixtures[fixture_count++];
        memset(fx, 0, sizeof(*fx));
        if (sscanf(line, "%15s %127s", fx->kind, fx->name) != 2)
            ut_die("bad index line: %s", line);
        snprintf(fx->title, sizeof(fx->title), "%s:%s", fx->kind, fx->name);
    }
    fclose(f);
    free(path);
}

int main(void)
{
    load_index();
    struct CMUnitTest *tests = calloc(fixture_count + 1, sizeof(*tests));
    if (tests == NULL)
        ut_die("calloc");
    tests[0] = (struct CMUnitTest)cmocka_unit_test(test_index_complete);
    for (size_t i = 0; i < fixture_count; i++) {
        tests[i + 1] = (struct CMUnitTest){
            .name = fixtures[i].title,
            .test_func = run_fixture,
            .initial_state = &fixtures[i],
        };
    }
    int failed = _cmocka_run_group_tests("ini_compat", tests, fixture_count + 1,
                                         NULL, NULL);
    free(tests);
    free(fixtures);
    return ut_finish(failed);
}
