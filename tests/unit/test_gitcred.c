/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_gitcred.c - git credentials (lib/gitcred.c): the configured
 * credential.helper list, `git credential approve/reject` with the real git
 * and its `store` helper, and with a fake git that records its arguments
 * and standard input (the token must travel on stdin, never in argv), that
 * hangs (killed after the context's timeout), or that is missing.
 *
 * git reads the context's environment, so HOME (a private one) and
 * GIT_CONFIG_NOSYSTEM are set in this process before every context is
 * made; the fake git is found through PATH, also set before.
 */
#include "gitcred.h"
#include "token.h"
#include "unit.h"

#include <signal.h>

#define TOKEN "hf_gitToken0000000001"
#define ENDPOINT "https://hub.example.test"

static char *root;      /* scratch folder of the whole group */
static char *home;      /* $HOME for git */
static char *fake_bin;  /* holds the fake `git` when a test wants it */
static char *empty_bin; /* a PATH with no git at all */
static char *record;    /* where the fake git writes what it got */
static char *real_path; /* PATH as the runner gave it */
static char *hf_home;   /* HF_HOME, for the switch/logout test */

static int group_setup(void **state)
{
    (void)state;
    root = ut_mkdtemp("gitcred");
    home = ut_fmt("%s/home", root);
    fake_bin = ut_fmt("%s/fakebin", root);
    empty_bin = ut_fmt("%s/emptybin", root);
    record = ut_fmt("%s/record", root);
    ut_mkdir(home, 0700);
    ut_mkdir(fake_bin, 0755);
    ut_mkdir(empty_bin, 0755);
    ut_mkdir(record, 0700);
    const char *path = getenv("PATH");
    real_path = strdup(path ? path : "/usr/local/bin:/usr/bin:/bin");
    /* Nothing of the runner's git configuration may leak in. */
    setenv("HOME", home, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    unsetenv("GIT_CONFIG_GLOBAL");
    unsetenv("GIT_CONFIG_SYSTEM");
    unsetenv("GIT_CONFIG_PARAMETERS");
    unsetenv("GIT_CONFIG_COUNT");
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("GIT_DIR");
    unsetenv("HF_ENDPOINT");
    unsetenv("HF_TOKEN");
    unsetenv("HUGGING_FACE_HUB_TOKEN");
    hf_home = ut_fmt("%s/hf", root);
    setenv("HF_HOME", hf_home, 1);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    ut_rm_rf(root);
    free(root);
    free(home);
    free(fake_bin);
    free(empty_bin);
    free(record);
    free(real_path);
    free(hf_home);
    return 0;
}

static void clear_dir(const char *dir)
{
    char *cmd = ut_fmt("rm -rf '%s'/* '%s'/.[!.]*", dir, dir);
    if (system(cmd) != 0)
        ut_die("%s", cmd);
    free(cmd);
}

/* Each test: a clean HOME, the real PATH, no fake git, a fresh context
 * for the test endpoint. */
static int setup(void **state)
{
    clear_dir(home);
    clear_dir(fake_bin);
    clear_dir(record);
    ut_rm_rf(hf_home);
    setenv("PATH", real_path, 1);
    unsetenv("HF_ENDPOINT");
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    if (hfa_ctx_new_from_env(&ctx, &err) != HFA_OK ||
        hfa_ctx_set_endpoint(ctx, ENDPOINT, &err) != HFA_OK)
        ut_die("context: %s", err.message);
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    hfa_ctx_free(*state);
    setenv("PATH", real_path, 1);
    unsetenv("HF_ENDPOINT");
    return 0;
}

/* A context made now, after the test changed the environment. */
static hfa_ctx *fresh_ctx(void **state)
{
    hfa_ctx_free(*state);
    *state = NULL;
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    if (hfa_ctx_new_from_env(&ctx, &err) != HFA_OK)
        fail_msg("context: %s", err.message);
    *state = ctx;
    return ctx;
}

static void git_config(const char *args)
{
    char *cmd = ut_fmt("git config --global %s", args);
    if (system(cmd) != 0)
        ut_die("%s failed", cmd);
    free(cmd);
}

/* Installs `body` as the fake git (a sh script) first in PATH. */
static void install_fake_git(const char *body)
{
    char *path = ut_fmt("%s/git", fake_bin);
    char *script = ut_fmt("#!/bin/sh\n%s\n", body);
    ut_write_mode(path, script, strlen(script), 0755);
    char *new_path = ut_fmt("%s:%s", fake_bin, real_path);
    setenv("PATH", new_path, 1);
    free(new_path);
    free(script);
    free(path);
}

/* A fake git that records "$@" (one per line) and its stdin, exit 0. */
static void install_recording_git(void)
{
    char *body = ut_fmt("printf '%%s\\n' \"$@\" > '%s/argv'\n"
                        "cat > '%s/stdin'\nexit 0",
                        record, record);
    install_fake_git(body);
    free(body);
}

static char *record_file(const char *name)
{
    return ut_fmt("%s/%s", record, name);
}

static void expect_helpers(hfa_ctx *ctx, size_t count, const char **names)
{
    char **helpers = NULL;
    size_t got = 99;
    hfa_error err = {0};
    hfa_status status = hfa_git_credential_helpers(ctx, &helpers, &got, &err);
    if (status != HFA_OK)
        fail_msg("helpers: %s", err.message);
    assert_int_equal(got, count);
    for (size_t i = 0; i < count; i++)
        assert_string_equal(helpers[i], names[i]);
    hfa_string_list_free(helpers, got);
}

/* ---- credential.helper ------------------------------------------------- */

static void test_helpers_none(void **state)
{
    expect_helpers(*state, 0, NULL);
}

static void test_helpers_store(void **state)
{
    git_config("credential.helper store");
    const char *want[] = {"store"};
    expect_helpers(*state, 1, want);
}

static void test_helpers_in_order(void **state)
{
    git_config("--add credential.helper 'cache --timeout=30'");
    git_config("--add credential.helper store");
    const char *want[] = {"cache --timeout=30", "store"};
    expect_helpers(*state, 2, want);
}

static void test_helpers_empty_resets(void **state)
{
    git_config("--add credential.helper store");
    git_config("--add credential.helper ''");
    git_config("--add credential.helper cache");
    const char *want[] = {"cache"};
    expect_helpers(*state, 1, want);
}

static void test_helpers_reset_to_nothing(void **state)
{
    git_config("--add credential.helper store");
    git_config("--add credential.helper ''");
    expect_helpers(*state, 0, NULL);
}

/* ---- approve and reject with the real git ------------------------------ */

static void test_approve_and_reject_with_store(void **state)
{
    hfa_ctx *ctx = *state;
    git_config("credential.helper store");
    hfa_error err = {0};
    hfa_status status = hfa_git_credential_approve(ctx, TOKEN, &err);
    if (status != HFA_OK)
        fail_msg("approve: %s", err.message);
    char *creds = ut_fmt("%s/.git-credentials", home);
    assert_file_text(creds, "https://hf_user:" TOKEN "@hub.example.test\n");
    assert_int_equal(hfa_git_credential_reject(ctx, &err), HFA_OK);
    assert_file_text(creds, "");
    free(creds);
}

static void test_approve_if_helper(void **state)
{
    hfa_ctx *ctx = *state;
    hfa_git_result git;
    /* No helper: nothing done, and the message says how to set one. */
    hfai_git_approve_if_helper(ctx, TOKEN, &git);
    assert_int_equal(git.outcome, HFA_GIT_NO_HELPER);
    assert_non_null(strstr(git.message, "credential.helper"));
    char *creds = ut_fmt("%s/.git-credentials", home);
    assert_false(ut_exists(creds));
    git_config("credential.helper store");
    hfai_git_approve_if_helper(ctx, TOKEN, &git);
    assert_int_equal(git.outcome, HFA_GIT_DONE);
    assert_non_null(strstr(git.message, "store"));
    assert_null(strstr(git.message, TOKEN));
    assert_file_text(creds, "https://hf_user:" TOKEN "@hub.example.test\n");
    free(creds);
}

static void test_switch_adds_to_git(void **state)
{
    hfa_ctx *ctx = *state;
    git_config("credential.helper store");
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(ctx, "a", TOKEN, NULL, 0, &err), HFA_OK);
    assert_int_equal(
        hfa_store_token(ctx, "b", "hf_otherToken00000002", NULL, 0, &err),
        HFA_OK);
    hfa_git_result git = {.outcome = HFA_GIT_NOT_ASKED};
    assert_int_equal(hfa_auth_switch(ctx, "a", true, &git, &err), HFA_OK);
    assert_int_equal(git.outcome, HFA_GIT_DONE);
    assert_non_null(strstr(git.message, "store"));
    char *creds = ut_fmt("%s/.git-credentials", home);
    assert_file_text(creds, "https://hf_user:" TOKEN "@hub.example.test\n");
    /* Logging out of the active token takes it back from git. */
    assert_int_equal(hfa_logout(ctx, "a", &git, &err), HFA_OK);
    assert_int_equal(git.outcome, HFA_GIT_DONE);
    assert_string_equal(git.message, "Erased the Hub credential from git.");
    assert_file_text(creds, "");
    free(creds);
    assert_int_equal(hfa_logout(ctx, NULL, NULL, &err), HFA_OK);
}

/* ---- the token on stdin, never in argv --------------------------------- */

static void test_token_on_stdin_not_argv(void **state)
{
    install_recording_git();
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(ctx, ENDPOINT, &err), HFA_OK);
    hfa_status status = hfa_git_credential_approve(ctx, TOKEN, &err);
    if (status != HFA_OK)
        fail_msg("approve: %s", err.message);
    char *argv = record_file("argv"), *in = record_file("stdin");
    assert_file_text(argv, "credential\napprove\n");
    assert_file_text(in, "url=" ENDPOINT "\nusername=hf_user\n"
                         "password=" TOKEN "\n\n");
    assert_int_equal(hfa_git_credential_reject(ctx, &err), HFA_OK);
    assert_file_text(argv, "credential\nreject\n");
    assert_file_text(in, "url=" ENDPOINT "\nusername=hf_user\n\n");
    free(argv);
    free(in);
}

static void test_git_failure_exit_code(void **state)
{
    install_fake_git("cat >/dev/null\nexit 3");
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(ctx, ENDPOINT, &err), HFA_OK);
    assert_int_equal(hfa_git_credential_approve(ctx, TOKEN, &err), HFA_ERR_GIT);
    assert_int_equal(err.code, HFA_ERR_GIT);
    assert_message_has(err, "exit 3");
    assert_message_lacks(err, TOKEN);
}

/* ---- a git that hangs --------------------------------------------------- */

/* 'Z' (a zombie nobody reaped yet) or gone: either way it was killed. */
static bool process_gone(pid_t pid)
{
    char *path = ut_fmt("/proc/%d/stat", (int)pid);
    char *stat = ut_read(path, NULL);
    free(path);
    if (stat == NULL)
        return true;
    const char *close_paren = strrchr(stat, ')');
    bool zombie = close_paren != NULL && close_paren[1] == ' ' &&
                  (close_paren[2] == 'Z' || close_paren[2] == 'X');
    free(stat);
    return zombie;
}

static void test_hung_git_is_killed(void **state)
{
    /* git's own child (a credential helper, here `sleep`) must die too. */
    char *body = ut_fmt("sleep 30 &\necho $! > '%s/helper_pid'\nwait", record);
    install_fake_git(body);
    free(body);
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(ctx, ENDPOINT, &err), HFA_OK);
    hfa_ctx_set_timeout_ms(ctx, 500);
    long start = ut_now_ms();
    hfa_status status = hfa_git_credential_approve(ctx, TOKEN, &err);
    long took = ut_now_ms() - start;
    assert_int_equal(status, HFA_ERR_GIT);
    assert_message_lacks(err, TOKEN);
    if (took < 400 || took >= 4000)
        fail_msg("returned after %ld ms (timeout 500 ms)", took);
    char *pid_file = record_file("helper_pid");
    char *text = ut_read(pid_file, NULL);
    free(pid_file);
    assert_non_null(text);
    pid_t helper = (pid_t)atoi(text);
    free(text);
    assert_true(helper > 1);
    bool gone = false;
    for (int i = 0; i < 100 && !(gone = process_gone(helper)); i++)
        usleep(20 * 1000);
    if (!gone) {
        kill(helper, SIGKILL);
        fail_msg("git's child %d outlived the timeout", (int)helper);
    }
}

static void test_hung_git_config_is_killed(void **state)
{
    install_fake_git("exec sleep 30");
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_ctx_set_timeout_ms(ctx, 500);
    char **helpers = NULL;
    size_t count = 99;
    hfa_error err = {0};
    long start = ut_now_ms();
    assert_int_equal(hfa_git_credential_helpers(ctx, &helpers, &count, &err),
                     HFA_ERR_GIT);
    assert_true(ut_now_ms() - start < 4000);
    assert_null(helpers);
    assert_int_equal(count, 0);
}

/* ---- refused before git runs -------------------------------------------- */

static void test_git_not_installed(void **state)
{
    setenv("PATH", empty_bin, 1);
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(ctx, ENDPOINT, &err), HFA_OK);
    assert_int_equal(hfa_git_credential_approve(ctx, TOKEN, &err), HFA_ERR_GIT);
    assert_message_has(err, "not installed");
    assert_message_lacks(err, TOKEN);
    char **helpers = NULL;
    size_t count = 99;
    assert_int_equal(hfa_git_credential_helpers(ctx, &helpers, &count, &err),
                     HFA_ERR_GIT);
    assert_message_has(err, "not installed");
}

static void test_endpoint_with_newline_refused(void **state)
{
    install_recording_git();
    /* The environment can carry what set_endpoint would refuse. */
    setenv("HF_ENDPOINT", "https://a.test\nhost=evil.test", 1);
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_error err = {0};
    assert_int_equal(hfa_git_credential_approve(ctx, TOKEN, &err),
                     HFA_ERR_INVALID);
    assert_int_equal(hfa_git_credential_reject(ctx, &err), HFA_ERR_INVALID);
    char *argv = record_file("argv");
    assert_false(ut_exists(argv));
    free(argv);
}

static void test_bad_token_refused(void **state)
{
    install_recording_git();
    hfa_ctx *ctx = fresh_ctx(state);
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(ctx, ENDPOINT, &err), HFA_OK);
    /* A newline would add a line to git's credential protocol. */
    assert_int_equal(hfa_git_credential_approve(ctx, "hf_x\nhost=evil", &err),
                     HFA_ERR_INVALID);
    assert_int_equal(hfa_git_credential_approve(ctx, "", &err),
                     HFA_ERR_INVALID);
    char *argv = record_file("argv");
    assert_false(ut_exists(argv));
    free(argv);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_helpers_none),
        T(test_helpers_store),
        T(test_helpers_in_order),
        T(test_helpers_empty_resets),
        T(test_helpers_reset_to_nothing),
        T(test_approve_and_reject_with_store),
        T(test_approve_if_helper),
        T(test_switch_adds_to_git),
        T(test_token_on_stdin_not_argv),
        T(test_git_failure_exit_code),
        T(test_hung_git_is_killed),
        T(test_hung_git_config_is_killed),
        T(test_git_not_installed),
        T(test_endpoint_with_newline_refused),
        T(test_bad_token_refused),
    };
    int failed = cmocka_run_group_tests_name("gitcred", tests, group_setup,
                                             group_teardown);
    return ut_finish(failed);
}
