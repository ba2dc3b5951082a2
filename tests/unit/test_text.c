/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_text.c - the filter for untrusted text (hfa_safe_text, lib/text.c)
 * and the library messages built through it: every control character
 * (C0, DEL, C1 as UTF-8 or as a raw byte), every byte that is not UTF-8,
 * the bidirectional overrides and the line separators become '?'; the
 * rest is kept; truncation keeps whole characters.
 */
#include "text.h"
#include "token.h"
#include "unit.h"
#include "util.h"

/* The filter's result for `in`, in a buffer large enough. */
static void expect_safe(const char *in, const char *want)
{
    char out[256];
    size_t len = hfa_safe_text(out, sizeof(out), in);
    if (strcmp(out, want) != 0)
        fail_msg("safe_text: got [%s], want [%s]", out, want);
    assert_int_equal(len, strlen(want));
    /* Allocated and in place give the same. */
    char *dup = hfa_safe_text_dup(in);
    assert_non_null(dup);
    assert_string_equal(dup, want);
    free(dup);
    char *copy = strdup(in);
    assert_non_null(copy);
    hfa_safe_text(copy, strlen(copy) + 1, copy);
    assert_string_equal(copy, want);
    free(copy);
}

static void test_safe_text_keeps_text(void **state)
{
    (void)state;
    expect_safe("", "");
    expect_safe("alice", "alice");
    char ascii[96];
    for (int c = ' '; c < 0x7f; c++)
        ascii[c - ' '] = (char)c;
    ascii[0x7f - ' '] = '\0';
    expect_safe(ascii, ascii);
    expect_safe("donn\xc3\xa9"
                "es",
                "donn\xc3\xa9"
                "es");
    expect_safe("nbsp\xc2\xa0 \xc2\xa9", "nbsp\xc2\xa0 \xc2\xa9");
    expect_safe("\xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf",
                "\xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf");
    expect_safe("\xf0\x9f\xa4\x97 hugging", "\xf0\x9f\xa4\x97 hugging");
    expect_safe("\xef\xbf\xbd", "\xef\xbf\xbd"); /* U+FFFD itself */
    /* Neighbours of what is replaced stay. */
    expect_safe("\xc2\xa0\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa",
                "\xc2\xa0\xe2\x80\xa7\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xaa");
}

static void test_safe_text_replaces_c0_and_del(void **state)
{
    (void)state;
    expect_safe("a\nb", "a?b");
    expect_safe("a\r\nb\t", "a??b?");
    expect_safe("\x1b]0;owned\x07", "?]0;owned?");
    expect_safe("\x1b]52;c;SGVsbG8=\x1b\\", "?]52;c;SGVsbG8=?\\");
    expect_safe("\x1b[2J\x1b[H", "?[2J?[H");
    expect_safe("del\x7f", "del?");
    char all[33];
    for (int c = 1; c < 32; c++)
        all[c - 1] = (char)c;
    all[31] = 0x7f;
    all[32] = '\0';
    expect_safe(all, "????????????????????????????????");
}

static void test_safe_text_replaces_c1(void **state)
{
    (void)state;
    /* As UTF-8: U+0080, U+0085 (NEL), U+009B (CSI), U+009D (OSC). */
    expect_safe("a\xc2\x80"
                "b",
                "a?b");
    expect_safe("\xc2\x85", "?");
    expect_safe("\xc2\x9b"
                "2J",
                "?2J");
    expect_safe("\xc2\x9d"
                "52;c;x\xc2\x9c",
                "?52;c;x?");
    /* As raw bytes, which cJSON passes through from a Hub answer. */
    expect_safe("\x9b"
                "2J",
                "?2J");
    expect_safe("\x80\x9f", "??");
    expect_safe("\x9d"
                "0;title\x07",
                "?0;title?");
}

static void test_safe_text_replaces_bad_utf8(void **state)
{
    (void)state;
    expect_safe("caf\xe9", "caf?"); /* Latin-1 */
    expect_safe("\xff\xfe", "??");
    expect_safe("\xc3\x28", "?(");           /* bad continuation */
    expect_safe("\xc0\xaf", "??");           /* overlong '/' */
    expect_safe("\xe0\x80\xaf", "???");      /* overlong, 3 bytes */
    expect_safe("\xed\xa0\x80", "???");      /* a surrogate */
    expect_safe("\xf4\x90\x80\x80", "????"); /* past U+10FFFF */
    expect_safe("end\xe2\x82", "end??");     /* cut short */
    expect_safe("\xc2", "?");
}

static void test_safe_text_replaces_bidi_and_separators(void **state)
{
    (void)state;
    /* U+202A..U+202E, U+2066..U+2069, U+2028, U+2029. */
    expect_safe("a\xe2\x80\xae"
                "cba",
                "a?cba");
    expect_safe("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "????");
    expect_safe("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "????");
    expect_safe("line\xe2\x80\xa8para\xe2\x80\xa9", "line?para?");
}

static void test_safe_text_truncates_whole_characters(void **state)
{
    (void)state;
    char out[8];
    memset(out, 'x', sizeof(out));
    /* snprintf's convention: the full length, the prefix that fits. */
    assert_int_equal(hfa_safe_text(out, 4, "abcdef"), 6);
    assert_string_equal(out, "abc");
    /* A character that does not fit is left out whole. */
    assert_int_equal(hfa_safe_text(out, 4, "ab\xc3\xa9z"), 5);
    assert_string_equal(out, "ab");
    assert_int_equal(hfa_safe_text(out, 5, "a\xf0\x9f\xa4\x97"), 5);
    assert_string_equal(out, "a");
    assert_int_equal(hfa_safe_text(out, 1, "abc"), 3);
    assert_string_equal(out, "");
    /* Size 0 writes nothing at all. */
    out[0] = 'x';
    assert_int_equal(hfa_safe_text(out, 0, "a\x1b"), 2);
    assert_int_equal(out[0], 'x');
    /* Never longer than the input. */
    assert_int_equal(hfa_safe_text(out, sizeof(out), "\xc2\x9b\xc2\x9b"), 2);
    assert_string_equal(out, "??");
}

/* The library's messages quote names, paths and Hub text through it. */
static void test_messages_are_filtered(void **state)
{
    (void)state;
    hfa_error err;
    hfai_fail(&err, HFA_ERR_NOT_FOUND, "no stored token named '%s' in %s",
              "x\x1b]52;c;AAAA\x07", "/tmp/a\nDec 1 sshd: Accepted\x9b");
    assert_int_equal(err.code, HFA_ERR_NOT_FOUND);
    assert_string_equal(err.message,
                        "no stored token named "
                        "'x?]52;c;AAAA?' in /tmp/a?Dec 1 sshd: Accepted?");
    hfai_fail_errno(&err, HFA_ERR_STORE, ENOENT, "cannot read %s",
                    "/tmp/\xc2\x9b"
                    "2J");
    assert_string_equal(err.message,
                        "cannot read /tmp/?2J: No such file or directory");
}

static void test_check_name_refuses_raw_bytes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "a\x9b"
        "b",
        "\x80",
        "x\xc2",
        "\xc3\x28",
        "\xc0\xaf",
        "\xed\xa0\x80",
        "\xff"
        "name",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        hfa_error err = {0};
        assert_int_equal(hfa_check_token_name(bad[i], &err), HFA_ERR_INVALID);
        assert_non_null(strstr(err.message, "not UTF-8"));
    }
    hfa_error err = {0};
    assert_int_equal(hfa_check_token_name("a\xc2\x9b"
                                          "b",
                                          &err),
                     HFA_ERR_INVALID);
    assert_non_null(strstr(err.message, "control character (byte 2)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_text_keeps_text),
        cmocka_unit_test(test_safe_text_replaces_c0_and_del),
        cmocka_unit_test(test_safe_text_replaces_c1),
        cmocka_unit_test(test_safe_text_replaces_bad_utf8),
        cmocka_unit_test(test_safe_text_replaces_bidi_and_separators),
        cmocka_unit_test(test_safe_text_truncates_whole_characters),
        cmocka_unit_test(test_messages_are_filtered),
        cmocka_unit_test(test_check_name_refuses_raw_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
