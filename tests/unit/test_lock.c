/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_lock.c - the stored_tokens lock (lib/fileio.c hfai_lock_store):
 * a writer waits a bounded time for a lock another process holds, then
 * fails clearly without touching the files; a holder killed with SIGKILL
 * does not block the next writer; and two threads of one process, each
 * with its own context, exclude each other (OFD locks belong to the open
 * file, not to the process) so that no concurrent store is lost.  The
 * wait ends as soon as the holder goes, a signal to the waiting program
 * does not end it, and the library's waiting child leaves nothing behind;
 * where no child can be made, polling waits instead.
 */
#include "fileio.h"
#include "ini.h"
#include "store.h"
#include "unit.h"

#include <dlfcn.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

#define TOK_A "hf_aaaaaaaaaaaaaaaa0001"
#define TOK_B "hf_bbbbbbbbbbbbbbbb0002"

/* A process that cannot fork (RLIMIT_NPROC, a full pid table): this
 * program's fork() fails while fail_fork is set, so the library's fallback,
 * polling, is what waits.  The library, linked in statically, calls this
 * definition. */
static volatile bool fail_fork;
static volatile int fork_refusals;

pid_t fork(void)
{
    if (fail_fork) {
        fork_refusals++;
        errno = EAGAIN;
        return -1;
    }
    pid_t (*real_fork)(void) = (pid_t(*)(void))dlsym(RTLD_NEXT, "fork");
    return real_fork != NULL ? real_fork() : -1;
}

typedef struct {
    char *root;
    char *hf;
    char *stored;
    char *token;
    char *env_hf_home;
    hfa_ctx *ctx;
    pid_t holder; /* a child holding the lock, or 0 */
} fixture;

static hfa_ctx *new_ctx(fixture *f)
{
    char *envp[] = {f->env_hf_home, "GIT_CONFIG_NOSYSTEM=1", NULL};
    return ut_user_ctx(f->root, envp);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    f->root = ut_mkdtemp("lock");
    f->hf = ut_fmt("%s/hf", f->root);
    f->stored = ut_fmt("%s/stored_tokens", f->hf);
    f->token = ut_fmt("%s/token", f->hf);
    f->env_hf_home = ut_fmt("HF_HOME=%s", f->hf);
    f->ctx = new_ctx(f);
    *state = f;
    return 0;
}

static void kill_holder(fixture *f)
{
    if (f->holder > 0) {
        kill(f->holder, SIGKILL);
        waitpid(f->holder, NULL, 0);
        f->holder = 0;
    }
}

static int teardown(void **state)
{
    fixture *f = *state;
    kill_holder(f);
    hfa_ctx_free(f->ctx);
    ut_rm_rf(f->root);
    free(f->root);
    free(f->hf);
    free(f->stored);
    free(f->token);
    free(f->env_hf_home);
    free(f);
    return 0;
}

static void assert_no_children(void)
{
    errno = 0;
    pid_t left = waitpid(-1, NULL, WNOHANG);
    if (left != -1 || errno != ECHILD)
        fail_msg("a child is left behind (waitpid: %d)", (int)left);
}

/* Forks a child that takes the lock, says so through a pipe, and sleeps
 * until killed (or 30 s, so a leaked child never lingers). */
static void hold_lock_in_child(fixture *f)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        hfa_error err;
        int fd = hfai_lock_store_within(f->ctx, f->ctx->lock_timeout_ms, &err);
        char byte = fd >= 0 ? 'L' : 'E';
        if (write(fds[1], &byte, 1) != 1)
            _exit(2);
        sleep(30);
        _exit(0);
    }
    close(fds[1]);
    f->holder = pid;
    char byte = 0;
    assert_int_equal(read(fds[0], &byte, 1), 1);
    close(fds[0]);
    assert_int_equal(byte, 'L');
}

static void test_waits_then_fails(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err),
                     HFA_OK);
    size_t stored_len = 0;
    char *stored = ut_read(f->stored, &stored_len);
    assert_non_null(stored);

    hold_lock_in_child(f);
    hfa_ctx_set_lock_timeout_ms(f->ctx, 300);
    long start = ut_now_ms();
    hfa_status status = hfa_store_token(f->ctx, "b", TOK_B, NULL, 0, &err);
    long took = ut_now_ms() - start;
    assert_int_equal(status, HFA_ERR_STORE);
    assert_int_equal(err.code, HFA_ERR_STORE);
    assert_message_has(err, "lock");
    assert_message_lacks(err, TOK_B);
    /* It waited about the timeout: a bound, not a benchmark. */
    if (took < 250 || took >= 5000)
        fail_msg("gave up after %ld ms (timeout 300 ms)", took);

    /* The library's waiting child is gone and reaped: with the holder
     * reaped too, this process has no child left. */
    kill_holder(f);
    assert_no_children();

    /* Nothing changed. */
    assert_file_bytes(f->stored, stored, stored_len);
    assert_file_text(f->token, TOK_A);
    assert_no_temp_files(f->hf);
    free(stored);
}

static void test_switch_and_logout_wait_too(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err),
                     HFA_OK);
    assert_int_equal(hfa_store_token(f->ctx, "b", TOK_B, NULL, 0, &err),
                     HFA_OK);
    hold_lock_in_child(f);
    hfa_ctx_set_lock_timeout_ms(f->ctx, 100);
    assert_int_equal(hfa_auth_switch(f->ctx, "a", false, NULL, &err),
                     HFA_ERR_STORE);
    assert_message_has(err, "lock");
    assert_int_equal(hfa_logout(f->ctx, "a", NULL, &err), HFA_ERR_STORE);
    assert_message_has(err, "lock");
    assert_int_equal(hfa_logout(f->ctx, NULL, NULL, &err), HFA_ERR_STORE);
    assert_message_has(err, "lock");
    assert_file_text(f->token, TOK_B);
    assert_file_text(f->stored, "[a]\nhf_token = " TOK_A "\n\n"
                                "[b]\nhf_token = " TOK_B "\n\n");
}

static void test_killed_holder_does_not_block(void **state)
{
    fixture *f = *state;
    hold_lock_in_child(f);
    hfa_ctx_set_lock_timeout_ms(f->ctx, 300);
    hfa_error err = {0};
    assert_int_equal(hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err),
                     HFA_ERR_STORE);
    /* SIGKILL: no chance to unlock; the kernel drops the lock with the
     * last descriptor of the open file. */
    kill_holder(f);
    /* A long timeout now, so a lock still held would show as a wait. */
    hfa_ctx_set_lock_timeout_ms(f->ctx, 10000);
    long start = ut_now_ms();
    hfa_status status = hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err);
    long took = ut_now_ms() - start;
    if (status != HFA_OK)
        fail_msg("store after the holder died: %s", err.message);
    if (took >= 2000)
        fail_msg("store after the holder died waited %ld ms", took);
    assert_file_text(f->stored, "[a]\nhf_token = " TOK_A "\n\n");
}

static void test_lock_timeout_zero_tries_once(void **state)
{
    fixture *f = *state;
    hold_lock_in_child(f);
    hfa_ctx_set_lock_timeout_ms(f->ctx, 0);
    hfa_error err = {0};
    long start = ut_now_ms();
    assert_int_equal(hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err),
                     HFA_ERR_STORE);
    assert_true(ut_now_ms() - start < 1000);
    assert_false(ut_exists(f->stored));
}

static void test_lock_is_reentrant_free(void **state)
{
    fixture *f = *state;
    /* Lock, unlock, lock again in one process: nothing stays held. */
    hfa_error err = {0};
    int fd = hfai_lock_store_within(f->ctx, f->ctx->lock_timeout_ms, &err);
    assert_true(fd >= 0);
    hfai_unlock_store(fd);
    hfa_ctx_set_lock_timeout_ms(f->ctx, 0);
    fd = hfai_lock_store_within(f->ctx, f->ctx->lock_timeout_ms, &err);
    assert_true(fd >= 0);
    /* A second context of this same process is excluded while held. */
    hfa_ctx *other = new_ctx(f);
    hfa_ctx_set_lock_timeout_ms(other, 50);
    assert_int_equal(hfa_store_token(other, "x", TOK_A, NULL, 0, &err),
                     HFA_ERR_STORE);
    hfai_unlock_store(fd);
    assert_int_equal(hfa_store_token(other, "x", TOK_A, NULL, 0, &err), HFA_OK);
    hfa_ctx_free(other);
}

/* ---- the wait itself ---------------------------------------------------- */

typedef struct {
    fixture *f;
} releaser_args;

static volatile sig_atomic_t signals_seen, signal_on_caller;
static pthread_t signal_target;

static void note_signal(int signo)
{
    (void)signo;
    signals_seen++;
    signal_on_caller = pthread_equal(pthread_self(), signal_target);
}

/* 100 ms into the wait, a signal for the process; 300 ms in, the holder
 * dies. */
static void *signal_then_release(void *arg)
{
    releaser_args *args = arg;
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    kill(getpid(), SIGUSR1);
    pause.tv_nsec = 200 * 1000 * 1000;
    nanosleep(&pause, NULL);
    kill_holder(args->f);
    return NULL;
}

static void test_wait_outlasts_signals_and_takes_released_lock(void **state)
{
    fixture *f = *state;
    hold_lock_in_child(f);
    /* No SA_RESTART: an interrupted wait must not pass for a failure. */
    struct sigaction action = {.sa_handler = note_signal}, saved;
    sigemptyset(&action.sa_mask);
    assert_int_equal(sigaction(SIGUSR1, &action, &saved), 0);
    signals_seen = 0;
    signal_on_caller = 0;
    signal_target = pthread_self();
    /* Only the caller may take the signal, as in a program whose other
     * threads block it. */
    sigset_t usr1, old_mask;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, &old_mask);
    releaser_args args = {.f = f};
    pthread_t releaser;
    assert_int_equal(
        pthread_create(&releaser, NULL, signal_then_release, &args), 0);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);

    hfa_ctx_set_lock_timeout_ms(f->ctx, 10000);
    hfa_error err = {0};
    long start = ut_now_ms();
    hfa_status status = hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err);
    long took = ut_now_ms() - start;
    assert_int_equal(pthread_join(releaser, NULL), 0);
    sigaction(SIGUSR1, &saved, NULL);
    if (status != HFA_OK)
        fail_msg("store once the holder died: %s", err.message);
    /* It waited for the holder, and went on once the holder was gone
     * rather than at the 10 s timeout. */
    if (took < 250 || took >= 5000)
        fail_msg("the store took %ld ms; the lock was free after 300 ms", took);
    assert_no_children();
    assert_int_equal(signals_seen, 1);
    assert_true(signal_on_caller);
    assert_file_text(f->stored, "[a]\nhf_token = " TOK_A "\n\n");
}

static void test_without_fork_polls(void **state)
{
    fixture *f = *state;
    hold_lock_in_child(f);
    fail_fork = true;
    fork_refusals = 0;
    hfa_ctx_set_lock_timeout_ms(f->ctx, 300);
    hfa_error err = {0};
    long start = ut_now_ms();
    hfa_status status = hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err);
    long took = ut_now_ms() - start;
    if (status != HFA_ERR_STORE || took < 250 || took >= 5000) {
        fail_fork = false;
        fail_msg("status %d after %ld ms (timeout 300 ms): %s", status, took,
                 err.message);
    }
    assert_message_has(err, "another process holds the lock");
    /* The library did try to fork its waiter, and polled instead. */
    assert_true(fork_refusals > 0);
    /* Released while polling: taken. */
    releaser_args args = {.f = f};
    pthread_t releaser;
    assert_int_equal(
        pthread_create(&releaser, NULL, signal_then_release, &args), 0);
    struct sigaction ignore = {.sa_handler = SIG_IGN}, saved;
    sigaction(SIGUSR1, &ignore, &saved);
    hfa_ctx_set_lock_timeout_ms(f->ctx, 10000);
    status = hfa_store_token(f->ctx, "a", TOK_A, NULL, 0, &err);
    fail_fork = false;
    assert_int_equal(pthread_join(releaser, NULL), 0);
    sigaction(SIGUSR1, &saved, NULL);
    if (status != HFA_OK)
        fail_msg("store once the holder died: %s", err.message);
    assert_file_text(f->stored, "[a]\nhf_token = " TOK_A "\n\n");
}

/* ---- two threads ------------------------------------------------------- */

#define PER_THREAD 50

typedef struct {
    fixture *f;
    int id;
    int failures;
    char first_error[512];
} worker;

static void *store_many(void *arg)
{
    worker *w = arg;
    hfa_ctx *ctx = new_ctx(w->f);
    for (int i = 0; i < PER_THREAD; i++) {
        char name[32], token[40];
        snprintf(name, sizeof(name), "t%d-%02d", w->id, i);
        snprintf(token, sizeof(token), "hf_thread%dtoken%08d", w->id, i);
        hfa_error err = {0};
        if (hfa_store_token(ctx, name, token, NULL, 0, &err) != HFA_OK) {
            if (w->failures++ == 0)
                snprintf(w->first_error, sizeof(w->first_error), "%s",
                         err.message);
        }
    }
    hfa_ctx_free(ctx);
    return NULL;
}

static void test_two_threads_lose_nothing(void **state)
{
    fixture *f = *state;
    worker workers[2] = {{.f = f, .id = 0}, {.f = f, .id = 1}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(
            pthread_create(&threads[i], NULL, store_many, &workers[i]), 0);
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_join(threads[i], NULL), 0);
    for (int i = 0; i < 2; i++) {
        if (workers[i].failures != 0)
            fail_msg("thread %d: %d stores failed, first: %s", i,
                     workers[i].failures, workers[i].first_error);
    }
    /* All 100 there, each with its own token, in a file that parses. */
    size_t len = 0;
    char *text = ut_read(f->stored, &len);
    assert_non_null(text);
    hfai_ini ini;
    hfa_error err = {0};
    assert_int_equal(hfai_ini_parse(text, len, f->stored, &ini, &err), HFA_OK);
    assert_int_equal(ini.count, 2 * PER_THREAD);
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < PER_THREAD; i++) {
            char name[32], token[40];
            snprintf(name, sizeof(name), "t%d-%02d", t, i);
            snprintf(token, sizeof(token), "hf_thread%dtoken%08d", t, i);
            hfai_ini_section *s = hfai_ini_find(&ini, name);
            if (s == NULL)
                fail_msg("[%s] lost", name);
            assert_string_equal(hfai_ini_get(&ini, s, "hf_token"), token);
        }
    }
    hfai_ini_free(&ini);
    free(text);
    assert_no_temp_files(f->hf);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_waits_then_fails),
        T(test_switch_and_logout_wait_too),
        T(test_killed_holder_does_not_block),
        T(test_lock_timeout_zero_tries_once),
        T(test_lock_is_reentrant_free),
        T(test_wait_outlasts_signals_and_takes_released_lock),
        T(test_without_fork_polls),
        T(test_two_threads_lose_nothing),
    };
    int failed = cmocka_run_group_tests_name("lock", tests, NULL, NULL);
    return ut_finish(failed);
}
