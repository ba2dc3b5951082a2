/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_store.c - the token store on disk (lib/store.c, lib/fileio.c,
 * lib/token.c): stored_tokens in configparser's exact format, the active
 * token file, modes, atomic writes, what survives a failure, and "the
 * current token" by huggingface_hub's precedence.
 *
 * Each test gets a fresh HOME under the runner's TMPDIR and a per-user
 * context with HF_HOME=<home>/hf, so nothing of the real user is read.
 * logout runs `git config` (to take the token back from git): the context
 * gets GIT_CONFIG_NOSYSTEM and the private HOME so no helper is found.
 */
#include "fileio.h"
#include "ini.h"
#include "store.h"
#include "token.h"
#include "unit.h"

#include <grp.h>
#include <signal.h>
#include <sys/wait.h>

#define TOK_A "hf_aaaaaaaaaaaaaaaa0001"
#define TOK_B "hf_bbbbbbbbbbbbbbbb0002"
#define TOK_C "hf_cccccccccccccccc0003"
#define NOBODY 65534

typedef struct {
    char *root; /* the test's scratch folder */
    char *home;
    char *hf;     /* HF_HOME: not created until the library does */
    char *stored; /* hf/stored_tokens */
    char *token;  /* hf/token */
    char *env[8];
    hfa_ctx *ctx;
} fixture;

static hfa_ctx *make_ctx(fixture *f, const char *extra1, const char *extra2)
{
    /* The extras first: the first NAME= of an environment wins. */
    char *envp[12];
    size_t n = 0;
    if (extra1 != NULL)
        envp[n++] = (char *)extra1;
    if (extra2 != NULL)
        envp[n++] = (char *)extra2;
    for (size_t i = 0; f->env[i] != NULL; i++)
        envp[n++] = f->env[i];
    envp[n] = NULL;
    return ut_user_ctx(f->home, envp);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    f->root = ut_mkdtemp("store");
    f->home = ut_fmt("%s/home", f->root);
    ut_mkdir(f->home, 0700);
    f->hf = ut_fmt("%s/hf", f->home);
    f->stored = ut_fmt("%s/stored_tokens", f->hf);
    f->token = ut_fmt("%s/token", f->hf);
    const char *path = getenv("PATH");
    f->env[0] = ut_fmt("HOME=%s", f->home);
    f->env[1] = ut_fmt("HF_HOME=%s", f->hf);
    f->env[2] = ut_fmt("GIT_CONFIG_NOSYSTEM=1");
    f->env[3] = ut_fmt("PATH=%s", path ? path : "/usr/bin:/bin");
    f->ctx = make_ctx(f, NULL, NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    hfa_ctx_free(f->ctx);
    ut_rm_rf(f->root);
    for (size_t i = 0; f->env[i] != NULL; i++)
        free(f->env[i]);
    free(f->root);
    free(f->home);
    free(f->hf);
    free(f->stored);
    free(f->token);
    free(f);
    return 0;
}

static void store_ok(fixture *f, const char *name, const char *token)
{
    hfa_error err = {0};
    hfa_status status = hfa_store_token(f->ctx, name, token, NULL, 0, &err);
    if (status != HFA_OK)
        fail_msg("store [%s]: %s", name, err.message);
}

/* Creates hf/ with the given stored_tokens and token file (NULL: none). */
static void seed(fixture *f, const char *stored, const char *token)
{
    ut_mkdir(f->hf, 0700);
    if (stored != NULL)
        ut_write(f->stored, stored);
    if (token != NULL)
        ut_write(f->token, token);
}

/* seed() with bytes that may hold a NUL. */
static void seed_bytes(fixture *f, const char *stored, size_t len,
                       const char *token)
{
    ut_mkdir(f->hf, 0700);
    ut_write_mode(f->stored, stored, len, 0600);
    if (token != NULL)
        ut_write(f->token, token);
}

/* ---- the format -------------------------------------------------------- */

static void test_store_writes_configparser_format(void **state)
{
    fixture *f = *state;
    store_ok(f, "work", TOK_A);
    assert_file_text(f->stored, "[work]\nhf_token = " TOK_A "\n\n");
    /* The token alone, no newline, as huggingface_hub writes it. */
    assert_file_text(f->token, TOK_A);
}

static void test_store_sorts_sections(void **state)
{
    fixture *f = *state;
    store_ok(f, "b", TOK_B);
    store_ok(f, "a", TOK_A);
    store_ok(f, "C", TOK_C);
    assert_file_text(f->stored, "[C]\nhf_token = " TOK_C "\n\n"
                                "[a]\nhf_token = " TOK_A "\n\n"
                                "[b]\nhf_token = " TOK_B "\n\n");
    assert_file_text(f->token, TOK_C);
}

static void test_store_replaces_token_of_same_name(void **state)
{
    fixture *f = *state;
    store_ok(f, "work", TOK_A);
    store_ok(f, "other", TOK_C);
    store_ok(f, "work", TOK_B);
    assert_file_text(f->stored, "[other]\nhf_token = " TOK_C "\n\n"
                                "[work]\nhf_token = " TOK_B "\n\n");
    assert_file_text(f->token, TOK_B);
}

static void test_store_refuses_bad_token(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    assert_int_equal(
        hfa_store_token(f->ctx, "work", "hf_with space", NULL, 0, &err),
        HFA_ERR_INVALID);
    assert_message_lacks(err, "hf_with space");
    assert_int_equal(hfa_store_token(f->ctx, "work", "", NULL, 0, &err),
                     HFA_ERR_INVALID);
    assert_false(ut_exists(f->hf));
}

/* ---- modes ------------------------------------------------------------- */

static void test_modes(void **state)
{
    fixture *f = *state;
    store_ok(f, "work", TOK_A);
    assert_int_equal(ut_mode(f->hf), 0700);
    assert_int_equal(ut_mode(f->stored), 0600);
    assert_int_equal(ut_mode(f->token), 0600);
}

static void test_created_parents_0700(void **state)
{
    fixture *f = *state;
    char *deep = ut_fmt("%s/a/b/hf", f->home);
    char *env = ut_fmt("HF_HOME=%s", deep);
    hfa_ctx *ctx = make_ctx(f, env, NULL);
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(ctx, "work", TOK_A, NULL, 0, &err),
                     HFA_OK);
    char *a = ut_fmt("%s/a", f->home), *b = ut_fmt("%s/a/b", f->home);
    assert_int_equal(ut_mode(a), 0700);
    assert_int_equal(ut_mode(b), 0700);
    assert_int_equal(ut_mode(deep), 0700);
    hfa_ctx_free(ctx);
    free(a);
    free(b);
    free(deep);
    free(env);
}

static void test_existing_folder_not_remoded(void **state)
{
    fixture *f = *state;
    /* A team's shared, group-writable HF_HOME stays as it is. */
    ut_mkdir(f->hf, 0775);
    store_ok(f, "work", TOK_A);
    assert_int_equal(ut_mode(f->hf), 0775);
    assert_int_equal(ut_mode(f->stored), 0600);
    assert_int_equal(ut_mode(f->token), 0600);
}

static void test_existing_files_remoded_to_0600(void **state)
{
    fixture *f = *state;
    /* An atomic replace gives a new 0600 file whatever the old mode. */
    ut_mkdir(f->hf, 0755);
    ut_write_mode(f->token, "old", 3, 0644);
    ut_write_mode(f->stored, "", 0, 0666);
    store_ok(f, "work", TOK_A);
    assert_int_equal(ut_mode(f->stored), 0600);
    assert_int_equal(ut_mode(f->token), 0600);
}

static void test_umask_000(void **state)
{
    fixture *f = *state;
    mode_t old = umask(0);
    hfa_error err = {0};
    hfa_status status = hfa_store_token(f->ctx, "work", TOK_A, NULL, 0, &err);
    umask(old);
    assert_int_equal(status, HFA_OK);
    assert_int_equal(ut_mode(f->hf), 0700);
    assert_int_equal(ut_mode(f->stored), 0600);
    assert_int_equal(ut_mode(f->token), 0600);
}

/* ---- what an update keeps ---------------------------------------------- */

static void test_store_keeps_other_sections_and_keys(void **state)
{
    fixture *f = *state;
    static const char other[] = "[other]\nhf_token = " TOK_C "\n"
                                "note = kept\n\tas it was\n\n";
    seed(f,
         "[DEFAULT]\nteam = ml\n\n"
         "[work]\nhf_token = hf_old\nnote = mine\ncustom_key = x = y\n\n"
         "[zzz]\nhf_token = " TOK_B "\n\n"
         "[other]\nhf_token = " TOK_C "\nnote = kept\n\tas it was\n\n",
         NULL);
    store_ok(f, "work", TOK_A);
    /* [DEFAULT] first, then sorted; the unknown keys of [work] where they
     * were; the other sections byte for byte. */
    size_t len = 0;
    char *got = ut_read(f->stored, &len);
    assert_non_null(got);
    char *want = ut_fmt("[DEFAULT]\nteam = ml\n\n%s"
                        "[work]\nhf_token = " TOK_A "\nnote = mine\n"
                        "custom_key = x = y\n\n"
                        "[zzz]\nhf_token = " TOK_B "\n\n",
                        other);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void test_store_replaces_refresh_and_expiry(void **state)
{
    fixture *f = *state;
    seed(f,
         "[oauth]\nhf_token = hf_old\nrefresh_token = hf_oldRefresh\n"
         "expires_at = 1000\nnote = n\n\n",
         NULL);
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(f->ctx, "oauth", TOK_A, "hf_newRefresh",
                                     1767225600, &err),
                     HFA_OK);
    /* The Hub that issued the refresh token is recorded with it. */
    assert_file_text(f->stored, "[oauth]\nhf_token = " TOK_A "\n"
                                "refresh_token = hf_newRefresh\n"
                                "expires_at = 1767225600\nnote = n\n"
                                "endpoint = https://huggingface.co\n\n");
    /* A token without them drops the stale ones. */
    assert_int_equal(hfa_store_token(f->ctx, "oauth", TOK_B, NULL, 0, &err),
                     HFA_OK);
    assert_file_text(f->stored, "[oauth]\nhf_token = " TOK_B "\nnote = n\n\n");
    /* And a fresh section gets them after hf_token. */
    assert_int_equal(hfa_store_token(f->ctx, "new", TOK_C, "hf_r", 42, &err),
                     HFA_OK);
    assert_file_text(f->stored, "[new]\nhf_token = " TOK_C "\n"
                                "refresh_token = hf_r\nexpires_at = 42\n"
                                "endpoint = https://huggingface.co\n\n"
                                "[oauth]\nhf_token = " TOK_B "\nnote = n\n\n");
}

/* A refresh token is a token: one with a line break could add a section
 * ("\r" ends a line for configparser's universal newlines) or a key. */
static void test_store_refuses_bad_refresh_token(void **state)
{
    fixture *f = *state;
    static const char *bad[] = {
        "hf_r\r[evil]\rhf_token = hf_evil",
        "hf_r\n[evil]\nhf_token = hf_evil",
        "hf_r with space",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        hfa_error err = {0};
        hfa_status status =
            hfa_store_token(f->ctx, "work", TOK_A, bad[i], 9, &err);
        if (status != HFA_ERR_INVALID) {
            char *text = ut_read(f->stored, NULL);
            char *shown = ut_escape(text ? text : "(none)");
            fail_msg("refresh token #%zu: status %d, stored_tokens: %s", i,
                     status, shown);
        }
        assert_message_lacks(err, "hf_evil");
    }
    assert_false(ut_exists(f->hf));
}

/* ---- list -------------------------------------------------------------- */

static void test_list(void **state)
{
    fixture *f = *state;
    seed(f,
         "[work]\nhf_token = hf_aliceWriteToken0001\n\n"
         "[ci]\nhf_token = hf_bobFineGrained00003\n"
         "refresh_token = hf_r\nexpires_at = 1767225600\n\n"
         "[short]\nhf_token = hf_tiny\n\n"
         "[Alpha]\nhf_token = hf_alphaToken99990000\nexpires_at = soon\n\n",
         "hf_bobFineGrained00003\n");
    hfa_token_list list;
    hfa_error err = {0};
    assert_int_equal(hfa_auth_list(f->ctx, &list, &err), HFA_OK);
    assert_int_equal(list.count, 4);
    assert_true(list.active_found);
    assert_true(list.in_use_found);
    /* In the file's order, as huggingface_hub lists them. */
    assert_string_equal(list.entries[0].name, "work");
    assert_string_equal(list.entries[1].name, "ci");
    assert_string_equal(list.entries[2].name, "short");
    assert_string_equal(list.entries[3].name, "Alpha");
    assert_string_equal(list.entries[0].masked, "hf_****0001");
    assert_string_equal(list.entries[1].masked, "hf_****0003");
    assert_string_equal(list.entries[2].masked, "****");
    assert_string_equal(list.entries[3].masked, "hf_****0000");
    /* Active: equal to the (cleaned) token file; with no HF_TOKEN, that
     * is also the token in use. */
    assert_false(list.entries[0].active);
    assert_true(list.entries[1].active);
    assert_false(list.entries[2].active);
    assert_false(list.entries[3].active);
    for (size_t i = 0; i < list.count; i++)
        assert_int_equal(list.entries[i].in_use, list.entries[i].active);
    assert_true(list.entries[1].has_expiry);
    assert_int_equal(list.entries[1].expires_at, 1767225600);
    assert_true(list.entries[1].has_refresh_token);
    assert_false(list.entries[3].has_expiry); /* "soon" is no number */
    assert_false(list.entries[0].has_expiry);
    assert_false(list.entries[0].has_refresh_token);
    for (size_t i = 0; i < list.count; i++) {
        assert_null(strstr(list.entries[i].masked, "aliceWrite"));
        assert_null(strstr(list.entries[i].masked, "tiny"));
    }
    hfa_token_list_clear(&list);
    assert_int_equal(list.count, 0);
    assert_null(list.entries);
}

/* hf auth list marks the token in use: HF_TOKEN (cleaned), else
 * HUGGING_FACE_HUB_TOKEN, else the token file. */
static void test_list_in_use_from_env(void **state)
{
    fixture *f = *state;
    seed(f, "[a]\nhf_token = " TOK_A "\n\n[b]\nhf_token = " TOK_B "\n\n",
         TOK_A);
    static const struct {
        const char *env1, *env2;
        bool a_in_use, b_in_use;
    } cases[] = {
        {"HF_TOKEN= " TOK_B "\n", NULL, false, true},
        {"HUGGING_FACE_HUB_TOKEN=" TOK_B, NULL, false, true},
        {"HF_TOKEN=" TOK_A, "HUGGING_FACE_HUB_TOKEN=" TOK_B, true, false},
        {"HF_TOKEN=  ", "HUGGING_FACE_HUB_TOKEN=" TOK_B, true, false},
        {"HF_TOKEN=" TOK_C, NULL, false, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        hfa_ctx *ctx = make_ctx(f, cases[i].env1, cases[i].env2);
        hfa_token_list list;
        hfa_error err = {0};
        assert_int_equal(hfa_auth_list(ctx, &list, &err), HFA_OK);
        assert_int_equal(list.count, 2);
        /* `active` stays the token file's. */
        assert_true(list.entries[0].active);
        assert_false(list.entries[1].active);
        assert_true(list.active_found);
        assert_int_equal(list.entries[0].in_use, cases[i].a_in_use);
        assert_int_equal(list.entries[1].in_use, cases[i].b_in_use);
        assert_int_equal(list.in_use_found,
                         cases[i].a_in_use || cases[i].b_in_use);
        hfa_token_list_clear(&list);
        hfa_ctx_free(ctx);
    }
}

static void test_list_no_active(void **state)
{
    fixture *f = *state;
    seed(f, "[work]\nhf_token = " TOK_A "\n\n", TOK_B);
    hfa_token_list list;
    hfa_error err = {0};
    assert_int_equal(hfa_auth_list(f->ctx, &list, &err), HFA_OK);
    assert_int_equal(list.count, 1);
    assert_false(list.active_found);
    assert_false(list.entries[0].active);
    hfa_token_list_clear(&list);
    char *name = (char *)"x";
    assert_int_equal(hfa_active_token_name(f->ctx, &name, &err), HFA_OK);
    assert_null(name);
}

static void test_list_missing_store(void **state)
{
    fixture *f = *state;
    hfa_token_list list;
    hfa_error err = {0};
    assert_int_equal(hfa_auth_list(f->ctx, &list, &err), HFA_OK);
    assert_int_equal(list.count, 0);
    assert_false(list.active_found);
    hfa_token_list_clear(&list);
    /* Reading creates nothing. */
    assert_false(ut_exists(f->hf));
}

static void test_active_token_name(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    char *name = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_active_token_name(f->ctx, &name, &err), HFA_OK);
    assert_string_equal(name, "b");
    free(name);
}

static void test_get_stored_token(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    char *token = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_get_stored_token(f->ctx, "a", &token, &err), HFA_OK);
    assert_string_equal(token, TOK_A);
    hfa_secret_free(token);
    token = (char *)"x";
    assert_int_equal(hfa_get_stored_token(f->ctx, "nope", &token, &err),
                     HFA_ERR_NOT_FOUND);
    assert_null(token);
    assert_message_has(err, "nope");
}

/* ---- switch ------------------------------------------------------------ */

static void test_switch(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    size_t before_len = 0;
    char *before = ut_read(f->stored, &before_len);
    hfa_git_result git = {.outcome = HFA_GIT_DONE};
    hfa_error err = {0};
    assert_int_equal(hfa_auth_switch(f->ctx, "a", false, &git, &err), HFA_OK);
    assert_int_equal(git.outcome, HFA_GIT_NOT_ASKED);
    assert_file_text(f->token, TOK_A);
    assert_int_equal(ut_mode(f->token), 0600);
    /* stored_tokens is only read. */
    assert_file_bytes(f->stored, before, before_len);
    free(before);
    char *name = NULL;
    assert_int_equal(hfa_active_token_name(f->ctx, &name, &err), HFA_OK);
    assert_string_equal(name, "a");
    free(name);
}

static void test_switch_unknown(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    hfa_error err = {0};
    assert_int_equal(
        hfa_auth_switch(f->ctx, "no such token", false, NULL, &err),
        HFA_ERR_NOT_FOUND);
    assert_int_equal(err.code, HFA_ERR_NOT_FOUND);
    assert_message_has(err, "no such token");
    assert_file_text(f->token, TOK_A);
}

static void test_switch_refuses_unusable_value(void **state)
{
    fixture *f = *state;
    /* Values a hand edit could leave: a blank, a control character, a NUL
     * byte (configparser reads it), nothing. */
    static const char text[] = "[space]\nhf_token = hf_has space\n\n"
                               "[ctrl]\nhf_token = hf_ctrl\x01x\n\n"
                               "[nul]\nhf_token = hf_nul\0x\n\n"
                               "[empty]\nhf_token =\n\n"
                               "[none]\nnote = no token\n\n";
    seed_bytes(f, text, sizeof(text) - 1, TOK_A);
    static const char *names[] = {"space", "ctrl", "nul", "empty", "none"};
    for (size_t i = 0; i < 5; i++) {
        hfa_error err = {0};
        hfa_status status =
            hfa_auth_switch(f->ctx, names[i], false, NULL, &err);
        if (status != HFA_ERR_STORE)
            fail_msg("switch to [%s]: status %d (%s)", names[i], status,
                     err.message);
        assert_message_has(err, names[i]);
        assert_message_lacks(err, "hf_has");
        assert_message_lacks(err, "hf_first");
        assert_message_lacks(err, "hf_ctrl");
        assert_file_text(f->token, TOK_A);
    }
    assert_no_temp_files(f->hf);
}

/* configparser joins a continuation line to the value, and
 * huggingface_hub drops the line break when it reads the token back
 * after a switch: the entry is that joined token, not an error. */
static void test_switch_cleans_value_as_python(void **state)
{
    fixture *f = *state;
    seed(f,
         "[multi]\nhf_token = hf_first\n  Second0001\n\n"
         "[padded]\nhf_token = \t" TOK_B "\n\n",
         TOK_A);
    hfa_error err = {0};
    assert_int_equal(hfa_auth_switch(f->ctx, "multi", false, NULL, &err),
                     HFA_OK);
    assert_file_text(f->token, "hf_firstSecond0001");
    char *token = NULL;
    assert_int_equal(hfa_get_stored_token(f->ctx, "padded", &token, &err),
                     HFA_OK);
    assert_string_equal(token, TOK_B);
    hfa_secret_free(token);
    /* The file itself is left as it was. */
    assert_file_text(f->stored, "[multi]\nhf_token = hf_first\n  Second0001\n\n"
                                "[padded]\nhf_token = \t" TOK_B "\n\n");
}

/* A value that cannot be a token spoils its own entry only: the store
 * is read, listed and changed; the entry shows as <invalid>, and a NUL in
 * it survives a rewrite byte for byte. */
static void test_unusable_entry_spoils_only_itself(void **state)
{
    fixture *f = *state;
    static const char text[] = "[bad]\nhf_token = hf_nul\0x\n\n"
                               "[good]\nhf_token = " TOK_A "\n\n";
    seed_bytes(f, text, sizeof(text) - 1, TOK_A);
    hfa_token_list list;
    hfa_error err = {0};
    assert_int_equal(hfa_auth_list(f->ctx, &list, &err), HFA_OK);
    assert_int_equal(list.count, 2);
    assert_string_equal(list.entries[0].name, "bad");
    assert_string_equal(list.entries[0].masked, "<invalid>");
    assert_false(list.entries[0].active);
    assert_true(list.entries[1].active);
    hfa_token_list_clear(&list);
    char *token = NULL;
    assert_int_equal(hfa_get_stored_token(f->ctx, "bad", &token, &err),
                     HFA_ERR_STORE);
    assert_null(token);
    assert_message_has(err, "stored token 'bad' in ");
    assert_message_has(err, "holds a NUL byte");
    store_ok(f, "new", TOK_B);
    size_t len = 0;
    char *now = ut_read(f->stored, &len);
    static const char want[] = "[bad]\nhf_token = hf_nul\0x\n\n"
                               "[good]\nhf_token = " TOK_A "\n\n"
                               "[new]\nhf_token = " TOK_B "\n\n";
    assert_int_equal(len, sizeof(want) - 1);
    assert_memory_equal(now, want, len);
    free(now);
    /* And the entry can be logged out of. */
    assert_int_equal(hfa_logout(f->ctx, "bad", NULL, &err), HFA_OK);
    assert_file_text(f->stored, "[good]\nhf_token = " TOK_A "\n\n"
                                "[new]\nhf_token = " TOK_B "\n\n");
}

/* configparser gives [DEFAULT]'s keys to every section: logging out of
 * the token [DEFAULT] holds removes it there, with the keys describing
 * it and the sections that had it only from there; a section with a
 * token of its own, and [DEFAULT]'s other keys, stay. */
static void test_logout_default_token(void **state)
{
    fixture *f = *state;
    seed(f,
         "[DEFAULT]\nhf_token = " TOK_A "\nrefresh_token = hf_r\n"
         "note = kept\n\n"
         "[b]\nhf_token = " TOK_B "\n\n"
         "[c]\nother = 1\n\n"
         "[work]\n\n",
         TOK_A);
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, "work", NULL, &err), HFA_OK);
    assert_file_text(f->stored, "[DEFAULT]\nnote = kept\n\n"
                                "[b]\nhf_token = " TOK_B "\n\n");
    assert_false(ut_exists(f->token));

    /* Logged out of by a section holding the same token itself. */
    seed(f,
         "[DEFAULT]\nhf_token = " TOK_A "\n\n"
         "[a]\nhf_token = " TOK_A "\n\n"
         "[b]\nhf_token = " TOK_B "\n\n"
         "[c]\n\n",
         TOK_B);
    assert_int_equal(hfa_logout(f->ctx, "a", NULL, &err), HFA_OK);
    assert_file_text(f->stored, "[b]\nhf_token = " TOK_B "\n\n");
    assert_file_text(f->token, TOK_B);

    /* Another token than [DEFAULT]'s: [DEFAULT] is left alone. */
    seed(f,
         "[DEFAULT]\nhf_token = " TOK_A "\n\n"
         "[b]\nhf_token = " TOK_B "\n\n"
         "[c]\n\n",
         TOK_B);
    assert_int_equal(hfa_logout(f->ctx, "b", NULL, &err), HFA_OK);
    assert_file_text(f->stored, "[DEFAULT]\nhf_token = " TOK_A "\n\n"
                                "[c]\n\n");
    assert_false(ut_exists(f->token));
}

/* ---- logout ------------------------------------------------------------ */

static void test_logout_active_name(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    hfa_git_result git = {.outcome = HFA_GIT_DONE};
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, "b", &git, &err), HFA_OK);
    assert_file_text(f->stored, "[a]\nhf_token = " TOK_A "\n\n");
    assert_false(ut_exists(f->token));
    /* The active token went: git was asked, and has no helper here. */
    assert_int_equal(git.outcome, HFA_GIT_NO_HELPER);
}

static void test_logout_inactive_name(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    hfa_git_result git = {.outcome = HFA_GIT_DONE};
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, "a", &git, &err), HFA_OK);
    assert_file_text(f->stored, "[b]\nhf_token = " TOK_B "\n\n");
    assert_file_text(f->token, TOK_B);
    assert_int_equal(git.outcome, HFA_GIT_NOT_ASKED);
}

static void test_logout_last_name(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, "a", NULL, &err), HFA_OK);
    /* huggingface_hub writes the emptied file too. */
    assert_file_text(f->stored, "");
    assert_false(ut_exists(f->token));
}

static void test_logout_unknown_name(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, "zz", NULL, &err), HFA_ERR_NOT_FOUND);
    assert_message_has(err, "zz");
    assert_file_text(f->stored, "[a]\nhf_token = " TOK_A "\n\n");
    assert_file_text(f->token, TOK_A);
}

static void test_logout_all(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    hfa_git_result git = {.outcome = HFA_GIT_DONE};
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, NULL, &git, &err), HFA_OK);
    assert_false(ut_exists(f->stored));
    assert_false(ut_exists(f->token));
    assert_int_equal(git.outcome, HFA_GIT_NO_HELPER);
    assert_no_temp_files(f->hf);
}

static void test_logout_all_token_file_only(void **state)
{
    fixture *f = *state;
    seed(f, NULL, TOK_A);
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, NULL, NULL, &err), HFA_OK);
    assert_false(ut_exists(f->token));
}

static void test_logout_nothing(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    assert_int_equal(hfa_logout(f->ctx, NULL, NULL, &err),
                     HFA_ERR_NOT_LOGGED_IN);
    assert_int_equal(err.code, HFA_ERR_NOT_LOGGED_IN);
    assert_int_equal(hfa_logout(f->ctx, "a", NULL, &err), HFA_ERR_NOT_FOUND);
    /* An empty token file and an empty store are nothing too. */
    seed(f, "", "\n");
    assert_int_equal(hfa_logout(f->ctx, NULL, NULL, &err),
                     HFA_ERR_NOT_LOGGED_IN);
    assert_file_text(f->stored, "");
    assert_file_text(f->token, "\n");
}

/* ---- a store configparser would reject is never touched ----------------- */

static void test_malformed_store_untouched(void **state)
{
    fixture *f = *state;
    static const char bad[] = "[a]\nhf_token = " TOK_A "\n\n"
                              "[b]\nhf_token = " TOK_B "\n\n"
                              "[a]\nhf_token = " TOK_C "\n\n";
    seed(f, bad, TOK_A);
    hfa_error err;
    hfa_token_list list;
    char *out = NULL;

    memset(&err, 0, sizeof(err));
    assert_int_equal(hfa_store_token(f->ctx, "c", TOK_C, NULL, 0, &err),
                     HFA_ERR_PARSE);
    assert_message_has(err, f->stored);
    assert_message_has(err, "line 7:");
    assert_int_equal(hfa_auth_switch(f->ctx, "b", false, NULL, &err),
                     HFA_ERR_PARSE);
    assert_int_equal(hfa_logout(f->ctx, "b", NULL, &err), HFA_ERR_PARSE);
    assert_int_equal(hfa_logout(f->ctx, "a", NULL, &err), HFA_ERR_PARSE);
    assert_int_equal(hfa_logout(f->ctx, NULL, NULL, &err), HFA_ERR_PARSE);
    assert_int_equal(hfa_auth_list(f->ctx, &list, &err), HFA_ERR_PARSE);
    assert_int_equal(list.count, 0);
    assert_int_equal(hfa_get_stored_token(f->ctx, "b", &out, &err),
                     HFA_ERR_PARSE);
    assert_null(out);
    assert_int_equal(hfa_active_token_name(f->ctx, &out, &err), HFA_ERR_PARSE);
    assert_null(out);
    assert_message_lacks(err, TOK_A);

    assert_file_bytes(f->stored, bad, sizeof(bad) - 1);
    assert_file_text(f->token, TOK_A);
    assert_no_temp_files(f->hf);
}

/* ---- names ------------------------------------------------------------- */

static void test_names_with_controls_refused(void **state)
{
    fixture *f = *state;
    static const char *names[] = {
        "a\nb",
        "x]\n[evil",
        "a\tb",
        "a\rb",
        "a\x7f"
        "b",
        "a\xc2\x85"
        "b",
        "a\x1b[0m",
        "DEFAULT",
        "",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        hfa_error err = {0};
        if (hfa_store_token(f->ctx, names[i], TOK_A, NULL, 0, &err) !=
            HFA_ERR_INVALID)
            fail_msg("name #%zu accepted", i);
        assert_int_equal(err.code, HFA_ERR_INVALID);
        assert_message_lacks(err, TOK_A);
    }
    /* Nothing written, not even the folder. */
    assert_false(ut_exists(f->hf));
    /* And with a store present, it stays as it was. */
    store_ok(f, "ok", TOK_B);
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(f->ctx, "a\nb", TOK_A, NULL, 0, &err),
                     HFA_ERR_INVALID);
    assert_file_text(f->stored, "[ok]\nhf_token = " TOK_B "\n\n");
    assert_file_text(f->token, TOK_B);
}

static void test_odd_names_round_trip(void **state)
{
    fixture *f = *state;
    static const char *names[] = {
        "a]b",
        "[x",
        "x [y] z",
        "with  two spaces",
        " padded ",
        "100% prod",
        "donn\303\251es",
        "\xe3\x83\x88\xe3\x83\xbc\xe3\x82\xaf\xe3\x83\xb3",
        "\xf0\x9f\xa4\x97",
        "#hash",
        ";semi",
        "key = like",
        "a]",
        "default",
        "DEFAULT ",
        "nbsp\xc2\xa0",
        "%(interp)s",
        "line\xe2\x80\xa8sep", /* U+2028 ends no line in a file */
    };
    const size_t n = sizeof(names) / sizeof(names[0]);
    char token[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(token, sizeof(token), "hf_oddName%012zu", i);
        store_ok(f, names[i], token);
    }
    hfa_token_list list;
    hfa_error err = {0};
    assert_int_equal(hfa_auth_list(f->ctx, &list, &err), HFA_OK);
    assert_int_equal(list.count, n);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < list.count; j++)
            found |= strcmp(list.entries[j].name, names[i]) == 0;
        if (!found)
            fail_msg("name #%zu [%s] lost", i, names[i]);
        char *got = NULL;
        snprintf(token, sizeof(token), "hf_oddName%012zu", i);
        assert_int_equal(hfa_get_stored_token(f->ctx, names[i], &got, &err),
                         HFA_OK);
        assert_string_equal(got, token);
        hfa_secret_free(got);
    }
    /* Sorted strictly by bytes. */
    for (size_t j = 1; j < list.count; j++)
        assert_true(strcmp(list.entries[j - 1].name, list.entries[j].name) < 0);
    hfa_token_list_clear(&list);
    /* The last one stored is the active one, switch to the first. */
    assert_int_equal(hfa_auth_switch(f->ctx, names[0], false, NULL, &err),
                     HFA_OK);
    assert_file_text(f->token, "hf_oddName000000000000");
}

/* ---- temporary files --------------------------------------------------- */

static void test_no_temp_files(void **state)
{
    fixture *f = *state;
    store_ok(f, "a", TOK_A);
    store_ok(f, "b", TOK_B);
    hfa_error err = {0};
    assert_int_equal(hfa_auth_switch(f->ctx, "a", false, NULL, &err), HFA_OK);
    assert_int_equal(hfa_logout(f->ctx, "b", NULL, &err), HFA_OK);
    assert_no_temp_files(f->hf);
    assert_int_equal(hfa_auth_switch(f->ctx, "b", false, NULL, &err),
                     HFA_ERR_NOT_FOUND);
    assert_int_equal(hfa_store_token(f->ctx, "c", "bad token", NULL, 0, &err),
                     HFA_ERR_INVALID);
    assert_no_temp_files(f->hf);
}

/* A folder we may not write to: run `ops` in a child as nobody (root
 * bypasses permissions, and tests run as root in CI), with cwd in the
 * scratch folder and HF_HOME relative to it, so that no ancestor of the
 * runner's private TMPDIR needs to be searchable by nobody. */
typedef struct {
    hfa_status status;
    char message[512];
} child_result;

#define CHILD_OPS 4

static void run_as_nobody(const char *cwd, child_result results[CHILD_OPS])
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        if (chdir(cwd) != 0)
            _exit(3);
        if (geteuid() == 0 && (setgroups(0, NULL) != 0 ||
                               setresgid(NOBODY, NOBODY, NOBODY) != 0 ||
                               setresuid(NOBODY, NOBODY, NOBODY) != 0))
            _exit(77);
        char *env[] = {"HF_HOME=hf", "GIT_CONFIG_NOSYSTEM=1",
                       "HOME=/nonexistent", NULL};
        hfa_ctx *ctx = NULL;
        hfa_error err;
        if (hfa_ctx_new_for_user(&ctx, "/nonexistent", env, &err) != HFA_OK)
            _exit(4);
        child_result r[CHILD_OPS];
        memset(r, 0, sizeof(r));
        r[0].status = hfa_store_token(ctx, "new", TOK_C, NULL, 0, &err);
        memcpy(r[0].message, err.message, sizeof(err.message));
        r[1].status = hfa_auth_switch(ctx, "b", false, NULL, &err);
        memcpy(r[1].message, err.message, sizeof(err.message));
        r[2].status = hfa_logout(ctx, "a", NULL, &err);
        memcpy(r[2].message, err.message, sizeof(err.message));
        r[3].status = hfa_logout(ctx, NULL, NULL, &err);
        memcpy(r[3].message, err.message, sizeof(err.message));
        ssize_t wrote = write(fds[1], r, sizeof(r));
        _exit(wrote == (ssize_t)sizeof(r) ? 0 : 5);
    }
    close(fds[1]);
    memset(results, 0, sizeof(child_result) * CHILD_OPS);
    size_t got = 0;
    while (got < sizeof(child_result) * CHILD_OPS) {
        ssize_t n = read(fds[0], (char *)results + got,
                         sizeof(child_result) * CHILD_OPS - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    int wstatus = 0;
    assert_int_equal(waitpid(pid, &wstatus, 0), pid);
    assert_true(WIFEXITED(wstatus));
    if (WEXITSTATUS(wstatus) == 77)
        skip();
    assert_int_equal(WEXITSTATUS(wstatus), 0);
}

static void chown_tree(const char *path, uid_t uid)
{
    if (geteuid() != 0)
        return;
    char *cmd =
        ut_fmt("chown -R %u:%u '%s'", (unsigned)uid, (unsigned)uid, path);
    if (system(cmd) != 0)
        ut_die("%s", cmd);
    free(cmd);
}

static void test_unwritable_folder(void **state)
{
    fixture *f = *state;
    static const char stored[] = "[a]\nhf_token = " TOK_A "\n\n"
                                 "[b]\nhf_token = " TOK_B "\n\n";
    seed(f, stored, TOK_A);
    /* The lock file exists already, so the lock works and the failure is
     * the write itself. */
    char *lock = ut_fmt("%s/.stored_tokens.lock", f->hf);
    ut_write(lock, "");
    free(lock);
    chown_tree(f->home, NOBODY);
    assert_int_equal(chmod(f->hf, 0500), 0);

    child_result r[CHILD_OPS];
    run_as_nobody(f->home, r);
    chmod(f->hf, 0700);
    static const char *ops[] = {"store", "switch", "logout a", "logout all"};
    for (size_t i = 0; i < CHILD_OPS; i++) {
        if (r[i].status != HFA_ERR_STORE)
            fail_msg("%s: status %d (%s)", ops[i], r[i].status, r[i].message);
        assert_non_null(strstr(r[i].message, "hf/"));
        assert_null(strstr(r[i].message, TOK_A));
        assert_null(strstr(r[i].message, TOK_C));
    }
    assert_file_bytes(f->stored, stored, sizeof(stored) - 1);
    assert_file_text(f->token, TOK_A);
    assert_no_temp_files(f->hf);
}

/* After an earlier `sudo hf-auth login`, HF_HOME belongs to root: the
 * message says whose it is and how to fix it. */
static void test_root_owned_folder(void **state)
{
    fixture *f = *state;
    if (geteuid() != 0)
        skip();
    static const char stored[] = "[a]\nhf_token = " TOK_A "\n\n";
    seed(f, stored, TOK_A);
    chown_tree(f->home, NOBODY);
    chown_tree(f->hf, 0);
    child_result r[CHILD_OPS];
    run_as_nobody(f->home, r);
    assert_int_equal(r[0].status, HFA_ERR_STORE);
    assert_non_null(strstr(r[0].message, "uid 0"));
    assert_non_null(strstr(r[0].message, "sudo chown"));
    assert_file_bytes(f->stored, stored, sizeof(stored) - 1);
    assert_file_text(f->token, TOK_A);
    assert_no_temp_files(f->hf);
}

/* ---- the current token ------------------------------------------------- */

static void expect_token(hfa_ctx *ctx, const char *token,
                         hfa_token_source source)
{
    char *got = NULL;
    hfa_token_source from = (hfa_token_source)99;
    hfa_error err = {0};
    hfa_status status = hfa_get_token(ctx, &got, &from, &err);
    if (status != HFA_OK)
        fail_msg("get_token: %s", err.message);
    assert_string_equal(got, token);
    assert_int_equal(from, source);
    hfa_secret_free(got);
}

static void expect_no_token(hfa_ctx *ctx)
{
    char *got = (char *)"x";
    hfa_token_source from = (hfa_token_source)99;
    hfa_error err = {0};
    assert_int_equal(hfa_get_token(ctx, &got, &from, &err),
                     HFA_ERR_NOT_LOGGED_IN);
    assert_null(got);
    assert_int_equal(from, HFA_SOURCE_NONE);
    assert_message_has(err, hfa_ctx_token_path(ctx));
}

static void test_get_token_precedence(void **state)
{
    fixture *f = *state;
    seed(f, NULL, "hf_fromFile");
    hfa_ctx *both =
        make_ctx(f, "HF_TOKEN=hf_envA", "HUGGING_FACE_HUB_TOKEN=hf_envB");
    expect_token(both, "hf_envA", HFA_SOURCE_ENV_HF_TOKEN);
    assert_int_equal(hfa_env_token_source(both), HFA_SOURCE_ENV_HF_TOKEN);
    hfa_ctx_free(both);
    hfa_ctx *old = make_ctx(f, "HUGGING_FACE_HUB_TOKEN=hf_envB", NULL);
    expect_token(old, "hf_envB", HFA_SOURCE_ENV_HUGGING_FACE_HUB);
    hfa_ctx_free(old);
    expect_token(f->ctx, "hf_fromFile", HFA_SOURCE_FILE);
    assert_int_equal(hfa_env_token_source(f->ctx), HFA_SOURCE_NONE);
}

static void test_get_token_empty_env(void **state)
{
    fixture *f = *state;
    seed(f, NULL, "hf_fromFile");
    /* os.environ.get("HF_TOKEN") or ...: "" is falsy. */
    hfa_ctx *ctx = make_ctx(f, "HF_TOKEN=", "HUGGING_FACE_HUB_TOKEN=hf_envB");
    expect_token(ctx, "hf_envB", HFA_SOURCE_ENV_HUGGING_FACE_HUB);
    hfa_ctx_free(ctx);
    ctx = make_ctx(f, "HF_TOKEN=", "HUGGING_FACE_HUB_TOKEN=");
    expect_token(ctx, "hf_fromFile", HFA_SOURCE_FILE);
    hfa_ctx_free(ctx);
}

static void test_get_token_blank_env_falls_to_file(void **state)
{
    fixture *f = *state;
    seed(f, NULL, "hf_fromFile");
    /* "  " is truthy, so HUGGING_FACE_HUB_TOKEN is not looked at; it then
     * cleans to nothing, and the file is used. */
    hfa_ctx *ctx =
        make_ctx(f, "HF_TOKEN= \t\r\n ", "HUGGING_FACE_HUB_TOKEN=hf_envB");
    expect_token(ctx, "hf_fromFile", HFA_SOURCE_FILE);
    assert_int_equal(hfa_env_token_source(ctx), HFA_SOURCE_NONE);
    hfa_ctx_free(ctx);
}

static void test_get_token_unicode_blank_env_falls_to_file(void **state)
{
    fixture *f = *state;
    seed(f, NULL, "hf_fromFile");
    /* U+00A0 and U+001F are str.isspace() too. */
    hfa_ctx *ctx = make_ctx(f, "HF_TOKEN=\xc2\xa0\x1f", NULL);
    expect_token(ctx, "hf_fromFile", HFA_SOURCE_FILE);
    hfa_ctx_free(ctx);
}

static void test_get_token_env_cleaned(void **state)
{
    fixture *f = *state;
    hfa_ctx *ctx = make_ctx(f, "HF_TOKEN=\r\n  hf_envA \n", NULL);
    expect_token(ctx, "hf_envA", HFA_SOURCE_ENV_HF_TOKEN);
    hfa_ctx_free(ctx);
}

static void test_get_token_file_cleaned(void **state)
{
    fixture *f = *state;
    seed(f, NULL, "\r\n  tok \n");
    expect_token(f->ctx, "tok", HFA_SOURCE_FILE);
    char *raw = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_read_token_file(f->ctx, &raw, &err), HFA_OK);
    assert_string_equal(raw, "tok");
    hfa_secret_free(raw);
}

static void test_get_token_not_logged_in(void **state)
{
    fixture *f = *state;
    expect_no_token(f->ctx); /* no file */
    seed(f, NULL, "");
    expect_no_token(f->ctx); /* empty file */
    ut_write(f->token, " \r\n\t\n");
    expect_no_token(f->ctx); /* blanks only */
    char *raw = (char *)"x";
    hfa_error err = {0};
    assert_int_equal(hfa_read_token_file(f->ctx, &raw, &err), HFA_OK);
    assert_null(raw);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "blocked on the FIFO\n";
    ssize_t ignored = write(2, msg, sizeof(msg) - 1);
    (void)ignored;
    _exit(1);
}

static void test_fifo_token_file(void **state)
{
    fixture *f = *state;
    ut_mkdir(f->hf, 0700);
    assert_int_equal(mkfifo(f->token, 0600), 0);
    /* Blocking in open() or read() would hang: die loudly instead. */
    signal(SIGALRM, on_alarm);
    alarm(5);
    char *token = (char *)"x";
    hfa_error err = {0};
    long start = ut_now_ms();
    hfa_status status = hfa_get_token(f->ctx, &token, NULL, &err);
    hfa_token_list list;
    hfa_status list_status = hfa_auth_list(f->ctx, &list, &err);
    alarm(0);
    signal(SIGALRM, SIG_DFL);
    assert_int_equal(status, HFA_ERR_STORE);
    assert_null(token);
    assert_int_equal(list_status, HFA_ERR_STORE);
    assert_true(ut_now_ms() - start < 2000);
    assert_message_has(err, f->token);
}

static void test_huge_token_file(void **state)
{
    fixture *f = *state;
    ut_mkdir(f->hf, 0700);
    size_t size = 100 * 1024;
    char *big = malloc(size);
    assert_non_null(big);
    memset(big, 'a', size);
    ut_write_mode(f->token, big, size, 0600);
    free(big);
    char *token = (char *)"x";
    hfa_error err = {0};
    assert_int_equal(hfa_get_token(f->ctx, &token, NULL, &err), HFA_ERR_STORE);
    assert_null(token);
    assert_message_has(err, "too large");
}

static void test_token_file_is_folder(void **state)
{
    fixture *f = *state;
    ut_mkdir(f->hf, 0700);
    ut_mkdir(f->token, 0700);
    char *token = (char *)"x";
    hfa_error err = {0};
    assert_int_equal(hfa_get_token(f->ctx, &token, NULL, &err), HFA_ERR_STORE);
    assert_null(token);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_store_writes_configparser_format),
        T(test_store_sorts_sections),
        T(test_store_replaces_token_of_same_name),
        T(test_store_refuses_bad_token),
        T(test_modes),
        T(test_created_parents_0700),
        T(test_existing_folder_not_remoded),
        T(test_existing_files_remoded_to_0600),
        T(test_umask_000),
        T(test_store_keeps_other_sections_and_keys),
        T(test_store_replaces_refresh_and_expiry),
        T(test_store_refuses_bad_refresh_token),
        T(test_list),
        T(test_list_in_use_from_env),
        T(test_list_no_active),
        T(test_list_missing_store),
        T(test_active_token_name),
        T(test_get_stored_token),
        T(test_switch),
        T(test_switch_unknown),
        T(test_switch_refuses_unusable_value),
        T(test_switch_cleans_value_as_python),
        T(test_unusable_entry_spoils_only_itself),
        T(test_logout_default_token),
        T(test_logout_active_name),
        T(test_logout_inactive_name),
        T(test_logout_last_name),
        T(test_logout_unknown_name),
        T(test_logout_all),
        T(test_logout_all_token_file_only),
        T(test_logout_nothing),
        T(test_malformed_store_untouched),
        T(test_names_with_controls_refused),
        T(test_odd_names_round_trip),
        T(test_no_temp_files),
        T(test_unwritable_folder),
        T(test_root_owned_folder),
        T(test_get_token_precedence),
        T(test_get_token_empty_env),
        T(test_get_token_blank_env_falls_to_file),
        T(test_get_token_unicode_blank_env_falls_to_file),
        T(test_get_token_env_cleaned),
        T(test_get_token_file_cleaned),
        T(test_get_token_not_logged_in),
        T(test_fifo_token_file),
        T(test_huge_token_file),
        T(test_token_file_is_folder),
    };
    int failed = cmocka_run_group_tests_name("store", tests, NULL, NULL);
    return ut_finish(failed);
}
