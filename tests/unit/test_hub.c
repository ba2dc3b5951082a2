/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_hub.c - the Hub client (lib/hub.c) against the fake Hub
 * (tests/fakehub.py): whoami-v2 answers, every failure mapped to its
 * status, the token only ever in the Authorization header, never in a URL,
 * an error message or a redirected request, and hfa_login's refusals that
 * happen before any request.
 *
 * The group setup starts two fake hubs as child processes (the second is a
 * redirect target that must never be reached); a test changes the first
 * one's behaviour by writing mode.json in its state folder, and reads what
 * it received from requests.jsonl.
 */
#include "hub.h"
#include "oauth.h"
#include "token.h"
#include "unit.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define TOK_WORK "hf_aliceWriteToken0001"
#define TOK_NONAME "hf_noDisplayName000004"
#define TOK_ORG "api_org_acmeOrgToken0005"
#define TOK_BAD "hf_thisTokenIsNotKnown9"

typedef struct {
    pid_t pid;
    char *dir;
    int port;
    char *endpoint;
} hub;

static char *root;
static hub main_hub, other_hub;

static void start_hub(hub *h, const char *name)
{
    const char *src = getenv("HFA_SRC");
    if (src == NULL)
        ut_die("HFA_SRC is not set (run through tests/run.sh)");
    h->dir = ut_fmt("%s/%s", root, name);
    ut_mkdir(h->dir, 0700);
    char *script = ut_fmt("%s/tests/fakehub.py", src);
    char *port_file = ut_fmt("%s/port", h->dir);
    char *log = ut_fmt("%s/server.log", h->dir);
    pid_t pid = fork();
    if (pid < 0)
        ut_die("fork");
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        /* --max-seconds: a hub leaked by a crashed test still goes away. */
        execlp("python3", "python3", script, "--state-dir", h->dir,
               "--port-file", port_file, "--max-seconds", "120", (char *)NULL);
        _exit(127);
    }
    h->pid = pid;
    for (int i = 0; i < 200; i++) {
        char *text = ut_read(port_file, NULL);
        if (text != NULL && text[0] != '\0') {
            h->port = atoi(text);
            free(text);
            break;
        }
        free(text);
        usleep(25 * 1000);
    }
    if (h->port <= 0)
        ut_die("fake hub %s did not start (see %s)", name, log);
    h->endpoint = ut_fmt("http://127.0.0.1:%d", h->port);
    free(script);
    free(port_file);
    free(log);
}

static void stop_hub(hub *h)
{
    if (h->pid > 0) {
        kill(h->pid, SIGTERM);
        waitpid(h->pid, NULL, 0);
    }
    free(h->dir);
    free(h->endpoint);
    memset(h, 0, sizeof(*h));
}

static int group_setup(void **state)
{
    (void)state;
    root = ut_mkdtemp("hub");
    start_hub(&main_hub, "hub");
    start_hub(&other_hub, "other");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    stop_hub(&main_hub);
    stop_hub(&other_hub);
    ut_rm_rf(root);
    free(root);
    return 0;
}

/* Writes the hub's mode.json atomically (the hub re-reads it on every
 * request; "" removes it). */
static void set_mode(const char *json)
{
    char *path = ut_fmt("%s/mode.json", main_hub.dir);
    if (json == NULL || json[0] == '\0') {
        unlink(path);
    } else {
        char *tmp = ut_fmt("%s/.mode.json.new", main_hub.dir);
        ut_write(tmp, json);
        if (rename(tmp, path) != 0)
            ut_die("rename %s", tmp);
        free(tmp);
    }
    free(path);
}

typedef struct {
    char *home;
    char *hf;
    char *hf_env;
    char *endpoint_env;
    hfa_ctx *ctx;
} fixture;

static hfa_ctx *make_ctx(fixture *f, const char *extra)
{
    char *envp[] = {f->hf_env, f->endpoint_env, "GIT_CONFIG_NOSYSTEM=1",
                    (char *)extra, NULL};
    return ut_user_ctx(f->home, envp);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (f == NULL)
        return -1;
    f->home = ut_mkdtemp("home");
    f->hf = ut_fmt("%s/hf", f->home);
    f->hf_env = ut_fmt("HF_HOME=%s", f->hf);
    f->endpoint_env = ut_fmt("HF_ENDPOINT=%s", main_hub.endpoint);
    f->ctx = make_ctx(f, NULL);
    hfa_ctx_set_timeout_ms(f->ctx, 5000);
    set_mode(NULL);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    set_mode(NULL);
    hfa_ctx_free(f->ctx);
    ut_rm_rf(f->home);
    free(f->home);
    free(f->hf);
    free(f->hf_env);
    free(f->endpoint_env);
    free(f);
    return 0;
}

/* ---- requests.jsonl ---------------------------------------------------- */

static char *requests_path(const hub *h)
{
    return ut_fmt("%s/requests.jsonl", h->dir);
}

static size_t request_count(const hub *h)
{
    char *path = requests_path(h);
    char *text = ut_read(path, NULL);
    free(path);
    size_t lines = 0;
    for (const char *c = text; c != NULL && *c != '\0'; c++)
        lines += *c == '\n';
    free(text);
    return lines;
}

/* The last request the hub recorded, parsed. */
static cJSON *last_request(const hub *h)
{
    char *path = requests_path(h);
    char *text = ut_read(path, NULL);
    free(path);
    if (text == NULL)
        fail_msg("no requests.jsonl");
    size_t len = strlen(text);
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    const char *line = strrchr(text, '\n');
    line = line ? line + 1 : text;
    cJSON *json = cJSON_Parse(line);
    free(text);
    if (json == NULL)
        fail_msg("last request is not JSON");
    return json;
}

static const char *json_string(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* ---- whoami ------------------------------------------------------------ */

/* A failure of whoami: its status, no info, the token nowhere in the
 * message. */
static void expect_whoami_error(fixture *f, const char *token,
                                hfa_status expected, hfa_error *err)
{
    hfa_whoami_info info;
    memset(&info, 0x5a, sizeof(info));
    hfa_status status = hfa_whoami_token(f->ctx, token, &info, err);
    if (status != expected)
        fail_msg("status %d, expected %d (%s)", status, expected, err->message);
    assert_int_equal(err->code, expected);
    assert_true(err->message[0] != '\0');
    if (token[0] != '\0')
        assert_message_lacks(*err, token);
    assert_null(info.user);
    assert_null(info.orgs);
    assert_null(info.token_name);
    hfa_whoami_info_clear(&info);
}

static void test_whoami_alice(void **state)
{
    fixture *f = *state;
    hfa_whoami_info info;
    hfa_error err = {0};
    hfa_status status = hfa_whoami_token(f->ctx, TOK_WORK, &info, &err);
    if (status != HFA_OK)
        fail_msg("whoami: %s", err.message);
    assert_string_equal(info.user, "alice");
    assert_string_equal(info.fullname, "Alice Example");
    assert_string_equal(info.type, "user");
    assert_int_equal(info.org_count, 2);
    assert_string_equal(info.orgs[0], "acme");
    assert_string_equal(info.orgs[1], "bigco");
    assert_string_equal(info.token_name, "work");
    assert_string_equal(info.token_role, "write");
    hfa_whoami_info_clear(&info);
    assert_null(info.user);
    assert_int_equal(info.org_count, 0);
}

static void test_whoami_no_display_name(void **state)
{
    fixture *f = *state;
    hfa_whoami_info info;
    hfa_error err = {0};
    assert_int_equal(hfa_whoami_token(f->ctx, TOK_NONAME, &info, &err), HFA_OK);
    assert_string_equal(info.user, "carol");
    assert_null(info.token_name);
    assert_string_equal(info.token_role, "read");
    assert_int_equal(info.org_count, 0);
    hfa_whoami_info_clear(&info);
}

static void test_token_only_in_authorization_header(void **state)
{
    fixture *f = *state;
    hfa_whoami_info info;
    hfa_error err = {0};
    assert_int_equal(hfa_whoami_token(f->ctx, TOK_WORK, &info, &err), HFA_OK);
    hfa_whoami_info_clear(&info);
    cJSON *req = last_request(&main_hub);
    assert_string_equal(json_string(req, "method"), "GET");
    assert_string_equal(json_string(req, "path"), "/api/whoami-v2");
    assert_string_equal(json_string(req, "query"), "");
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(req, "headers");
    assert_string_equal(json_string(headers, "authorization"),
                        "Bearer " TOK_WORK);
    /* Exactly once in the whole request: that header and nowhere else. */
    char *text = cJSON_PrintUnformatted(req);
    const char *first = strstr(text, TOK_WORK);
    assert_non_null(first);
    assert_null(strstr(first + 1, TOK_WORK));
    free(text);
    cJSON_Delete(req);
}

static void test_whoami_from_current_token(void **state)
{
    fixture *f = *state;
    hfa_ctx *ctx = make_ctx(f, "HF_TOKEN=" TOK_NONAME);
    hfa_whoami_info info;
    hfa_error err = {0};
    assert_int_equal(hfa_whoami(ctx, &info, &err), HFA_OK);
    assert_string_equal(info.user, "carol");
    hfa_whoami_info_clear(&info);
    hfa_ctx_free(ctx);
    /* No current token: no request. */
    size_t before = request_count(&main_hub);
    assert_int_equal(hfa_whoami(f->ctx, &info, &err), HFA_ERR_NOT_LOGGED_IN);
    assert_int_equal(request_count(&main_hub), before);
}

static void test_rejected(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    expect_whoami_error(f, TOK_BAD, HFA_ERR_REJECTED, &err);
    assert_message_has(err, "401");
    assert_false(hfa_status_is_network(err.code));
}

static void test_rate_limited(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    set_mode("{\"whoami\": {\"status\": 429, \"retry_after\": 37}}");
    expect_whoami_error(f, TOK_WORK, HFA_ERR_RATE_LIMITED, &err);
    assert_message_has(err, "37 s");
    set_mode("{\"whoami\": {\"status\": 429}}");
    expect_whoami_error(f, TOK_WORK, HFA_ERR_RATE_LIMITED, &err);
}

static void test_server_errors(void **state)
{
    fixture *f = *state;
    static const char *modes[] = {
        "{\"whoami\": {\"status\": 500}}",
        "{\"whoami\": {\"status\": 503}}",
        "{\"whoami\": {\"status\": 403}}",
        "{\"whoami\": {\"status\": 404}}",
    };
    static const char *codes[] = {"500", "503", "403", "404"};
    for (size_t i = 0; i < 4; i++) {
        hfa_error err = {0};
        set_mode(modes[i]);
        expect_whoami_error(f, TOK_WORK, HFA_ERR_SERVER, &err);
        assert_message_has(err, codes[i]);
        assert_true(hfa_status_is_network(err.code));
    }
}

static void test_delay_beyond_timeout(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    set_mode("{\"whoami\": {\"delay\": 3}}");
    hfa_ctx_set_timeout_ms(f->ctx, 500);
    long start = ut_now_ms();
    expect_whoami_error(f, TOK_WORK, HFA_ERR_TIMEOUT, &err);
    long took = ut_now_ms() - start;
    if (took < 400 || took >= 2900)
        fail_msg("timed out after %ld ms (timeout 500 ms)", took);
}

static void test_hang(void **state)
{
    fixture *f = *state;
    hfa_error err = {0};
    set_mode("{\"whoami\": {\"hang\": true}}");
    hfa_ctx_set_timeout_ms(f->ctx, 500);
    long start = ut_now_ms();
    expect_whoami_error(f, TOK_WORK, HFA_ERR_TIMEOUT, &err);
    assert_true(ut_now_ms() - start < 3000);
}

static void test_bad_answers(void **state)
{
    fixture *f = *state;
    static const char *modes[] = {
        "{\"whoami\": {\"badjson\": true}}",
        "{\"whoami\": {\"missing\": [\"name\"]}}",
        "{\"whoami\": {\"truncate\": true}}",
        "{\"whoami\": {\"huge\": 2097152}}",
        "{\"whoami\": {\"nested\": 100000}}",
        "{\"whoami\": {\"status\": 200, \"body\": \"[1, 2]\"}}",
        "{\"whoami\": {\"status\": 200, \"body\": \"\"}}",
        "{\"whoami\": {\"status\": 200, \"body\": \"{\\\"name\\\": 7}\"}}",
        /* One literal in two pieces: the parentheses say so to clang. */
        ("{\"whoami\": {\"status\": 200, \"body\": \"{\\\"name\\\": "
         "\\\"\\\"}\"}}"),
    };
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        hfa_error err = {0};
        set_mode(modes[i]);
        hfa_whoami_info info;
        hfa_status status = hfa_whoami_token(f->ctx, TOK_WORK, &info, &err);
        if (status != HFA_ERR_BAD_ANSWER)
            fail_msg("mode %s: status %d (%s)", modes[i], status, err.message);
        assert_message_lacks(err, TOK_WORK);
        assert_null(info.user);
    }
}

static void test_redirect_not_followed(void **state)
{
    fixture *f = *state;
    char *mode = ut_fmt("{\"whoami\": {\"redirect\": \"%s/api/whoami-v2\"}}",
                        other_hub.endpoint);
    set_mode(mode);
    free(mode);
    hfa_error err = {0};
    expect_whoami_error(f, TOK_WORK, HFA_ERR_BAD_ANSWER, &err);
    assert_message_has(err, "redirect");
    /* The other hub never heard of us, let alone of the token. */
    assert_int_equal(request_count(&other_hub), 0);
}

static void test_connection_refused(void **state)
{
    fixture *f = *state;
    /* A port that was just free: bind, read it, close. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
    socklen_t len = sizeof(addr);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&addr, &len), 0);
    close(fd);
    char *endpoint = ut_fmt("http://127.0.0.1:%d", ntohs(addr.sin_port));
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_set_endpoint(f->ctx, endpoint, &err), HFA_OK);
    free(endpoint);
    expect_whoami_error(f, TOK_WORK, HFA_ERR_UNREACHABLE, &err);
    assert_true(hfa_status_is_network(err.code));
}

static void test_header_injection_refused(void **state)
{
    fixture *f = *state;
    size_t before = request_count(&main_hub);
    hfa_error err = {0};
    expect_whoami_error(f, TOK_WORK "\r\nX-Injected: 1", HFA_ERR_INVALID, &err);
    expect_whoami_error(f, "hf_with space", HFA_ERR_INVALID, &err);
    expect_whoami_error(f, "", HFA_ERR_INVALID, &err);
    assert_int_equal(request_count(&main_hub), before);
}

static void test_bad_endpoint_refused(void **state)
{
    fixture *f = *state;
    size_t before = request_count(&main_hub);
    char *env = ut_fmt("HF_ENDPOINT=%s/\nx", main_hub.endpoint);
    char *envp[] = {f->hf_env, env, NULL};
    hfa_ctx *ctx = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_ctx_new_for_user(&ctx, f->home, envp, &err), HFA_OK);
    hfa_whoami_info info;
    assert_int_equal(hfa_whoami_token(ctx, TOK_WORK, &info, &err),
                     HFA_ERR_INVALID);
    assert_int_equal(request_count(&main_hub), before);
    hfa_ctx_free(ctx);
    free(env);
}

/* ---- plain http ---------------------------------------------------------- */

/* A token goes only to https://, or to plain http:// on a loopback host;
 * decided from the URL alone, before any connection. */
static void test_plain_http_rule(void **state)
{
    fixture *f = *state;
    static const char *const loopback[] = {
        "http://127.0.0.1",
        "http://127.0.0.1:8080/",
        "http://127.255.1.2",
        "http://localhost:9",
        "http://LocalHost",
        "http://[::1]:80",
        "http://[::ffff:127.0.0.1]",
        "http://user@127.0.0.1",
        "http://evil.example@127.0.0.1/x",
        "https://hub.example",
        "https://192.0.2.1",
    };
    static const char *const elsewhere[] = {
        "http://192.0.2.1",
        "http://192.0.2.1:80/",
        "http://[::2]",
        "http://127.0.0.1@192.0.2.1",
        "http://192.0.2.1/127.0.0.1",
        "http://localhost.example",
        "http://127.0.0.1.example",
        "http://128.0.0.1",
        "http://[::ffff:192.0.2.1]",
        "http://",
    };
    hfa_error err = {0};
    for (size_t i = 0; i < sizeof(loopback) / sizeof(*loopback); i++) {
        if (hfa_ctx_set_endpoint(f->ctx, loopback[i], &err) != HFA_OK)
            fail_msg("%s refused: %s", loopback[i], err.message);
    }
    for (size_t i = 0; i < sizeof(elsewhere) / sizeof(*elsewhere); i++) {
        if (hfa_ctx_set_endpoint(f->ctx, elsewhere[i], &err) != HFA_ERR_INVALID)
            fail_msg("%s accepted", elsewhere[i]);
        assert_message_has(err, "plain http");
        assert_message_has(err, "HFAUTH_ALLOW_HTTP=1");
    }
    /* The refused endpoint did not replace the last good one. */
    assert_string_equal(hfa_ctx_endpoint(f->ctx), "https://192.0.2.1");

    /* From the environment: no request; HFAUTH_ALLOW_HTTP=1 lets it by. */
    size_t before = request_count(&main_hub);
    char *envp[] = {f->hf_env, "HF_ENDPOINT=http://192.0.2.1", NULL};
    hfa_ctx *ctx = ut_user_ctx(f->home, envp);
    hfa_whoami_info info;
    assert_int_equal(hfa_whoami_token(ctx, TOK_WORK, &info, &err),
                     HFA_ERR_INVALID);
    assert_string_equal(err.message,
                        "the Hub endpoint http://192.0.2.1 is plain http: a "
                        "token sent there would cross the network "
                        "unencrypted; use https://, or set "
                        "HFAUTH_ALLOW_HTTP=1 to allow it");
    hfa_device_code code;
    assert_int_equal(hfa_device_start(ctx, &code, &err), HFA_ERR_INVALID);
    hfa_ctx_free(ctx);
    char *allowed[] = {f->hf_env, "HFAUTH_ALLOW_HTTP=1", NULL};
    ctx = ut_user_ctx(f->home, allowed);
    assert_int_equal(hfa_ctx_set_endpoint(ctx, "http://192.0.2.1", &err),
                     HFA_OK);
    hfa_ctx_free(ctx);
    assert_int_equal(request_count(&main_hub), before);
}

/* ---- the refresh goes to the issuer ---------------------------------------
 */

/* A store whose active OAuth token expires in 10 minutes, its refresh
 * token known to the main hub; `endpoint` NULL: no endpoint key. */
static void seed_oauth(fixture *f, const char *refresh, const char *endpoint,
                       long expires_in)
{
    char *issued = ut_fmt("%s/issued.json", main_hub.dir);
    char *json =
        ut_fmt("{\"device\": {}, \"access\": {}, \"refresh\": {\"%s\": {"
               "\"profile\": {\"type\": \"user\", \"name\": \"alice\", "
               "\"fullname\": \"Alice\", \"orgs\": [], \"displayName\": null, "
               "\"role\": \"write\"}, \"spent\": false, \"grants\": 0, "
               "\"attempts\": 0}}}",
               refresh);
    ut_write(issued, json);
    ut_mkdir(f->hf, 0700);
    char *stored = ut_fmt("%s/stored_tokens", f->hf);
    char *text = ut_fmt("[oauth-alice]\nhf_token = hf_oauth_old0000000001\n"
                        "refresh_token = %s\nexpires_at = %lld\n%s%s%s\n",
                        refresh, (long long)time(NULL) + expires_in,
                        endpoint ? "endpoint = " : "", endpoint ? endpoint : "",
                        endpoint ? "\n" : "");
    ut_write(stored, text);
    char *token = ut_fmt("%s/token", f->hf);
    ut_write(token, "hf_oauth_old0000000001");
    free(issued);
    free(json);
    free(stored);
    free(text);
    free(token);
}

/* hfa_get_token() with HF_ENDPOINT naming a mirror (the other hub):
 * the refresh token goes to the main hub, which issued it; the mirror
 * gets nothing. */
static void test_get_token_refreshes_at_issuer(void **state)
{
    fixture *f = *state;
    seed_oauth(f, "hf_oauth_refresh_issuer1", main_hub.endpoint, 600);
    char *mirror = ut_fmt("HF_ENDPOINT=%s", other_hub.endpoint);
    char *envp[] = {f->hf_env, mirror, NULL};
    hfa_ctx *ctx = ut_user_ctx(f->home, envp);
    size_t mirror_before = request_count(&other_hub);
    char *token = NULL;
    hfa_error err = {0};
    assert_int_equal(hfa_get_token(ctx, &token, NULL, &err), HFA_OK);
    assert_int_equal(strncmp(token, "hf_oauth_", 9), 0);
    assert_string_not_equal(token, "hf_oauth_old0000000001");
    assert_int_equal(request_count(&other_hub), mirror_before);
    cJSON *request = last_request(&main_hub);
    assert_string_equal(json_string(request, "path"), "/oauth/token");
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(request, "form");
    assert_string_equal(json_string(form, "refresh_token"),
                        "hf_oauth_refresh_issuer1");
    cJSON_Delete(request);
    /* The issuer stays recorded. */
    char *stored = ut_fmt("%s/stored_tokens", f->hf);
    char *text = ut_read(stored, NULL);
    char *want = ut_fmt("endpoint = %s\n", main_hub.endpoint);
    assert_non_null(strstr(text, want));
    free(want);
    free(text);
    free(stored);
    hfa_secret_free(token);
    hfa_ctx_free(ctx);
    free(mirror);
}

/* An entry that does not say who issued it, with a mirror in use: used
 * as it is, nothing sent anywhere; once expired, told to log in again. */
static void test_unknown_issuer_not_refreshed(void **state)
{
    fixture *f = *state;
    seed_oauth(f, "hf_oauth_refresh_legacy1", NULL, 600);
    char *mirror = ut_fmt("HF_ENDPOINT=%s", other_hub.endpoint);
    char *envp[] = {f->hf_env, mirror, NULL};
    hfa_ctx *ctx = ut_user_ctx(f->home, envp);
    size_t main_before = request_count(&main_hub);
    size_t mirror_before = request_count(&other_hub);
    char *token = NULL;
    hfa_error err = {0};
    hfa_refresh_outcome outcome;
    assert_int_equal(hfa_refresh_if_expiring(ctx, &outcome, &err), HFA_OK);
    assert_int_equal(outcome, HFA_REFRESH_NOT_NEEDED);
    assert_int_equal(hfa_get_token(ctx, &token, NULL, &err), HFA_OK);
    assert_string_equal(token, "hf_oauth_old0000000001");
    hfa_secret_free(token);
    seed_oauth(f, "hf_oauth_refresh_legacy1", NULL, -60);
    assert_int_equal(hfa_refresh_if_expiring(ctx, &outcome, &err),
                     HFA_ERR_AUTH_EXPIRED);
    assert_message_has(err, "'oauth-alice' has expired");
    assert_message_has(err, other_hub.endpoint);
    assert_message_has(err, "log in again");
    assert_message_lacks(err, "hf_oauth_");
    assert_int_equal(hfa_get_token(ctx, &token, NULL, &err), HFA_OK);
    assert_string_equal(token, "hf_oauth_old0000000001");
    hfa_secret_free(token);
    assert_int_equal(request_count(&main_hub), main_before);
    assert_int_equal(request_count(&other_hub), mirror_before);
    hfa_ctx_free(ctx);
    free(mirror);
}

/* ---- login ------------------------------------------------------------- */

static void test_login_org_token_no_request(void **state)
{
    fixture *f = *state;
    size_t before = request_count(&main_hub);
    hfa_login_result result;
    hfa_error err = {0};
    assert_int_equal(hfa_login(f->ctx, TOK_ORG, 0, &result, &err),
                     HFA_ERR_ORG_TOKEN);
    assert_message_lacks(err, TOK_ORG);
    assert_int_equal(request_count(&main_hub), before);
    assert_false(ut_exists(f->hf));
    hfa_login_result_clear(&result);
}

static void test_login_saves_under_display_name(void **state)
{
    fixture *f = *state;
    hfa_login_result result;
    hfa_error err = {0};
    hfa_status status = hfa_login(f->ctx, TOK_WORK, 0, &result, &err);
    if (status != HFA_OK)
        fail_msg("login: %s", err.message);
    assert_string_equal(result.token_name, "work");
    assert_string_equal(result.who.user, "alice");
    assert_int_equal(result.git.outcome, HFA_GIT_NOT_ASKED);
    assert_string_equal(result.git.message, "");
    hfa_login_result_clear(&result);
    char *stored = ut_fmt("%s/stored_tokens", f->hf);
    char *token = ut_fmt("%s/token", f->hf);
    assert_file_text(stored, "[work]\nhf_token = " TOK_WORK "\n\n");
    assert_file_text(token, TOK_WORK);
    /* No displayName: oauth-<user>. */
    assert_int_equal(hfa_login(f->ctx, TOK_NONAME, 0, &result, &err), HFA_OK);
    assert_string_equal(result.token_name, "oauth-carol");
    hfa_login_result_clear(&result);
    assert_file_text(stored, "[oauth-carol]\nhf_token = " TOK_NONAME "\n\n"
                             "[work]\nhf_token = " TOK_WORK "\n\n");
    assert_file_text(token, TOK_NONAME);
    free(stored);
    free(token);
}

static void test_login_rejected_saves_nothing(void **state)
{
    fixture *f = *state;
    hfa_login_result result;
    hfa_error err = {0};
    assert_int_equal(hfa_login(f->ctx, TOK_BAD, 0, &result, &err),
                     HFA_ERR_REJECTED);
    assert_message_lacks(err, TOK_BAD);
    assert_null(result.token_name);
    assert_false(ut_exists(f->hf));
    hfa_login_result_clear(&result);
}

static void test_login_skip_if_logged_in(void **state)
{
    fixture *f = *state;
    hfa_ctx *ctx = make_ctx(f, "HF_TOKEN=" TOK_NONAME);
    size_t before = request_count(&main_hub);
    hfa_login_result result;
    hfa_error err = {0};
    assert_int_equal(
        hfa_login(ctx, TOK_WORK, HFA_LOGIN_SKIP_IF_LOGGED_IN, &result, &err),
        HFA_OK);
    assert_null(result.token_name);
    assert_int_equal(request_count(&main_hub), before);
    assert_false(ut_exists(f->hf));
    hfa_login_result_clear(&result);
    hfa_ctx_free(ctx);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_whoami_alice),
        T(test_whoami_no_display_name),
        T(test_token_only_in_authorization_header),
        T(test_whoami_from_current_token),
        T(test_rejected),
        T(test_rate_limited),
        T(test_server_errors),
        T(test_delay_beyond_timeout),
        T(test_hang),
        T(test_bad_answers),
        T(test_redirect_not_followed),
        T(test_connection_refused),
        T(test_header_injection_refused),
        T(test_bad_endpoint_refused),
        T(test_plain_http_rule),
        T(test_get_token_refreshes_at_issuer),
        T(test_unknown_issuer_not_refreshed),
        T(test_login_org_token_no_request),
        T(test_login_saves_under_display_name),
        T(test_login_rejected_saves_nothing),
        T(test_login_skip_if_logged_in),
    };
    int failed =
        cmocka_run_group_tests_name("hub", tests, group_setup, group_teardown);
    return ut_finish(failed);
}
