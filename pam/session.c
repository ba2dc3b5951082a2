/* SPDX-License-Identifier: Apache-2.0 */
/*
 * session.c - the open_session steps: who is logging in, where their token
 * file is, reading it safely, asking the Hub when told to, and setting
 * HF_TOKEN.
 *
 * What the outcome means for the PAM stack is decided in pam_hfauth.c.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>
#include <security/pam_modutil.h>

#include <hfauth.h>

#include "cache.h"
#include "log.h"
#include "read_token.h"
#include "session.h"
#include "template.h"
#include "validate.h"

void hfp_args_init(struct hfp_args *args, pam_handle_t *pamh, int flags,
                   int argc, const char **argv)
{
    memset(args, 0, sizeof(*args));
    args->pamh = pamh;
    hfp_options_parse(pamh, &args->opt, argc, argv);
    args->silent = args->opt.quiet || (flags & PAM_SILENT) != 0;
}

/* PAM_USER as set by the application or the auth stack: a session module
 * must not prompt (pam_get_user could), and looks the user up through
 * libpam's thread-safe helper. */
static bool find_user(struct hfp_args *args)
{
    const void *item = NULL;

    if (pam_get_item(args->pamh, PAM_USER, &item) != PAM_SUCCESS ||
        item == NULL || *(const char *)item == '\0') {
        hfp_log(args, LOG_ERR, "no user name in the PAM handle");
        return false;
    }
    args->user = item;
    args->pw = pam_modutil_getpwnam(args->pamh, args->user);
    if (args->pw == NULL) {
        hfp_log(args, LOG_ERR, "user not found in the password database");
        return false;
    }
    return true;
}

/* Frees a pam_getenvlist() copy, wiping it: it may hold an HF_TOKEN set
 * by an earlier module. */
static void free_env(char **env)
{
    size_t i;

    for (i = 0; env != NULL && env[i] != NULL; i++) {
        explicit_bzero(env[i], strlen(env[i]));
        free(env[i]);
    }
    free(env);
}

static bool has_name(char *const *env, const char *name)
{
    size_t len = strlen(name);

    for (; env != NULL && *env != NULL; env++)
        if (strncmp(*env, name, len) == 0 && (*env)[len] == '=')
            return true;
    return false;
}

/*
 * The library's context for this user, from the PAM environment (HF_HOME,
 * XDG_CACHE_HOME, HF_TOKEN_PATH, HF_ENDPOINT... as pam_env set them), not
 * from the login process's own.  HOME, USER and LOGNAME are added when
 * absent, as the session will have them (login, sshd and su set them after
 * PAM), so `$HOME/...` in HF_HOME means what Python in the session reads.
 */
static hfa_ctx *user_ctx(const struct hfp_args *args)
{
    static const char *const names[] = {"HOME", "USER", "LOGNAME"};
    const char *values[] = {args->pw->pw_dir, args->pw->pw_name,
                            args->pw->pw_name};
    char **env = pam_getenvlist(args->pamh), **all = NULL;
    char *added[3] = {NULL, NULL, NULL};
    hfa_ctx *ctx = NULL;
    hfa_error err;
    size_t count = 0, i, n;

    memset(&err, 0, sizeof(err));
    while (env != NULL && env[count] != NULL)
        count++;
    all = calloc(count + 4, sizeof(*all));
    if (all == NULL) {
        hfp_log(args, LOG_ERR, "out of memory");
        free_env(env);
        return NULL;
    }
    for (n = 0; n < count; n++)
        all[n] = env[n];
    for (i = 0; i < 3; i++)
        if (!has_name(env, names[i]) &&
            asprintf(&added[i], "%s=%s", names[i], values[i]) >= 0)
            all[n++] = added[i];
    if (hfa_ctx_new_for_user(&ctx, args->pw->pw_dir, all, &err) != HFA_OK) {
        hfp_log(args, LOG_ERR, "cannot resolve the token path: %s",
                err.message);
        ctx = NULL;
    }
    for (i = 0; i < 3; i++)
        free(added[i]);
    free(all);
    free_env(env);
    return ctx;
}

static char *token_path(const struct hfp_args *args, const hfa_ctx *ctx)
{
    char *path;

    if (args->opt.token_path == NULL) {
        /* Python would take a relative HF_HOME from the session's working
         * folder; the login process has none worth using. */
        if (hfa_ctx_token_path(ctx)[0] != '/') {
            hfp_log(args, LOG_WARNING,
                    "token path %s is not absolute; "
                    "HF_TOKEN not set",
                    hfa_ctx_token_path(ctx));
            return NULL;
        }
        path = strdup(hfa_ctx_token_path(ctx));
        if (path == NULL)
            hfp_log(args, LOG_ERR, "out of memory");
        return path;
    }
    path = hfai_template_expand(args->opt.token_path, args->pw->pw_name,
                                args->pw->pw_dir);
    if (path == NULL)
        hfp_log(args, LOG_ERR,
                "token_path=%s does not give an absolute path "
                "for this user",
                args->opt.token_path);
    return path;
}

/* validate and refresh, unless a fresh positive answer for this very file
 * is cached.  False when the Hub rejected the token: it must not be set. */
static bool ask_hub(const struct hfp_args *args, hfa_ctx *ctx, const char *path,
                    const struct stat *st, char **token)
{
    struct hfp_child_env env;
    struct timespec deadline;
    hfa_error err;
    enum hfp_check check;
    bool positive = true;
    long retry_after = 0;

    if (args->opt.endpoint != NULL &&
        hfa_ctx_set_endpoint(ctx, args->opt.endpoint, &err) != HFA_OK)
        hfp_log(args, LOG_ERR, "option endpoint=%s: %s; ignored",
                args->opt.endpoint, err.message);
    env.hf_home = hfa_ctx_hf_home(ctx);
    env.token_path = path;
    env.endpoint = hfa_ctx_endpoint(ctx);

    if (hfp_cache_fresh(args, st, env.endpoint)) {
        hfp_debug(args, "the Hub accepted this token file recently; not "
                        "asking again");
        return true;
    }
    hfp_deadline_set(&deadline, args->opt.timeout);
    /* One child either way: both options are one hf-auth run. */
    if (args->opt.refresh && args->opt.validate)
        check =
            hfp_refresh_validate(args, &env, &deadline, token, &retry_after);
    else if (args->opt.refresh)
        check = hfp_refresh(args, &env, &deadline, token);
    else
        check = hfp_validate(args, &env, &deadline, *token, &retry_after);
    switch (check) {
    case HFP_CHECK_OK: break;
    case HFP_CHECK_REJECTED:
        hfp_log(args, LOG_NOTICE,
                "the Hub rejected the token in %s "
                "(401); HF_TOKEN not set",
                path);
        hfp_tell_user(args, "Your Hugging Face token was rejected by "
                            "the Hub, so HF_TOKEN is not set. Run 'hf-auth "
                            "login' to log in again.");
        return false;
    case HFP_CHECK_RATE_LIMITED:
        /* The token is set; the user learns why the Hub may refuse
         * their first requests. */
        if (retry_after > 0)
            hfp_tell_user(args,
                          "The Hugging Face Hub is rate-limiting "
                          "requests (try again in %ld s): your token "
                          "was not checked, HF_TOKEN is set.",
                          retry_after);
        else
            hfp_tell_user(args, "The Hugging Face Hub is rate-limiting "
                                "requests: your token was not checked, "
                                "HF_TOKEN is set.");
        positive = false;
        break;
    case HFP_CHECK_UNKNOWN: positive = false; break;
    }
    if (positive)
        hfp_cache_store(args, st, env.endpoint);
    return true;
}

/*
 * Where hf-auth and Python put a token by default ($HF_HOME/token, and
 * ~/.cache/huggingface/token), when that is not `path`: a token there,
 * and none at `path`, means the user logged in under other variables than
 * this login has (token_path=, or HF_TOKEN_PATH / HF_HOME from pam_env).
 * Fills others[] with malloc'd paths; returns how many.
 */
static size_t default_places(const struct hfp_args *args, const hfa_ctx *ctx,
                             const char *path, char *others[2])
{
    size_t count = 0;
    char *place;

    if (asprintf(&place, "%s/token", hfa_ctx_hf_home(ctx)) >= 0) {
        if (place[0] == '/' && strcmp(place, path) != 0)
            others[count++] = place;
        else
            free(place);
    }
    if (asprintf(&place, "%s/.cache/huggingface/token", args->pw->pw_dir) >=
        0) {
        if (strcmp(place, path) != 0 &&
            (count == 0 || strcmp(place, others[0]) != 0))
            others[count++] = place;
        else
            free(place);
    }
    return count;
}

/* Reads the token file, and says once (LOG_NOTICE) when it is missing
 * but the user has one at a default place. */
static enum hfp_read_result read_or_note(const struct hfp_args *args,
                                         const hfa_ctx *ctx, const char *path,
                                         char **token, struct stat *st)
{
    char *others[2] = {NULL, NULL};
    size_t count = default_places(args, ctx, path, others);
    int found = -1;
    enum hfp_read_result result;

    result = hfp_read_token_or_find(args, path, (const char *const *)others,
                                    count, token, st, &found);
    if (found >= 0)
        hfp_log(args, LOG_NOTICE,
                "no token file %s, but there is one at "
                "%s: the user logged in where this login does not look",
                path, others[found]);
    free(others[0]);
    free(others[1]);
    return result;
}

static bool export_token(const struct hfp_args *args, const char *token)
{
    static const char prefix[] = "HF_TOKEN=";
    size_t size = sizeof(prefix) + strlen(token);
    char *entry = malloc(size);
    int rc;

    if (entry == NULL) {
        hfp_log(args, LOG_ERR, "out of memory setting HF_TOKEN");
        return false;
    }
    memcpy(entry, prefix, sizeof(prefix) - 1);
    memcpy(entry + sizeof(prefix) - 1, token, size - sizeof(prefix) + 1);
    rc = pam_putenv(args->pamh, entry); /* libpam keeps its own copy */
    explicit_bzero(entry, size);
    free(entry);
    if (rc != PAM_SUCCESS) {
        hfp_log(args, LOG_ERR, "cannot set HF_TOKEN: %s",
                pam_strerror(args->pamh, rc));
        return false;
    }
    return true;
}

/*
 * HFAUTH_REFUSED=REASON in the PAM environment when the module refused the
 * token file ("file") or the Hub rejected its token ("rejected"), so the
 * shell hooks do not export in this session what the module would not
 * (pam_hfauth(8)).  REASON is one of these two words, never anything from
 * the file.  A session that gets HF_TOKEN loses a marker left by an
 * earlier open on the same handle.  Failing to set it is logged, nothing
 * more: it is advice to the hooks, not a control.
 */
static void mark_refused(const struct hfp_args *args, const char *marker)
{
    int rc = pam_putenv(args->pamh, marker);

    if (rc != PAM_SUCCESS)
        hfp_log(args, LOG_ERR, "cannot set %s: %s", marker,
                pam_strerror(args->pamh, rc));
}

enum hfp_outcome hfp_open_session(struct hfp_args *args)
{
    const char *existing;
    hfa_ctx *ctx = NULL;
    char *path = NULL, *token = NULL;
    struct stat st;
    enum hfp_outcome outcome = HFP_NOTHING;

    if (!find_user(args))
        return HFP_NOTHING;
    /* System accounts (as pam_krb5's option): not a file is looked at. */
    if (args->pw->pw_uid < (uid_t)args->opt.minimum_uid) {
        hfp_debug(args, "uid %lu is below minimum_uid=%ld; skipped",
                  (unsigned long)args->pw->pw_uid, args->opt.minimum_uid);
        return HFP_NOTHING;
    }
    existing = pam_getenv(args->pamh, "HF_TOKEN");
    if (existing != NULL && existing[0] != '\0' && !args->opt.override) {
        hfp_debug(args, "HF_TOKEN already set by an earlier module; kept");
        return HFP_KEPT;
    }
    ctx = user_ctx(args);
    if (ctx == NULL)
        return HFP_NOTHING;
    path = token_path(args, ctx);
    if (path == NULL)
        goto out;
    hfp_debug(args, "token file %s", path);

    switch (read_or_note(args, ctx, path, &token, &st)) {
    case HFP_READ_TOKEN: break;
    case HFP_READ_FATAL: outcome = HFP_FATAL; goto out;
    case HFP_READ_REFUSED: mark_refused(args, "HFAUTH_REFUSED=file"); goto out;
    case HFP_READ_NONE:
    case HFP_READ_ERROR: goto out;
    }
    if ((args->opt.validate || args->opt.refresh) &&
        !ask_hub(args, ctx, path, &st, &token)) {
        mark_refused(args, "HFAUTH_REFUSED=rejected");
        goto out;
    }
    if (export_token(args, token)) {
        hfp_debug(args, "HF_TOKEN set from %s", path);
        /* libpam logs an error for deleting an absent name. */
        if (pam_getenv(args->pamh, "HFAUTH_REFUSED") != NULL)
            mark_refused(args, "HFAUTH_REFUSED");
        outcome = HFP_SET;
    }
out:
    hfa_secret_free(token);
    free(path);
    hfa_ctx_free(ctx);
    return outcome;
}
