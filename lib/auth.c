/* SPDX-License-Identifier: Apache-2.0 */
/*
 * auth.c - the operations that combine the store, the Hub and git: the
 * current token (with its refresh), whoami, login, the browser login's
 * last step, logout and switch.  This is the top of the library: nothing
 * else in lib/ calls into it, and it holds no protocol or file format of
 * its own (store.c, hub.c, oauth.c and gitcred.c do).
 */
#include "gitcred.h"
#include "oauth.h"
#include "store.h"
#include "token.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define REFRESH_MARGIN_SECONDS (24 * 60 * 60)

hfa_status hfa_get_token(hfa_ctx *ctx, char **token, hfa_token_source *source,
                         hfa_error *err)
{
    char *cleaned = NULL;
    hfa_token_source found = hfai_env_token(ctx, &cleaned);
    *token = NULL;
    if (found == HFA_SOURCE_NONE && ctx->auto_refresh) {
        /* A failed refresh leaves the old token, which may still work:
         * hfa_refresh_if_expiring() is there for callers who must know. */
        hfa_refresh_outcome outcome;
        hfa_error ignored;
        (void)hfa_refresh_if_expiring(ctx, &outcome, &ignored);
    }
    if (source != NULL)
        *source = HFA_SOURCE_NONE;
    if (found != HFA_SOURCE_NONE) {
        *token = cleaned;
    } else {
        hfa_status status = hfa_read_token_file(ctx, token, err);
        if (status != HFA_OK)
            return status;
        found = HFA_SOURCE_FILE;
    }
    if (*token == NULL)
        return hfai_fail(err, HFA_ERR_NOT_LOGGED_IN,
                         "not logged in: no HF_TOKEN and no token in %s",
                         ctx->token_path);
    if (source != NULL)
        *source = found;
    return HFA_OK;
}

hfa_status hfa_whoami(hfa_ctx *ctx, hfa_whoami_info *info, hfa_error *err)
{
    char *token = NULL;
    memset(info, 0, sizeof(*info));
    hfa_status status = hfa_get_token(ctx, &token, NULL, err);
    if (status == HFA_OK)
        status = hfa_whoami_token(ctx, token, info, err);
    hfa_secret_free(token);
    return status;
}

void hfa_login_result_clear(hfa_login_result *result)
{
    hfa_whoami_info_clear(&result->who);
    free(result->token_name);
    memset(result, 0, sizeof(*result));
}

/* whoami-v2, then save under displayName or oauth-<user> and activate. */
static hfa_status login_checked(hfa_ctx *ctx, const char *token,
                                const char *refresh_token, int64_t expires_at,
                                unsigned flags, hfa_login_result *result,
                                hfa_error *err)
{
    hfa_status status = hfa_whoami_token(ctx, token, &result->who, err);
    if (status != HFA_OK)
        return status;
    if (result->who.type != NULL && strcmp(result->who.type, "user") != 0) {
        hfa_login_result_clear(result);
        return hfai_fail(err, HFA_ERR_ORG_TOKEN,
                         "the Hub says this token belongs to an "
                         "organization: log in with a personal access token");
    }
    const char *display = result->who.token_name;
    result->token_name = display && display[0]
                             ? strdup(display)
                             : hfai_asprintf("oauth-%s", result->who.user);
    if (result->token_name == NULL) {
        hfa_login_result_clear(result);
        return hfai_nomem(err);
    }
    status = hfa_store_token(ctx, result->token_name, token, refresh_token,
                             expires_at, err);
    if (status != HFA_OK) {
        hfa_login_result_clear(result);
        return status;
    }
    if (flags & HFA_LOGIN_ADD_TO_GIT)
        hfai_git_approve_if_helper(ctx, token, &result->git);
    return HFA_OK;
}

hfa_status hfa_login(hfa_ctx *ctx, const char *token, unsigned flags,
                     hfa_login_result *result, hfa_error *err)
{
    memset(result, 0, sizeof(*result));
    if (flags & HFA_LOGIN_SKIP_IF_LOGGED_IN) {
        char *current = NULL;
        hfa_error ignored;
        if (hfa_get_token(ctx, &current, NULL, &ignored) == HFA_OK) {
            hfa_secret_free(current);
            return HFA_OK;
        }
    }
    if (token != NULL && strncmp(token, "api_org", 7) == 0)
        return hfai_fail(err, HFA_ERR_ORG_TOKEN,
                         "this is an organization token (api_org_...): log "
                         "in with a personal access token instead");
    hfa_status status = hfa_check_token(token, err);
    if (status != HFA_OK)
        return status;
    return login_checked(ctx, token, NULL, 0, flags, result, err);
}

hfa_status hfa_device_poll(hfa_ctx *ctx, hfa_device_code *code,
                           hfa_device_state *state, hfa_login_result *result,
                           hfa_error *err)
{
    memset(result, 0, sizeof(*result));
    hfai_token_grant grant;
    hfa_status status = hfai_device_exchange(ctx, code, state, &grant, err);
    if (status == HFA_OK && *state == HFA_DEVICE_DONE) {
        status = login_checked(ctx, grant.access_token, grant.refresh_token,
                               grant.expires_at, 0, result, err);
        if (status != HFA_OK)
            *state = HFA_DEVICE_PENDING;
    }
    hfai_token_grant_clear(&grant);
    return status;
}

/* Where a caller passed no result, a local one takes what git did. */
static hfa_git_result *git_result(hfa_git_result *given,
                                  hfa_git_result *local)
{
    hfa_git_result *result = given != NULL ? given : local;
    memset(result, 0, sizeof(*result));
    return result;
}

hfa_status hfa_logout(hfa_ctx *ctx, const char *name, hfa_git_result *git,
                      hfa_error *err)
{
    hfa_git_result local;
    hfa_git_result *result = git_result(git, &local);
    bool active_removed = false;
    hfa_status status = hfai_store_remove(ctx, name, &active_removed, err);
    /* Only the credential of the token in use is taken back from git: the
     * helper holds one credential per Hub, and it is the active one. */
    if (status == HFA_OK && (name == NULL || active_removed))
        hfai_git_reject_if_helper(ctx, result);
    return status;
}

hfa_status hfa_auth_switch(hfa_ctx *ctx, const char *name, bool add_to_git,
                           hfa_git_result *git, hfa_error *err)
{
    hfa_git_result local;
    hfa_git_result *result = git_result(git, &local);
    char *token = NULL;
    hfa_status status = hfai_store_activate(ctx, name,
                                            add_to_git ? &token : NULL, err);
    if (status == HFA_OK && add_to_git)
        hfai_git_approve_if_helper(ctx, token, result);
    hfa_secret_free(token);
    return status;
}

/* ---- refresh ------------------------------------------------------------ */

/* The section of the store holding `token`, when it is an OAuth token with
 * a refresh token and an expiry. */
static hfai_ini_section *oauth_section(hfai_ini *ini, const char *token,
                                       int64_t *expires_at)
{
    for (size_t i = 0; i < ini->count; i++) {
        hfai_ini_section *section = &ini->sections[i];
        const char *value = hfai_ini_get(ini, section, "hf_token");
        const char *refresh = hfai_ini_get(ini, section, "refresh_token");
        const char *expires = hfai_ini_get(ini, section, "expires_at");
        if (value == NULL || strcmp(value, token) != 0 || refresh == NULL ||
            refresh[0] == '\0' || expires == NULL)
            continue;
        char *end;
        long long when = strtoll(expires, &end, 10);
        if (end == expires || *end != '\0')
            continue;
        *expires_at = when;
        return section;
    }
    return NULL;
}

static bool expiring(int64_t expires_at)
{
    /* Compared, not subtracted: expires_at comes from a file and may be
     * anything an int64_t holds. */
    int64_t now = (int64_t)time(NULL);
    return expires_at < now || expires_at - now < REFRESH_MARGIN_SECONDS;
}

/* Finds the active OAuth token that needs a refresh; its name in *name. */
static hfa_status find_expiring(hfa_ctx *ctx, char **name, char **token,
                                hfa_error *err)
{
    *name = NULL;
    hfa_status status = hfa_read_token_file(ctx, token, err);
    if (status != HFA_OK || *token == NULL)
        return status;
    hfai_ini ini;
    status = hfai_store_load(ctx, &ini, err);
    if (status != HFA_OK)
        return status;
    int64_t expires_at = 0;
    hfai_ini_section *section = oauth_section(&ini, *token, &expires_at);
    if (section != NULL && expiring(expires_at) &&
        (*name = strdup(section->name)) == NULL)
        status = hfai_nomem(err);
    hfai_ini_free(&ini);
    return status;
}

/* Spends the refresh grant and writes the result, the lock held. */
static hfa_status refresh_locked(hfa_ctx *ctx, const char *name,
                                 const char *old_token,
                                 hfa_refresh_outcome *outcome, hfa_error *err)
{
    hfai_ini ini;
    char *active = NULL;
    hfa_status status = hfai_store_load(ctx, &ini, err);
    if (status != HFA_OK)
        return status;
    status = hfa_read_token_file(ctx, &active, err);
    hfai_ini_section *section = hfai_ini_find(&ini, name);
    int64_t expires_at = 0;
    /* Re-read under the lock: another process may have refreshed (and so
     * spent the refresh token) while this one waited. */
    if (status != HFA_OK || section == NULL || active == NULL ||
        strcmp(active, old_token) != 0 ||
        oauth_section(&ini, old_token, &expires_at) != section ||
        !expiring(expires_at)) {
        if (status == HFA_OK && section != NULL)
            *outcome = HFA_REFRESH_BY_OTHER;
        goto out;
    }
    hfai_token_grant grant;
    status = hfai_refresh_exchange(ctx, name,
                                   hfai_ini_get(&ini, section, "refresh_token"),
                                   &grant, err);
    if (status != HFA_OK)
        goto out;
    char expires_text[32];
    snprintf(expires_text, sizeof(expires_text), "%lld",
             (long long)grant.expires_at);
    /* A refresh token the Hub did not rotate stays as it is. */
    bool ok = hfai_ini_set(section, "hf_token", grant.access_token) &&
              (grant.refresh_token == NULL ||
               hfai_ini_set(section, "refresh_token", grant.refresh_token));
    if (ok && grant.expires_at > 0)
        ok = hfai_ini_set(section, "expires_at", expires_text);
    else if (ok)
        hfai_ini_unset(section, "expires_at");
    status = ok ? hfai_store_commit(ctx, &ini, grant.access_token, err)
                : hfai_nomem(err);
    if (status == HFA_OK)
        *outcome = HFA_REFRESH_DONE;
    hfai_token_grant_clear(&grant);
out:
    hfa_secret_free(active);
    hfai_ini_free(&ini);
    return status;
}

hfa_status hfa_refresh_if_expiring(hfa_ctx *ctx, hfa_refresh_outcome *outcome,
                                   hfa_error *err)
{
    *outcome = HFA_REFRESH_NOT_NEEDED;
    if (hfa_env_token_source(ctx) != HFA_SOURCE_NONE)
        return HFA_OK;
    char *name = NULL, *token = NULL;
    /* A killed writer's half-done change is finished first, so that the
     * token read below is the right one; a live writer's is not waited
     * for: refresh_locked() reads again under the lock. */
    hfai_store_settle(ctx);
    /* A first look without the lock: the common case needs no refresh. */
    hfa_status status = find_expiring(ctx, &name, &token, err);
    if (status == HFA_OK && name != NULL) {
        int lock = hfai_store_lock(ctx, err);
        if (lock < 0) {
            status = err ? err->code : HFA_ERR_STORE;
        } else {
            status = refresh_locked(ctx, name, token, outcome, err);
            hfai_store_unlock(lock);
        }
    }
    free(name);
    hfa_secret_free(token);
    return status;
}
