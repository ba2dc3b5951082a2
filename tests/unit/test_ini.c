/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ini.c - the configparser-compatible reader and writer of
 * stored_tokens (lib/ini.c).  Every expectation here is what Python 3.11's
 * configparser.ConfigParser(interpolation=None) reads from the same bytes
 * opened as a file (universal newlines), checked by hand against Python;
 * the broader fixture comparison lives in test_ini_compat.c.
 */
#include "ini.h"
#include "unit.h"

#define PATH "/home/u/.cache/huggingface/stored_tokens"

/* Parses `len` bytes and insists that it worked. */
static void parse_len(const char *text, size_t len, hfai_ini *ini)
{
    hfa_error err = {0};
    hfa_status status = hfai_ini_parse(text, len, PATH, ini, &err);
    if (status != HFA_OK)
        fail_msg("parse failed (%d): %s", status, err.message);
}

static void parse(const char *text, hfai_ini *ini)
{
    parse_len(text, strlen(text), ini);
}

/* The section's own value (no [DEFAULT] fallback), or NULL. */
static const char *own(hfai_ini *ini, const char *section, const char *key)
{
    const hfai_ini_section *s = hfai_ini_find(ini, section);
    if (s == NULL)
        fail_msg("no section [%s]", section);
    for (size_t i = 0; i < s->count; i++) {
        if (strcmp(s->pairs[i].key, key) == 0)
            return s->pairs[i].value;
    }
    return NULL;
}

static void expect_error_len(const char *text, size_t len, size_t line)
{
    hfai_ini ini;
    hfa_error err = {0};
    hfa_status status = hfai_ini_parse(text, len, PATH, &ini, &err);
    assert_int_equal(status, HFA_ERR_PARSE);
    assert_int_equal(err.code, HFA_ERR_PARSE);
    assert_message_has(err, PATH);
    /* "line 1:" and not "line 12:": the colon ends the number. */
    char want[32];
    snprintf(want, sizeof(want), "line %zu:", line);
    assert_message_has(err, want);
    /* The reader leaves nothing behind on failure. */
    assert_int_equal(ini.count, 0);
    assert_null(ini.sections);
    assert_int_equal(ini.defaults.count, 0);
}

static void expect_error(const char *text, size_t line)
{
    expect_error_len(text, strlen(text), line);
}

/* serialize() output as a string the test owns. */
static char *serialize(const hfai_ini *ini, size_t *len)
{
    hfai_buf out = {0};
    assert_true(hfai_ini_serialize(ini, &out));
    assert_non_null(out.data);
    char *copy = malloc(out.len + 1);
    assert_non_null(copy);
    memcpy(copy, out.data, out.len + 1);
    if (len != NULL)
        *len = out.len;
    hfai_buf_free(&out);
    return copy;
}

/* ---- delimiters and blanks ------------------------------------------- */

static void test_equals_delimiter(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk = v\n", &ini);
    assert_int_equal(ini.count, 1);
    assert_string_equal(ini.sections[0].name, "s");
    assert_int_equal(ini.sections[0].count, 1);
    assert_string_equal(ini.sections[0].pairs[0].key, "k");
    assert_string_equal(ini.sections[0].pairs[0].value, "v");
    hfai_ini_free(&ini);
}

static void test_colon_delimiter(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk: v\nj:w\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "v");
    assert_string_equal(own(&ini, "s", "j"), "w");
    hfai_ini_free(&ini);
}

static void test_first_delimiter_splits(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk = a:b=c\nj: a=b\nurl = https://u:p@h/?x=1\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "a:b=c");
    assert_string_equal(own(&ini, "s", "j"), "a=b");
    assert_string_equal(own(&ini, "s", "url"), "https://u:p@h/?x=1");
    hfai_ini_free(&ini);
}

static void test_blanks_around_key_and_value(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\n   k   =   v  w   \nmy key\t:\tx\t\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "v  w");
    assert_string_equal(own(&ini, "s", "my key"), "x");
    hfai_ini_free(&ini);
}

static void test_empty_values(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[a]\nk =\nj:\n", &ini);
    assert_string_equal(own(&ini, "a", "k"), "");
    assert_string_equal(own(&ini, "a", "j"), "");
    /* configparser writes "k = " for an empty value. */
    char *text = serialize(&ini, NULL);
    assert_string_equal(text, "[a]\nk = \nj = \n\n");
    free(text);
    hfai_ini_free(&ini);
}

static void test_keys_lowercased(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[Work]\nHF_Token = v\nEXPIRES_AT = 5\n", &ini);
    /* Keys are folded, section names are not. */
    assert_non_null(hfai_ini_find(&ini, "Work"));
    assert_null(hfai_ini_find(&ini, "work"));
    assert_string_equal(ini.sections[0].pairs[0].key, "hf_token");
    assert_string_equal(ini.sections[0].pairs[1].key, "expires_at");
    assert_string_equal(hfai_ini_get(&ini, &ini.sections[0], "hf_token"), "v");
    assert_null(hfai_ini_get(&ini, &ini.sections[0], "HF_Token"));
    hfai_ini_free(&ini);
}

static void test_section_names_case_sensitive(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[Work]\nk = 1\n[work]\nk = 2\n", &ini);
    assert_int_equal(ini.count, 2);
    assert_string_equal(own(&ini, "Work", "k"), "1");
    assert_string_equal(own(&ini, "work", "k"), "2");
    hfai_ini_free(&ini);
}

/* configparser's optionxform is str.lower(): Unicode letters fold too. */
static void test_unicode_key_lowercased(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[a]\nN\xc3\x96TE = 1\n", &ini); /* "NÖTE" */
    assert_int_equal(ini.sections[0].count, 1);
    assert_string_equal(ini.sections[0].pairs[0].key, "n\xc3\xb6te");
    hfai_ini_free(&ini);
}

/* ...so "NÖTE" and "nöte" are one key, and strict mode rejects the file. */
static void test_unicode_case_duplicate_key(void **state)
{
    (void)state;
    expect_error("[a]\nN\xc3\x96TE = 1\nn\xc3\xb6te = 2\n", 3);
}

/* ---- comments ---------------------------------------------------------- */

static void test_full_line_comments(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("#c\n;c\n[s]\n  # indented\n\t; tabbed\nk = v\n# end\n", &ini);
    assert_int_equal(ini.count, 1);
    assert_int_equal(ini.sections[0].count, 1);
    assert_string_equal(own(&ini, "s", "k"), "v");
    hfai_ini_free(&ini);
}

static void test_inline_hash_is_value(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk = v # not a comment\nj = v ; nor this\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "v # not a comment");
    assert_string_equal(own(&ini, "s", "j"), "v ; nor this");
    hfai_ini_free(&ini);
}

static void test_comment_inside_value_skipped(void **state)
{
    (void)state;
    hfai_ini ini;
    /* A comment line is dropped, and the value goes on after it. */
    parse("[s]\nk = a\n# c\n  b\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "a\nb");
    hfai_ini_free(&ini);
    /* An indented comment is a comment, not a continuation line. */
    parse("[a]\nk = 1\n  \n  # c\n  d\n", &ini);
    assert_string_equal(own(&ini, "a", "k"), "1\n\nd");
    hfai_ini_free(&ini);
}

/* ---- multi-line values ------------------------------------------------- */

static void test_continuation_lines(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk = a\n  b\n\tc\nj = 2\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "a\nb\nc");
    assert_string_equal(own(&ini, "s", "j"), "2");
    hfai_ini_free(&ini);
}

static void test_blank_lines_inside_value(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk = a\n\n  b\n\n\nj = 2\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "a\n\nb");
    assert_string_equal(own(&ini, "s", "j"), "2");
    hfai_ini_free(&ini);
    /* Trailing blank lines are not part of the value. */
    parse("[s]\nk = a\n\n\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "a");
    hfai_ini_free(&ini);
}

static void test_indent_relative_to_option(void **state)
{
    (void)state;
    hfai_ini ini;
    /* Continuation means "indented more than the option line". */
    parse("[a]\n  x = 1\n    y\n z = 2\n", &ini);
    assert_string_equal(own(&ini, "a", "x"), "1\ny");
    assert_string_equal(own(&ini, "a", "z"), "2");
    hfai_ini_free(&ini);
    parse("[a]\nk=v\n[b]\n\tk = v\n\t\tc\n", &ini);
    assert_string_equal(own(&ini, "b", "k"), "v\nc");
    hfai_ini_free(&ini);
}

/* configparser counts indentation in characters, not bytes: an option
 * indented by one U+3000 (3 bytes) followed by a line indented by two
 * spaces is a continuation (2 > 1). */
static void test_unicode_indent_counted_in_characters(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[a]\n\xe3\x80\x80x = 1\n  z\n", &ini);
    assert_string_equal(own(&ini, "a", "x"), "1\nz");
    hfai_ini_free(&ini);
}

static void test_indented_header_is_continuation(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[a]\nx = 1\n  [b]\n", &ini);
    assert_int_equal(ini.count, 1);
    assert_string_equal(own(&ini, "a", "x"), "1\n[b]");
    hfai_ini_free(&ini);
}

static void test_serialize_multiline(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\nk = a\n\n  b\n\tc\n", &ini);
    char *text = serialize(&ini, NULL);
    assert_string_equal(text, "[s]\nk = a\n\t\n\tb\n\tc\n\n");
    free(text);
    hfai_ini_free(&ini);
}

/* ---- newlines ---------------------------------------------------------- */

static void test_crlf_newlines(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\r\nk = v\r\n  c\r\nj = w\r\n", &ini);
    assert_string_equal(own(&ini, "s", "k"), "v\nc");
    assert_string_equal(own(&ini, "s", "j"), "w");
    hfai_ini_free(&ini);
}

static void test_lone_cr_newlines(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[s]\rk = v\rj = w\r", &ini);
    assert_int_equal(ini.sections[0].count, 2);
    assert_string_equal(own(&ini, "s", "k"), "v");
    assert_string_equal(own(&ini, "s", "j"), "w");
    hfai_ini_free(&ini);
    /* Mixed, and no newline at the end. */
    parse("[s]\r\nk = v\r\n\rj = w\nl = x", &ini);
    assert_string_equal(own(&ini, "s", "k"), "v");
    assert_string_equal(own(&ini, "s", "j"), "w");
    assert_string_equal(own(&ini, "s", "l"), "x");
    hfai_ini_free(&ini);
}

static void test_error_line_counts_cr(void **state)
{
    (void)state;
    expect_error("[s]\rk = v\rbad\r", 3);
    expect_error("[s]\r\nk = v\r\nbad\r\n", 3);
    /* "\r\n" is one line break, not two. */
    expect_error("[s]\r\n\r\nk = v\r\nk = w\r\n", 4);
}

/* ---- [DEFAULT] --------------------------------------------------------- */

static void test_default_inheritance(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[DEFAULT]\nk = d\nrole = r\n[s]\nj = 1\n[t]\nk = own\n", &ini);
    /* [DEFAULT] is not a section. */
    assert_int_equal(ini.count, 2);
    assert_null(hfai_ini_find(&ini, "DEFAULT"));
    assert_int_equal(ini.defaults.count, 2);
    hfai_ini_section *s = hfai_ini_find(&ini, "s");
    hfai_ini_section *t = hfai_ini_find(&ini, "t");
    assert_non_null(s);
    assert_non_null(t);
    assert_string_equal(hfai_ini_get(&ini, s, "k"), "d");
    assert_string_equal(hfai_ini_get(&ini, s, "j"), "1");
    assert_string_equal(hfai_ini_get(&ini, s, "role"), "r");
    assert_string_equal(hfai_ini_get(&ini, t, "k"), "own");
    assert_null(hfai_ini_get(&ini, s, "missing"));
    /* Inherited keys are not copied into the section. */
    assert_int_equal(s->count, 1);
    hfai_ini_free(&ini);
}

static void test_default_after_sections(void **state)
{
    (void)state;
    hfai_ini ini;
    /* [DEFAULT] anywhere applies everywhere; it may even come twice. */
    parse("[a]\nk = 1\n[DEFAULT]\nk = 2\nx = 3\n[DEFAULT]\ny = 4\n", &ini);
    assert_int_equal(ini.count, 1);
    assert_string_equal(hfai_ini_get(&ini, &ini.sections[0], "k"), "1");
    assert_string_equal(hfai_ini_get(&ini, &ini.sections[0], "x"), "3");
    assert_string_equal(hfai_ini_get(&ini, &ini.sections[0], "y"), "4");
    hfai_ini_free(&ini);
}

static void test_default_duplicate_key(void **state)
{
    (void)state;
    /* Two [DEFAULT] blocks are one section for strict mode. */
    expect_error("[DEFAULT]\nk = 1\n[a]\n[DEFAULT]\nk = 2\n", 5);
}

static void test_default_written_first(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[b]\nx = 1\n\n[DEFAULT]\nk = d\n\n[a]\ny = 2\n", &ini);
    char *text = serialize(&ini, NULL);
    assert_string_equal(text,
                        "[DEFAULT]\nk = d\n\n[a]\ny = 2\n\n[b]\nx = 1\n\n");
    free(text);
    hfai_ini_free(&ini);
    /* An empty [DEFAULT] is not written, as configparser does. */
    parse("[DEFAULT]\n[a]\ny = 2\n", &ini);
    text = serialize(&ini, NULL);
    assert_string_equal(text, "[a]\ny = 2\n\n");
    free(text);
    hfai_ini_free(&ini);
}

/* ---- section headers --------------------------------------------------- */

static void test_header_runs_to_last_bracket(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[ sp ]\n[[x]]\n[a]b]\n[x] trailing\n[]]\n[a [b] c]\n", &ini);
    assert_int_equal(ini.count, 6);
    assert_string_equal(ini.sections[0].name, " sp ");
    assert_string_equal(ini.sections[1].name, "[x]");
    assert_string_equal(ini.sections[2].name, "a]b");
    assert_string_equal(ini.sections[3].name, "x");
    assert_string_equal(ini.sections[4].name, "]");
    assert_string_equal(ini.sections[5].name, "a [b] c");
    hfai_ini_free(&ini);
}

static void test_empty_brackets_not_header(void **state)
{
    (void)state;
    /* "[]" needs a name: not a header, so no section yet... */
    expect_error("[]\n", 1);
    /* ...and inside a section a line without a delimiter. */
    expect_error("[a]\n[]\n", 2);
}

/* ---- errors ------------------------------------------------------------ */

static void test_duplicate_section(void **state)
{
    (void)state;
    expect_error("[a]\nk = 1\n\n[b]\n[a]\n", 5);
    hfai_ini ini;
    hfa_error err = {0};
    const char *text = "[a]\n[a]\n";
    assert_int_equal(hfai_ini_parse(text, strlen(text), PATH, &ini, &err),
                     HFA_ERR_PARSE);
    assert_string_equal(err.message,
                        PATH " line 2: duplicate section [a]; fix or remove "
                             "the file by hand, nothing was changed");
}

/* Many sections and keys, as a big store has: read whole, and a
 * duplicate at the very end still found, by its line. */
static void test_many_sections_and_keys(void **state)
{
    (void)state;
    enum { SECTIONS = 20000, KEYS = 20000 };
    hfai_buf text = {0};
    char line[64];
    for (int i = 0; i < SECTIONS; i++) {
        snprintf(line, sizeof(line), "[token %05d]\nhf_token = hf_%05d\n\n", i,
                 i);
        assert_true(hfai_buf_puts(&text, line));
    }
    assert_true(hfai_buf_puts(&text, "[keys]\n"));
    for (int i = 0; i < KEYS; i++) {
        snprintf(line, sizeof(line), "key%05d = %d\n", i, i);
        assert_true(hfai_buf_puts(&text, line));
    }
    hfai_ini ini;
    parse_len(text.data, text.len, &ini);
    assert_int_equal(ini.count, SECTIONS + 1);
    assert_string_equal(hfai_ini_get(&ini, &ini.sections[12345], "hf_token"),
                        "hf_12345");
    assert_int_equal(ini.sections[SECTIONS].count, KEYS);
    hfai_ini_free(&ini);

    size_t lines = 3 * SECTIONS + 1 + KEYS;
    assert_true(hfai_buf_puts(&text, "KEY00017 = again\n"));
    expect_error_len(text.data, text.len, lines + 1);
    text.len -= strlen("KEY00017 = again\n");
    assert_true(hfai_buf_puts(&text, "[token 19999]\n"));
    hfa_error err = {0};
    assert_int_equal(hfai_ini_parse(text.data, text.len, PATH, &ini, &err),
                     HFA_ERR_PARSE);
    char *want = ut_fmt(PATH " line %zu: duplicate section [token 19999]; "
                             "fix or remove the file by hand, nothing was "
                             "changed",
                        lines + 1);
    assert_string_equal(err.message, want);
    free(want);
    hfai_buf_free(&text);
}

static void test_duplicate_key(void **state)
{
    (void)state;
    expect_error("[a]\nk = 1\nk: 2\n", 3);
    /* Keys fold to lower case before the duplicate check. */
    expect_error("[a]\nHF_TOKEN = 1\nhf_token = 2\n", 3);
    expect_error("[a]\nhf_token = 1\n\n\n# c\nHf_Token = 2\n", 6);
    /* The same key in two sections is fine. */
    hfai_ini ini;
    parse("[a]\nk = 1\n[b]\nk = 2\n", &ini);
    hfai_ini_free(&ini);
}

static void test_no_section_header(void **state)
{
    (void)state;
    expect_error("k = v\n[a]\n", 1);
    expect_error("\n# c\nk = v\n", 3);
    expect_error("  k = v\n", 1);
}

static void test_line_without_delimiter(void **state)
{
    (void)state;
    expect_error("[a]\nk = v\njunk\n", 3);
    expect_error("[a]\nhf_token\n", 2);
}

static void test_empty_key(void **state)
{
    (void)state;
    expect_error("[a]\n= v\n", 2);
    expect_error("[a]\nk = 1\n: v\n", 3);
}

/* configparser reads a NUL byte inside a value like any other character:
 * the value keeps it (its user refuses it), and it is written back. */
static void test_nul_byte_in_value(void **state)
{
    (void)state;
    static const char text[] = "[a]\nk = v\0w\n  x\0\n[b]\nk = ok\n";
    hfai_ini ini;
    parse_len(text, sizeof(text) - 1, &ini);
    size_t len = 0;
    const char *value = hfai_ini_value(&ini, &ini.sections[0], "k", &len);
    assert_int_equal(len, 6);
    assert_memory_equal(value, "v\0w\nx\0", 6);
    /* The C-string view refuses to cut it short. */
    assert_null(hfai_ini_get(&ini, &ini.sections[0], "k"));
    assert_string_equal(hfai_ini_get(&ini, &ini.sections[1], "k"), "ok");
    size_t out_len = 0;
    char *out = serialize(&ini, &out_len);
    static const char want[] = "[a]\nk = v\0w\n\tx\0\n\n[b]\nk = ok\n\n";
    assert_int_equal(out_len, sizeof(want) - 1);
    assert_memory_equal(out, want, sizeof(want) - 1);
    free(out);
    hfai_ini_free(&ini);
}

/* A NUL where hfauth would need a name for it is refused, by line; \r
 * ends a line as \n does. */
static void test_nul_byte_in_name_or_key(void **state)
{
    (void)state;
    static const char in_key[] = "[a]\rk = v\rj\0 = x\r";
    expect_error_len(in_key, sizeof(in_key) - 1, 3);
    static const char in_name[] = "[a]\nk = v\n[b\0]\n";
    expect_error_len(in_name, sizeof(in_name) - 1, 3);
    hfai_ini ini;
    hfa_error err = {0};
    assert_int_equal(
        hfai_ini_parse(in_name, sizeof(in_name) - 1, PATH, &ini, &err),
        HFA_ERR_PARSE);
    assert_message_has(err, "a NUL byte in a section name");
    /* In a comment it harms nothing: configparser skips the line. */
    static const char in_comment[] = "# \0\n[a]\nk = v\n";
    parse_len(in_comment, sizeof(in_comment) - 1, &ini);
    hfai_ini_free(&ini);
}

/* Python cannot decode such a file (UnicodeDecodeError): refused, naming
 * the line, wherever the byte is, a comment included. */
static void test_not_utf8(void **state)
{
    (void)state;
    expect_error("[a]\nk = v\xff\n", 2);
    expect_error("[a]\nk = v\n# caf\xe9\n", 3);
    expect_error("[a]\rk = v\r\r[b\xc0\xaf]\r", 4);
    /* A surrogate (ED A0 80) is not UTF-8 to Python either. */
    expect_error("[a]\nk = \xed\xa0\x80\n", 2);
    hfai_ini ini;
    hfa_error err = {0};
    const char *text = "[a]\nk = \xff\n";
    assert_int_equal(hfai_ini_parse(text, strlen(text), PATH, &ini, &err),
                     HFA_ERR_PARSE);
    assert_string_equal(err.message,
                        PATH " line 2: bytes that are not UTF-8 (Python "
                             "cannot read the file either); fix or remove the "
                             "file by hand, nothing was changed");
}

static void test_utf8_bom(void **state)
{
    (void)state;
    /* configparser reads U+FEFF as part of the first line. */
    expect_error("\xef\xbb\xbf[a]\nk = v\n", 1);
}

/* ---- Unicode whitespace ------------------------------------------------ */

static void test_unicode_whitespace_stripped(void **state)
{
    (void)state;
    hfai_ini ini;
    /* U+00A0, U+0085, U+001C..U+001F, U+3000, U+2003 are str.isspace(). */
    parse("[a]\n"
          "k = \xc2\xa0v\xc2\xa0\n"
          "m = \xc2\x85x\xc2\x85\n"
          "n = \x1cy\x1f\n"
          "o\xe3\x80\x80= z\xe2\x80\x83\n",
          &ini);
    assert_string_equal(own(&ini, "a", "k"), "v");
    assert_string_equal(own(&ini, "a", "m"), "x");
    assert_string_equal(own(&ini, "a", "n"), "y");
    assert_string_equal(own(&ini, "a", "o"), "z");
    hfai_ini_free(&ini);
}

static void test_non_space_unicode_kept(void **state)
{
    (void)state;
    hfai_ini ini;
    /* U+200B (zero width space) and U+FEFF are not str.isspace(). */
    parse("[a]\nk = \xe2\x80\x8bv\xef\xbb\xbf\n", &ini);
    assert_string_equal(own(&ini, "a", "k"), "\xe2\x80\x8bv\xef\xbb\xbf");
    hfai_ini_free(&ini);
}

/* ---- writing ----------------------------------------------------------- */

static void test_serialize_sorts_by_bytes(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[b]\n[\xc3\xa9]\n[B]\n[a]\n[z]\n[Z]\n[ a]\n", &ini);
    char *text = serialize(&ini, NULL);
    /* Code point (= UTF-8 byte) order: ' ' < 'B' < 'Z' < 'a' < ... < 'é'. */
    assert_string_equal(text, "[ a]\n\n[B]\n\n[Z]\n\n[a]\n\n[b]\n\n[z]\n\n"
                              "[\xc3\xa9]\n\n");
    free(text);
    hfai_ini_free(&ini);
}

static void test_serialize_empty(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("", &ini);
    assert_int_equal(ini.count, 0);
    size_t len = 99;
    char *text = serialize(&ini, &len);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    free(text);
    hfai_ini_free(&ini);
}

static void test_roundtrip_configparser_output(void **state)
{
    (void)state;
    /* What config.write() gives for huggingface_hub's stored_tokens plus
     * the keys we add, [DEFAULT] and a multi-line note. */
    static const char text[] =
        "[DEFAULT]\nrole = read\n\n"
        "[100% prod]\nhf_token = hf_aaaaaaaaaaaaaaaaaaaa\n\n"
        "[ci token]\nhf_token = hf_bbbbbbbbbbbbbbbbbbbb\n"
        "refresh_token = hf_oauth_refresh_cccc\nexpires_at = 1767225600\n"
        "note = first line\n\t\n\tthird: line = x\n\n"
        "[x]y]\nhf_token = hf_d\n\n"
        "[\xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf\xe3\x83\xb3]\n"
        "hf_token = hf_e\n\n";
    hfai_ini ini;
    parse(text, &ini);
    size_t len = 0;
    char *out = serialize(&ini, &len);
    assert_int_equal(len, strlen(text));
    assert_memory_equal(out, text, len);
    free(out);
    hfai_ini_free(&ini);
}

/* ---- editing ----------------------------------------------------------- */

static void test_set_unset_add_remove(void **state)
{
    (void)state;
    hfai_ini ini;
    parse("[b]\nhf_token = old\nnote = n\nexpires_at = 1\n", &ini);
    hfai_ini_section *b = hfai_ini_find(&ini, "b");
    assert_non_null(b);
    /* set keeps an existing key where it is; a new key goes last. */
    assert_true(hfai_ini_set(b, "hf_token", "new"));
    assert_true(hfai_ini_set(b, "refresh_token", "r"));
    hfai_ini_unset(b, "expires_at");
    hfai_ini_unset(b, "not_there");
    hfai_ini_section *a = hfai_ini_add(&ini, "a");
    assert_non_null(a);
    assert_true(hfai_ini_set(a, "hf_token", "t"));
    char *text = serialize(&ini, NULL);
    assert_string_equal(text, "[a]\nhf_token = t\n\n"
                              "[b]\nhf_token = new\nnote = n\n"
                              "refresh_token = r\n\n");
    free(text);
    hfai_ini_remove(&ini, "b");
    hfai_ini_remove(&ini, "not there");
    assert_int_equal(ini.count, 1);
    assert_null(hfai_ini_find(&ini, "b"));
    assert_non_null(hfai_ini_find(&ini, "a"));
    hfai_ini_free(&ini);
    assert_int_equal(ini.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_equals_delimiter),
        cmocka_unit_test(test_colon_delimiter),
        cmocka_unit_test(test_first_delimiter_splits),
        cmocka_unit_test(test_blanks_around_key_and_value),
        cmocka_unit_test(test_empty_values),
        cmocka_unit_test(test_keys_lowercased),
        cmocka_unit_test(test_section_names_case_sensitive),
        cmocka_unit_test(test_unicode_key_lowercased),
        cmocka_unit_test(test_unicode_case_duplicate_key),
        cmocka_unit_test(test_full_line_comments),
        cmocka_unit_test(test_inline_hash_is_value),
        cmocka_unit_test(test_comment_inside_value_skipped),
        cmocka_unit_test(test_continuation_lines),
        cmocka_unit_test(test_blank_lines_inside_value),
        cmocka_unit_test(test_indent_relative_to_option),
        cmocka_unit_test(test_unicode_indent_counted_in_characters),
        cmocka_unit_test(test_indented_header_is_continuation),
        cmocka_unit_test(test_serialize_multiline),
        cmocka_unit_test(test_crlf_newlines),
        cmocka_unit_test(test_lone_cr_newlines),
        cmocka_unit_test(test_error_line_counts_cr),
        cmocka_unit_test(test_default_inheritance),
        cmocka_unit_test(test_default_after_sections),
        cmocka_unit_test(test_default_duplicate_key),
        cmocka_unit_test(test_default_written_first),
        cmocka_unit_test(test_header_runs_to_last_bracket),
        cmocka_unit_test(test_empty_brackets_not_header),
        cmocka_unit_test(test_duplicate_section),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_no_section_header),
        cmocka_unit_test(test_line_without_delimiter),
        cmocka_unit_test(test_empty_key),
        cmocka_unit_test(test_nul_byte_in_value),
        cmocka_unit_test(test_nul_byte_in_name_or_key),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_many_sections_and_keys),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_unicode_whitespace_stripped),
        cmocka_unit_test(test_non_space_unicode_kept),
        cmocka_unit_test(test_serialize_sorts_by_bytes),
        cmocka_unit_test(test_serialize_empty),
        cmocka_unit_test(test_roundtrip_configparser_output),
        cmocka_unit_test(test_set_unset_add_remove),
    };
    int failed = cmocka_run_group_tests_name("ini", tests, NULL, NULL);
    return ut_finish(failed);
}
