/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_paths.c - where a context puts things (docs/design.md,
 * "The interface hfauth keeps"; lib/ctx.c): HF_HOME, XDG_CACHE_HOME,
 * HF_TOKEN_PATH, '~' and $VAR expansion as huggingface_hub's constants.py
 * does it (expanduser, then expandvars), the endpoint, and that a per-user
 * context reads only the environment it is given, never the process's.
 * Nothing here touches the file system.
 */
#include "ctx.h"
#include "unit.h"

#define HOME "/home/alice"

/* A per-user context for HOME and a NULL-terminated list of NAME=value. */
static hfa_ctx *user_ctx(char *const *envp)
{
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    hfa_status status = hfa_ctx_new_for_user(&ctx, HOME, envp, &err);
    if (status != HFA_OK)
        fail_msg("hfa_ctx_new_for_user: %s", err.message);
    assert_non_null(ctx);
    return ctx;
}

static void expect_paths(char *const *envp, const char *hf_home,
                         const char *token, const char *stored)
{
    hfa_ctx *ctx = user_ctx(envp);
    assert_string_equal(hfa_ctx_hf_home(ctx), hf_home);
    assert_string_equal(hfa_ctx_token_path(ctx), token);
    assert_string_equal(hfa_ctx_stored_tokens_path(ctx), stored);
    hfa_ctx_free(ctx);
}

static void test_default_home(void **state)
{
    (void)state;
    expect_paths(NULL, HOME "/.cache/huggingface",
                 HOME "/.cache/huggingface/token",
                 HOME "/.cache/huggingface/stored_tokens");
    char *empty[] = {NULL};
    expect_paths(empty, HOME "/.cache/huggingface",
                 HOME "/.cache/huggingface/token",
                 HOME "/.cache/huggingface/stored_tokens");
}

static void test_home_trailing_slash(void **state)
{
    (void)state;
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_new_for_user(&ctx, "/home/bob/", NULL, &err),
                     HFA_OK);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/home/bob/.cache/huggingface");
    hfa_ctx_free(ctx);
}

static void test_for_user_needs_home(void **state)
{
    (void)state;
    hfa_ctx *ctx = (hfa_ctx *)&ctx;
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_new_for_user(&ctx, NULL, NULL, &err),
                     HFA_ERR_INVALID);
    assert_null(ctx);
    ctx = (hfa_ctx *)&ctx;
    assert_int_equal(hfa_ctx_new_for_user(&ctx, "", NULL, &err),
                     HFA_ERR_INVALID);
    assert_null(ctx);
}

static void test_xdg_cache_home(void **state)
{
    (void)state;
    char *env[] = {"XDG_CACHE_HOME=/var/cache/alice", NULL};
    expect_paths(env, "/var/cache/alice/huggingface",
                 "/var/cache/alice/huggingface/token",
                 "/var/cache/alice/huggingface/stored_tokens");
}

static void test_hf_home_wins(void **state)
{
    (void)state;
    char *env[] = {"XDG_CACHE_HOME=/var/cache/alice", "HF_HOME=/srv/hf", NULL};
    expect_paths(env, "/srv/hf", "/srv/hf/token", "/srv/hf/stored_tokens");
}

static void test_hf_token_path(void **state)
{
    (void)state;
    /* stored_tokens sits beside the token file, not in HF_HOME. */
    char *env[] = {"HF_HOME=/srv/hf", "HF_TOKEN_PATH=/run/user/1000/hf/tok",
                   NULL};
    expect_paths(env, "/srv/hf", "/run/user/1000/hf/tok",
                 "/run/user/1000/hf/stored_tokens");
}

static void test_tilde_expansion(void **state)
{
    (void)state;
    char *env1[] = {"HF_HOME=~/hf", NULL};
    expect_paths(env1, HOME "/hf", HOME "/hf/token", HOME "/hf/stored_tokens");
    char *env2[] = {"HF_HOME=~", NULL};
    expect_paths(env2, HOME, HOME "/token", HOME "/stored_tokens");
    char *env3[] = {"XDG_CACHE_HOME=~/cache", NULL};
    expect_paths(env3, HOME "/cache/huggingface",
                 HOME "/cache/huggingface/token",
                 HOME "/cache/huggingface/stored_tokens");
    /* Only a leading '~' is special. */
    char *env4[] = {"HF_HOME=/srv/~/hf", NULL};
    expect_paths(env4, "/srv/~/hf", "/srv/~/hf/token",
                 "/srv/~/hf/stored_tokens");
}

static void test_tilde_user_expansion(void **state)
{
    (void)state;
    /* "~root" is root's home from the password database (os.path does
     * the same); an unknown user is left as it is. */
    char *env1[] = {"HF_HOME=~root/hf", NULL};
    hfa_ctx *ctx = user_ctx(env1);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/root/hf");
    hfa_ctx_free(ctx);
    char *env2[] = {"HF_HOME=~no_such_user_hfa/hf", NULL};
    ctx = user_ctx(env2);
    assert_string_equal(hfa_ctx_hf_home(ctx), "~no_such_user_hfa/hf");
    hfa_ctx_free(ctx);
}

static void test_var_expansion(void **state)
{
    (void)state;
    char *env[] = {"BASE=/data", "WHO=alice", "HF_HOME=$BASE/hf/${WHO}x", NULL};
    expect_paths(env, "/data/hf/alicex", "/data/hf/alicex/token",
                 "/data/hf/alicex/stored_tokens");
    char *xdg[] = {"SCRATCH=/scratch/a", "XDG_CACHE_HOME=${SCRATCH}/c", NULL};
    expect_paths(xdg, "/scratch/a/c/huggingface",
                 "/scratch/a/c/huggingface/token",
                 "/scratch/a/c/huggingface/stored_tokens");
}

static void test_unknown_vars_kept(void **state)
{
    (void)state;
    /* os.path.expandvars leaves what it cannot expand untouched. */
    char *env[] = {"HF_HOME=/x/$NOPE/${ALSO_NOPE}/$/a$", NULL};
    hfa_ctx *ctx = user_ctx(env);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/x/$NOPE/${ALSO_NOPE}/$/a$");
    hfa_ctx_free(ctx);
    /* An unclosed brace, and a set-but-empty variable (expanded to ""). */
    char *env2[] = {"EMPTY=", "HF_HOME=/y/${EMPTY/$EMPTY/z", NULL};
    ctx = user_ctx(env2);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/y/${EMPTY//z");
    hfa_ctx_free(ctx);
}

static void test_var_names_stop_at_non_word(void **state)
{
    (void)state;
    char *env[] = {"A=1", "A_B=2", "HF_HOME=/$A-$A_B.$A_B_C", NULL};
    hfa_ctx *ctx = user_ctx(env);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/1-2.$A_B_C");
    hfa_ctx_free(ctx);
}

static void test_empty_values_unset(void **state)
{
    (void)state;
    /* An empty HF_HOME would put the token in the current folder. */
    char *env[] = {"HF_HOME=", "XDG_CACHE_HOME=", "HF_TOKEN_PATH=", NULL};
    expect_paths(env, HOME "/.cache/huggingface",
                 HOME "/.cache/huggingface/token",
                 HOME "/.cache/huggingface/stored_tokens");
    char *env2[] = {"HF_HOME=", "XDG_CACHE_HOME=/c", NULL};
    expect_paths(env2, "/c/huggingface", "/c/huggingface/token",
                 "/c/huggingface/stored_tokens");
}

static void test_env_entries_without_equals_ignored(void **state)
{
    (void)state;
    char *env[] = {"GARBAGE", "HF_HOME", "HF_HOME=/srv/hf", NULL};
    expect_paths(env, "/srv/hf", "/srv/hf/token", "/srv/hf/stored_tokens");
}

static void test_var_name_prefix_not_matched(void **state)
{
    (void)state;
    /* HF_HOMEX is not HF_HOME. */
    char *env[] = {"HF_HOMEX=/wrong", "XHF_HOME=/wrong", NULL};
    expect_paths(env, HOME "/.cache/huggingface",
                 HOME "/.cache/huggingface/token",
                 HOME "/.cache/huggingface/stored_tokens");
}

/* ---- endpoint ---------------------------------------------------------- */

static void test_endpoint_default(void **state)
{
    (void)state;
    hfa_ctx *ctx = user_ctx(NULL);
    assert_string_equal(hfa_ctx_endpoint(ctx), "https://huggingface.co");
    assert_true(hfa_ctx_endpoint_is_default(ctx));
    hfa_ctx_free(ctx);
    char *empty[] = {"HF_ENDPOINT=", NULL};
    ctx = user_ctx(empty);
    assert_string_equal(hfa_ctx_endpoint(ctx), "https://huggingface.co");
    hfa_ctx_free(ctx);
}

static void test_endpoint_trailing_slashes(void **state)
{
    (void)state;
    char *env[] = {"HF_ENDPOINT=https://hub.example.test///", NULL};
    hfa_ctx *ctx = user_ctx(env);
    assert_string_equal(hfa_ctx_endpoint(ctx), "https://hub.example.test");
    assert_false(hfa_ctx_endpoint_is_default(ctx));
    hfa_ctx_free(ctx);
    char *env2[] = {"HF_ENDPOINT=https://huggingface.co/", NULL};
    ctx = user_ctx(env2);
    assert_true(hfa_ctx_endpoint_is_default(ctx));
    hfa_ctx_free(ctx);
}

static void test_set_endpoint(void **state)
{
    (void)state;
    hfa_ctx *ctx = user_ctx(NULL);
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(ctx, "http://127.0.0.1:8080/", &err),
                     HFA_OK);
    assert_string_equal(hfa_ctx_endpoint(ctx), "http://127.0.0.1:8080");
    assert_false(hfa_ctx_endpoint_is_default(ctx));
    assert_int_equal(
        hfa_ctx_set_endpoint(ctx, "https://hub.example.test/x//", &err),
        HFA_OK);
    assert_string_equal(hfa_ctx_endpoint(ctx), "https://hub.example.test/x");
    hfa_ctx_free(ctx);
}

static void test_set_endpoint_refuses(void **state)
{
    (void)state;
    static const char *bad[] = {
        "ftp://x",        "file:///etc/passwd",
        "huggingface.co", "",
        "https://a\nb",   "https://a\rb",
        "https://a b",    "https://a\tb",
        "https://a\177b", "HTTPS//x",
    };
    hfa_ctx *ctx = user_ctx(NULL);
    assert_int_equal(hfa_ctx_set_endpoint(ctx, "https://ok.test", NULL),
                     HFA_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        hfa_error err = {0};
        if (hfa_ctx_set_endpoint(ctx, bad[i], &err) != HFA_ERR_INVALID)
            fail_msg("endpoint #%zu accepted", i);
        assert_int_equal(err.code, HFA_ERR_INVALID);
        /* Refused means unchanged. */
        assert_string_equal(hfa_ctx_endpoint(ctx), "https://ok.test");
    }
    hfa_ctx_free(ctx);
}

/* ---- timeouts ---------------------------------------------------------- */

static void test_timeouts_from_env(void **state)
{
    (void)state;
    hfa_ctx *ctx = user_ctx(NULL);
    assert_int_equal(ctx->timeout_ms, 10000);
    assert_int_equal(ctx->lock_timeout_ms, 10000);
    hfa_ctx_free(ctx);
    char *env[] = {"HF_HUB_DOWNLOAD_TIMEOUT=2.5", "HFAUTH_LOCK_TIMEOUT=0.3",
                   NULL};
    ctx = user_ctx(env);
    assert_int_equal(ctx->timeout_ms, 2500);
    assert_int_equal(ctx->lock_timeout_ms, 300);
    hfa_ctx_set_timeout_ms(ctx, 700);
    hfa_ctx_set_lock_timeout_ms(ctx, 40);
    assert_int_equal(ctx->timeout_ms, 700);
    assert_int_equal(ctx->lock_timeout_ms, 40);
    hfa_ctx_free(ctx);
    /* Nonsense falls back to the default. */
    char *bad[] = {"HF_HUB_DOWNLOAD_TIMEOUT=soon", NULL};
    ctx = user_ctx(bad);
    assert_int_equal(ctx->timeout_ms, 10000);
    hfa_ctx_free(ctx);
}

/* ---- the process environment ------------------------------------------- */

static void test_per_user_ignores_process_env(void **state)
{
    (void)state;
    setenv("HF_HOME", "/process/hf_home", 1);
    setenv("XDG_CACHE_HOME", "/process/xdg", 1);
    setenv("HF_TOKEN_PATH", "/process/token", 1);
    setenv("HF_ENDPOINT", "https://process.example", 1);
    setenv("HF_TOKEN", "hf_processToken0000001", 1);
    setenv("HOME", "/process/home", 1);
    setenv("BASE", "/process/base", 1);
    char *env[] = {"HF_HOME=$BASE/hf", NULL};
    hfa_ctx *ctx = user_ctx(NULL);
    assert_string_equal(hfa_ctx_hf_home(ctx), HOME "/.cache/huggingface");
    assert_string_equal(hfa_ctx_token_path(ctx),
                        HOME "/.cache/huggingface/token");
    assert_string_equal(hfa_ctx_endpoint(ctx), "https://huggingface.co");
    assert_int_equal(hfa_env_token_source(ctx), HFA_SOURCE_NONE);
    hfa_ctx_free(ctx);
    /* $BASE is looked up in the given environment only. */
    ctx = user_ctx(env);
    assert_string_equal(hfa_ctx_hf_home(ctx), "$BASE/hf");
    hfa_ctx_free(ctx);
    unsetenv("HF_HOME");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HF_TOKEN_PATH");
    unsetenv("HF_ENDPOINT");
    unsetenv("HF_TOKEN");
    unsetenv("BASE");
}

static void test_envp_copied(void **state)
{
    (void)state;
    char entry[] = "HF_HOME=/srv/hf";
    char *env[] = {entry, NULL};
    hfa_ctx *ctx = user_ctx(env);
    /* The caller's strings may change or go away afterwards. */
    memcpy(entry, "HF_HOME=/bad/x", sizeof("HF_HOME=/bad/x"));
    env[0] = NULL;
    assert_string_equal(hfai_ctx_getenv(ctx, "HF_HOME"), "/srv/hf");
    hfa_ctx_free(ctx);
}

static void test_from_env(void **state)
{
    (void)state;
    unsetenv("HF_HOME");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HF_TOKEN_PATH");
    unsetenv("HF_ENDPOINT");
    setenv("HOME", "/home/envuser", 1);
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_new_from_env(&ctx, &err), HFA_OK);
    assert_string_equal(hfa_ctx_hf_home(ctx),
                        "/home/envuser/.cache/huggingface");
    assert_string_equal(hfa_ctx_endpoint(ctx), "https://huggingface.co");
    hfa_ctx_free(ctx);

    setenv("XDG_CACHE_HOME", "~/xdg", 1);
    ctx = NULL;
    assert_int_equal(hfa_ctx_new_from_env(&ctx, &err), HFA_OK);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/home/envuser/xdg/huggingface");
    hfa_ctx_free(ctx);

    setenv("SITE", "/site", 1);
    setenv("HF_HOME", "${SITE}/hf", 1);
    setenv("HF_TOKEN_PATH", "~/secret/token", 1);
    setenv("HF_ENDPOINT", "http://localhost:5564/", 1);
    ctx = NULL;
    assert_int_equal(hfa_ctx_new_from_env(&ctx, &err), HFA_OK);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/site/hf");
    assert_string_equal(hfa_ctx_token_path(ctx), "/home/envuser/secret/token");
    assert_string_equal(hfa_ctx_stored_tokens_path(ctx),
                        "/home/envuser/secret/stored_tokens");
    assert_string_equal(hfa_ctx_endpoint(ctx), "http://localhost:5564");
    hfa_ctx_free(ctx);

    /* The context took a copy: later changes do not reach it. */
    ctx = NULL;
    assert_int_equal(hfa_ctx_new_from_env(&ctx, &err), HFA_OK);
    setenv("HF_HOME", "/changed", 1);
    assert_string_equal(hfa_ctx_hf_home(ctx), "/site/hf");
    assert_string_equal(hfai_ctx_getenv(ctx, "HF_HOME"), "${SITE}/hf");
    hfa_ctx_free(ctx);

    unsetenv("HF_HOME");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HF_TOKEN_PATH");
    unsetenv("HF_ENDPOINT");
    unsetenv("SITE");
}

static void test_from_env_without_home(void **state)
{
    (void)state;
    unsetenv("HF_HOME");
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HF_TOKEN_PATH");
    unsetenv("HOME");
    /* HOME unset: the password database's home for our uid. */
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_new_from_env(&ctx, &err), HFA_OK);
    char *want = NULL;
    FILE *p = popen("getent passwd $(id -u) | cut -d: -f6", "r");
    assert_non_null(p);
    char line[512] = "";
    if (fgets(line, sizeof(line), p) != NULL)
        line[strcspn(line, "\n")] = '\0';
    pclose(p);
    if (line[0] == '\0')
        skip();
    want = ut_fmt("%s/.cache/huggingface", line);
    assert_string_equal(hfa_ctx_hf_home(ctx), want);
    free(want);
    hfa_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_home),
        cmocka_unit_test(test_home_trailing_slash),
        cmocka_unit_test(test_for_user_needs_home),
        cmocka_unit_test(test_xdg_cache_home),
        cmocka_unit_test(test_hf_home_wins),
        cmocka_unit_test(test_hf_token_path),
        cmocka_unit_test(test_tilde_expansion),
        cmocka_unit_test(test_tilde_user_expansion),
        cmocka_unit_test(test_var_expansion),
        cmocka_unit_test(test_unknown_vars_kept),
        cmocka_unit_test(test_var_names_stop_at_non_word),
        cmocka_unit_test(test_empty_values_unset),
        cmocka_unit_test(test_env_entries_without_equals_ignored),
        cmocka_unit_test(test_var_name_prefix_not_matched),
        cmocka_unit_test(test_endpoint_default),
        cmocka_unit_test(test_endpoint_trailing_slashes),
        cmocka_unit_test(test_set_endpoint),
        cmocka_unit_test(test_set_endpoint_refuses),
        cmocka_unit_test(test_timeouts_from_env),
        cmocka_unit_test(test_per_user_ignores_process_env),
        cmocka_unit_test(test_envp_copied),
        cmocka_unit_test(test_from_env),
        cmocka_unit_test(test_from_env_without_home),
    };
    int failed = cmocka_run_group_tests_name("paths", tests, NULL, NULL);
    return ut_finish(failed);
}
