/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_token.c - what a token and a token name may hold (hfa_check_token,
 * hfa_check_token_name), masking, huggingface_hub's token cleaning
 * (hfai_clean_token), the leaf's reader of a user's file
 * (hfai_read_owned_file, hfai_token_from_bytes), and the small status
 * helpers.  No network.
 */
#include "ctx.h"
#include "stored.h"
#include "template.h"
#include "token.h"
#include "unit.h"

#include <sys/stat.h>

/* A refused token: HFA_ERR_INVALID, and the message never quotes it. */
static void expect_bad_token(const char *token)
{
    hfa_error err = {0};
    assert_int_equal(hfa_check_token(token, &err), HFA_ERR_INVALID);
    assert_int_equal(err.code, HFA_ERR_INVALID);
    assert_true(err.message[0] != '\0');
    if (token != NULL && token[0] != '\0')
        assert_message_lacks(err, token);
}

static void expect_good_token(const char *token)
{
    hfa_error err = {0};
    hfa_status status = hfa_check_token(token, &err);
    if (status != HFA_OK)
        fail_msg("token refused: %s", err.message);
}

static void test_check_token_accepts_hub_tokens(void **state)
{
    (void)state;
    expect_good_token("hf_aliceWriteToken0001");
    expect_good_token("hf_oauth_0123456789abcdef0123456789abcdef");
    expect_good_token("api_org_acmeOrgToken0005"); /* login refuses it, */
    expect_good_token("x");                        /* not this check */
    /* Every printable ASCII character but the blank and '='. */
    expect_good_token("!\"#$%&'()*+,-./0123456789:;<>?@AZ[\\]^_`az{|}~");
}

static void test_check_token_refuses_equals(void **state)
{
    (void)state;
    /* One definition of a token for the library, the PAM module and the
     * Slurm plugin: no '=' (no NAME=value game in an environment). */
    expect_bad_token("LD_PRELOAD=/tmp/evil.so");
    expect_bad_token("hf_aliceWriteToken0001=");
}

static void test_check_token_refuses_empty(void **state)
{
    (void)state;
    expect_bad_token("");
    expect_bad_token(NULL);
}

static void test_check_token_length_bound(void **state)
{
    (void)state;
    char token[4098];
    memset(token, 'a', sizeof(token));
    memcpy(token, "hf_", 3);
    token[4096] = '\0';
    expect_good_token(token); /* 4096 bytes: the limit */
    token[4096] = 'a';
    token[4097] = '\0';
    expect_bad_token(token); /* 4097 */
}

static void test_check_token_refuses_blanks_and_controls(void **state)
{
    (void)state;
    expect_bad_token("hf_SECRET secret");
    expect_bad_token("   ");
    expect_bad_token("hf_SECRETsecret ");
    expect_bad_token(" hf_SECRETsecret");
    expect_bad_token("hf_SECRET\tsecret");
    expect_bad_token("hf_SECRET\nsecret");
    expect_bad_token("hf_SECRET\r\nX-Injected: 1");
    expect_bad_token("hf_SECRET\x7fsecret");
    expect_bad_token("hf_SECRET\x01secret");
    expect_bad_token("hf_SECRET\x1bsecret");
}

static void test_check_token_refuses_non_ascii(void **state)
{
    (void)state;
    expect_bad_token("hf_SECRET\xc3\xa9secret");     /* é */
    expect_bad_token("hf_SECRET\xc2\xa0secret");     /* NBSP */
    expect_bad_token("hf_SECRET\xe2\x80\x8bsecret"); /* ZWSP */
    expect_bad_token("hf_SECRET\xffsecret");         /* not UTF-8 */
}

/* ---- token names ------------------------------------------------------- */

static void expect_bad_name(const char *name)
{
    hfa_error err = {0};
    assert_int_equal(hfa_check_token_name(name, &err), HFA_ERR_INVALID);
    assert_int_equal(err.code, HFA_ERR_INVALID);
    assert_true(err.message[0] != '\0');
}

static void expect_good_name(const char *name)
{
    hfa_error err = {0};
    hfa_status status = hfa_check_token_name(name, &err);
    if (status != HFA_OK)
        fail_msg("name [%s] refused: %s", name, err.message);
}

static void test_check_name_accepts_printable(void **state)
{
    (void)state;
    expect_good_name("work");
    expect_good_name("ci token");
    expect_good_name("100% prod");
    expect_good_name("a]b");
    expect_good_name("[x");
    expect_good_name("x [y] z");
    expect_good_name("#hash");
    expect_good_name("key = value: like");
    expect_good_name("donn\xc3\xa9"
                     "es");
    expect_good_name("\xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf\xe3\x83\xb3");
    expect_good_name("\xf0\x9f\xa4\x97 emoji");
    expect_good_name("nbsp\xc2\xa0inside"); /* U+00A0 is no control */
    expect_good_name("\xc2\xa9 sign");      /* U+00A9 */
    /* Only the exact configparser default section name is reserved. */
    expect_good_name("default");
    expect_good_name("DEFAULT ");
    expect_good_name("Default");
}

static void test_check_name_refuses_empty(void **state)
{
    (void)state;
    expect_bad_name("");
    expect_bad_name(NULL);
}

/* huggingface_hub saves a name of any length; only memory is bounded,
 * at 4 KiB.  A 300-byte name (over the old 256) is fine. */
static void test_check_name_length_bound(void **state)
{
    (void)state;
    char name[4098];
    memset(name, 'n', sizeof(name));
    name[300] = '\0';
    expect_good_name(name);
    name[300] = 'n';
    name[4096] = '\0';
    expect_good_name(name);
    name[4096] = 'n';
    name[4097] = '\0';
    expect_bad_name(name);
    hfa_error err = {0};
    assert_int_equal(hfa_check_token_name(name, &err), HFA_ERR_INVALID);
    assert_string_equal(err.message,
                        "the token name is too long (4097 bytes; at most "
                        "4096)");
}

static void test_check_name_refuses_controls(void **state)
{
    (void)state;
    expect_bad_name("a\nb");
    expect_bad_name("a\rb");
    expect_bad_name("a]\n[b");
    expect_bad_name("a\tb");
    expect_bad_name("a\x7f"
                    "b");
    expect_bad_name("\x01");
    expect_bad_name("a\x1b[31mred");
    expect_bad_name("a\x1c"
                    "b");
    /* C1 controls, UTF-8 encoded: U+0080, U+0085 (NEL), U+009F. */
    expect_bad_name("a\xc2\x80"
                    "b");
    expect_bad_name("a\xc2\x85"
                    "b");
    expect_bad_name("a\xc2\x9f"
                    "b");
    expect_bad_name("end\xc2\x85");
}

static void test_check_name_refuses_default(void **state)
{
    (void)state;
    expect_bad_name("DEFAULT");
}

/* ---- masking ----------------------------------------------------------- */

static void test_mask_long_token(void **state)
{
    (void)state;
    char masked[32];
    hfa_mask_token("hf_aliceWriteToken0001", masked, sizeof(masked));
    assert_string_equal(masked, "hf_****0001");
    hfa_mask_token("api_org_acmeOrgToken0005", masked, sizeof(masked));
    assert_string_equal(masked, "api****0005");
}

static void test_mask_boundary(void **state)
{
    (void)state;
    char masked[32];
    /* 14 characters: 3 + 4 shown, 7 hidden. */
    hfa_mask_token("hf_abcdefgHIJK", masked, sizeof(masked));
    assert_string_equal(masked, "hf_****HIJK");
    /* 13 and less: nothing shown. */
    hfa_mask_token("hf_abcdefHIJK", masked, sizeof(masked));
    assert_string_equal(masked, "****");
    hfa_mask_token("hf_x", masked, sizeof(masked));
    assert_string_equal(masked, "****");
    hfa_mask_token("", masked, sizeof(masked));
    assert_string_equal(masked, "****");
}

static void test_mask_respects_size(void **state)
{
    (void)state;
    char masked[16];
    memset(masked, 'Z', sizeof(masked));
    hfa_mask_token("hf_aliceWriteToken0001", masked, 8);
    assert_string_equal(masked, "hf_****");
    assert_int_equal(masked[8], 'Z'); /* nothing past `size` */
    hfa_mask_token("hf_x", masked, 3);
    assert_string_equal(masked, "**");
    hfa_mask_token("hf_aliceWriteToken0001", masked, 1);
    assert_string_equal(masked, "");
}

/* ---- huggingface_hub's _clean_token ------------------------------------ */

/* token.replace("\r", "").replace("\n", "").strip(), as Python computes
 * it; a copy is cleaned in a buffer of its own length so ASan sees any
 * write past it. */
static void expect_clean(const char *raw, const char *python)
{
    size_t len = strlen(raw);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, raw, len + 1);
    char *out = hfai_clean_token(copy);
    assert_ptr_equal(out, copy);
    if (strcmp(out, python) != 0) {
        char *e_raw = ut_escape(raw), *e_out = ut_escape(out);
        fail_msg("clean(\"%s\") = \"%s\", Python gives \"%s\"", e_raw, e_out,
                 python);
    }
    /* The bytes the shift left behind the new end are wiped. */
    for (size_t i = strlen(out); i < len; i++)
        assert_int_equal(copy[i], 0);
    free(copy);
}

static void test_clean_token_ascii(void **state)
{
    (void)state;
    expect_clean("\r\n  tok \n", "tok");
    expect_clean("hf_abc", "hf_abc");
    expect_clean("  hf_\r\nabc  ", "hf_abc");
    expect_clean(" a\rb\nc ", "abc");
    expect_clean("\t\v\fhf_x\f\v\t", "hf_x");
    expect_clean("a b", "a b");
    expect_clean("   ", "");
    expect_clean("\r\n", "");
    expect_clean("", "");
}

/* str.strip() also removes the ASCII separators U+001C..U+001F. */
static void test_clean_token_ascii_separators(void **state)
{
    (void)state;
    expect_clean("\x1c\x1dhf_x\x1e\x1f", "hf_x");
}

/* ...and Unicode whitespace: U+00A0, U+0085, U+3000, U+2003. */
static void test_clean_token_unicode_whitespace(void **state)
{
    (void)state;
    expect_clean("\xc2\xa0hf_x\xc2\xa0", "hf_x");
    expect_clean("\xc2\x85hf_x", "hf_x");
    expect_clean("\xe3\x80\x80hf_x\xe2\x80\x83\n", "hf_x");
}

/* ---- status helpers ---------------------------------------------------- */

static void test_status_is_network(void **state)
{
    (void)state;
    /* Network trouble: the token itself may be fine. */
    assert_true(hfa_status_is_network(HFA_ERR_UNREACHABLE));
    assert_true(hfa_status_is_network(HFA_ERR_TIMEOUT));
    assert_true(hfa_status_is_network(HFA_ERR_RATE_LIMITED));
    assert_true(hfa_status_is_network(HFA_ERR_SERVER));
    assert_true(hfa_status_is_network(HFA_ERR_BAD_ANSWER));
    /* Everything else, a rejected token above all, is not. */
    assert_false(hfa_status_is_network(HFA_OK));
    assert_false(hfa_status_is_network(HFA_ERR_NOT_LOGGED_IN));
    assert_false(hfa_status_is_network(HFA_ERR_NOT_FOUND));
    assert_false(hfa_status_is_network(HFA_ERR_INVALID));
    assert_false(hfa_status_is_network(HFA_ERR_STORE));
    assert_false(hfa_status_is_network(HFA_ERR_PARSE));
    assert_false(hfa_status_is_network(HFA_ERR_ORG_TOKEN));
    assert_false(hfa_status_is_network(HFA_ERR_REJECTED));
    assert_false(hfa_status_is_network(HFA_ERR_GIT));
    assert_false(hfa_status_is_network(HFA_ERR_NOMEM));
}

static void test_source_env_name(void **state)
{
    (void)state;
    assert_string_equal(hfa_source_env_name(HFA_SOURCE_ENV_HF_TOKEN),
                        "HF_TOKEN");
    assert_string_equal(hfa_source_env_name(HFA_SOURCE_ENV_HUGGING_FACE_HUB),
                        "HUGGING_FACE_HUB_TOKEN");
    assert_null(hfa_source_env_name(HFA_SOURCE_FILE));
    assert_null(hfa_source_env_name(HFA_SOURCE_NONE));
}

static void test_secret_free(void **state)
{
    (void)state;
    hfa_secret_free(NULL);
    char *secret = strdup("hf_aliceWriteToken0001");
    assert_non_null(secret);
    hfa_secret_free(secret); /* ASan/LSan: freed exactly once */
}

/* ---- the leaf's reader ------------------------------------------------- */

static void expect_from_bytes(const char *bytes, size_t len, hfa_status want,
                              const char *token, const char *message)
{
    char *got = (char *)"unset";
    hfa_error err = {0};
    assert_int_equal(
        hfai_token_from_bytes(bytes, len, "token file /t", &got, &err), want);
    if (token == NULL)
        assert_null(got);
    else
        assert_string_equal(got, token);
    if (message != NULL)
        assert_string_equal(err.message, message);
    hfa_secret_free(got);
}

static void test_token_from_bytes(void **state)
{
    (void)state;
    expect_from_bytes("hf_aliceWriteToken0001", 22, HFA_OK,
                      "hf_aliceWriteToken0001", NULL);
    /* Cleaned as huggingface_hub: CR/LF anywhere, blanks at the ends. */
    expect_from_bytes(" hf_alice\r\nWriteToken0001\n", 26, HFA_OK,
                      "hf_aliceWriteToken0001", NULL);
    expect_from_bytes("\xc2\xa0\n", 3, HFA_OK, NULL, NULL);
    expect_from_bytes("", 0, HFA_OK, NULL, NULL);
    /* Never cut at a NUL, never passed on when Python cannot decode it. */
    expect_from_bytes("hf_alice\0WriteToken0001", 22, HFA_ERR_INVALID, NULL,
                      "token file /t holds a NUL byte");
    expect_from_bytes("hf_alic\xe9"
                      "WriteToken0001",
                      22, HFA_ERR_INVALID, NULL, "token file /t is not UTF-8");
    expect_from_bytes("hf_\x9b"
                      "2Jx",
                      7, HFA_ERR_INVALID, NULL, "token file /t is not UTF-8");
    expect_from_bytes("hf_a b", 6, HFA_ERR_INVALID, NULL,
                      "token file /t does not hold a valid token");
}

static void expect_owned_refusal(const char *path, size_t max, hfa_status want,
                                 const char *reason)
{
    char *data = (char *)"unset";
    size_t len = 99;
    hfa_error err = {0};
    assert_int_equal(hfai_read_owned_file(path, "file", geteuid(), max, &data,
                                          &len, NULL, &err),
                     want);
    assert_null(data);
    char *message = ut_fmt("file %s %s", path, reason);
    assert_string_equal(err.message, message);
    free(message);
}

static void test_read_owned_file(void **state)
{
    (void)state;
    char *dir = ut_mkdtemp("owned");
    char *plain = ut_fmt("%s/plain", dir), *link = ut_fmt("%s/link", dir);
    char *fifo = ut_fmt("%s/fifo", dir), *shared = ut_fmt("%s/shared", dir);
    char *missing = ut_fmt("%s/missing", dir);
    ut_write_mode(plain, "hf_aliceWriteToken0001\n", 23, 0600);
    ut_write_mode(shared, "hf_aliceWriteToken0001", 22, 0600);
    if (chmod(shared, 0620) != 0 || symlink(plain, link) != 0 ||
        mkfifo(fifo, 0600) != 0)
        ut_die("fixtures in %s", dir);

    char *data = NULL;
    size_t len = 0;
    struct stat st;
    hfa_error err = {0};
    assert_int_equal(hfai_read_owned_file(plain, "file", geteuid(), 4096, &data,
                                          &len, &st, &err),
                     HFA_OK);
    assert_int_equal(len, 23);
    assert_memory_equal(data, "hf_aliceWriteToken0001\n", 24);
    assert_true(S_ISREG(st.st_mode));
    free(data);
    assert_int_equal(hfai_read_owned_file(missing, "file", geteuid(), 4096,
                                          &data, &len, NULL, &err),
                     HFA_OK);
    assert_null(data);

    expect_owned_refusal(link, 4096, HFA_ERR_UNSAFE_FILE, "is a symbolic link");
    /* A FIFO is refused from fstat, never read: this would hang. */
    expect_owned_refusal(fifo, 4096, HFA_ERR_UNSAFE_FILE,
                         "is not a regular file");
    expect_owned_refusal(shared, 4096, HFA_ERR_UNSAFE_FILE,
                         "is writable by group or others");
    expect_owned_refusal(plain, 10, HFA_ERR_UNSAFE_FILE,
                         "is larger than 10 bytes");
    /* Someone else's file. */
    assert_int_equal(hfai_read_owned_file(plain, "file", geteuid() + 1, 4096,
                                          &data, &len, NULL, &err),
                     HFA_ERR_UNSAFE_FILE);
    assert_non_null(strstr(err.message, "is not owned by the user"));

    char *token = NULL;
    assert_int_equal(
        hfai_read_owned_token(plain, geteuid(), &token, NULL, &err), HFA_OK);
    assert_string_equal(token, "hf_aliceWriteToken0001");
    hfa_secret_free(token);
    ut_rm_rf(dir);
    free(dir), free(plain), free(link), free(fifo), free(shared);
    free(missing);
}

static void test_strerror_and_version(void **state)
{
    (void)state;
    /* Fixed values: a caller built against an older header reads them. */
    assert_int_equal(HFA_ERR_AUTH_EXPIRED, 16);
    assert_int_equal(HFA_ERR_UNSAFE_FILE, 17);
    assert_int_equal(HFA_ERR_NO_LIBCURL, 18);
    for (int code = HFA_OK; code <= HFA_ERR_NO_LIBCURL; code++)
        assert_string_not_equal(hfa_strerror((hfa_status)code),
                                "unknown status");
    assert_string_equal(hfa_strerror((hfa_status)999), "unknown status");
    assert_string_equal(hfa_version(), HFA_VERSION);
    assert_false(hfa_status_is_network(HFA_ERR_NO_LIBCURL));
}

static void test_read_owned_stored_token(void **state)
{
    (void)state;
    char *dir = ut_mkdtemp("stored");
    char *path = ut_fmt("%s/stored_tokens", dir);
    ut_write_mode(path,
                  "[DEFAULT]\nexpires_at = 1\n\n"
                  "[ci token]\nhf_token =  hf_ciToken000000000003 \n\n"
                  "[work]\nhf_token = hf_aliceWriteToken0001\n\n"
                  "[empty]\nhf_token =\n\n[bad]\nhf_token = a b\n",
                  157, 0600);
    char *token = NULL;
    hfa_error err = {0};
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "work", &token, &err),
        HFA_OK);
    assert_string_equal(token, "hf_aliceWriteToken0001");
    hfa_secret_free(token);
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "ci token", &token, &err),
        HFA_OK);
    assert_string_equal(token, "hf_ciToken000000000003");
    hfa_secret_free(token);
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "nope", &token, &err),
        HFA_ERR_NOT_FOUND);
    assert_null(token);
    assert_non_null(strstr(err.message, "no stored token named 'nope'"));
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "empty", &token, &err),
        HFA_ERR_NOT_FOUND);
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "bad", &token, &err),
        HFA_ERR_INVALID);
    assert_null(token);
    /* The same descriptor checks as a token file. */
    if (chmod(path, 0660) != 0)
        ut_die("chmod %s", path);
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "work", &token, &err),
        HFA_ERR_UNSAFE_FILE);
    assert_null(token);
    ut_write_mode(path, "[work]\n[work]\n", 14, 0600);
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "work", &token, &err),
        HFA_ERR_PARSE);
    unlink(path);
    assert_int_equal(
        hfai_read_owned_stored_token(path, geteuid(), "work", &token, &err),
        HFA_ERR_NOT_FOUND);
    ut_rm_rf(dir);
    free(dir);
    free(path);
}

static void test_template(void **state)
{
    (void)state;
    /* token_path= of the PAM module and the Slurm plugin. */
    assert_null(hfai_template_problem("/srv/tokens/%u"));
    assert_null(hfai_template_problem("%h/.hf/token"));
    assert_string_equal(hfai_template_problem("tokens/%u"),
                        "must start with / or %h");
    assert_string_equal(hfai_template_problem("/t/%s"),
                        "only %u, %h and %% may follow %");
    char *path = hfai_template_expand("%h/t/%u%%", "alice", "/home/alice");
    assert_string_equal(path, "/home/alice/t/alice%");
    free(path);
    /* A home that is not absolute gives no path. */
    assert_null(hfai_template_expand("%h/t", "alice", "relative"));
    char *long_user = malloc(5000);
    memset(long_user, 'a', 4999);
    long_user[4999] = '\0';
    assert_null(hfai_template_expand("/t/%u", long_user, "/h"));
    free(long_user);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_token_accepts_hub_tokens),
        cmocka_unit_test(test_check_token_refuses_equals),
        cmocka_unit_test(test_check_token_refuses_empty),
        cmocka_unit_test(test_check_token_length_bound),
        cmocka_unit_test(test_check_token_refuses_blanks_and_controls),
        cmocka_unit_test(test_check_token_refuses_non_ascii),
        cmocka_unit_test(test_check_name_accepts_printable),
        cmocka_unit_test(test_check_name_refuses_empty),
        cmocka_unit_test(test_check_name_length_bound),
        cmocka_unit_test(test_check_name_refuses_controls),
        cmocka_unit_test(test_check_name_refuses_default),
        cmocka_unit_test(test_mask_long_token),
        cmocka_unit_test(test_mask_boundary),
        cmocka_unit_test(test_mask_respects_size),
        cmocka_unit_test(test_clean_token_ascii),
        cmocka_unit_test(test_clean_token_ascii_separators),
        cmocka_unit_test(test_clean_token_unicode_whitespace),
        cmocka_unit_test(test_status_is_network),
        cmocka_unit_test(test_source_env_name),
        cmocka_unit_test(test_secret_free),
        cmocka_unit_test(test_token_from_bytes),
        cmocka_unit_test(test_read_owned_file),
        cmocka_unit_test(test_read_owned_stored_token),
        cmocka_unit_test(test_template),
        cmocka_unit_test(test_strerror_and_version),
    };
    int failed = cmocka_run_group_tests_name("token", tests, NULL, NULL);
    return ut_finish(failed);
}
