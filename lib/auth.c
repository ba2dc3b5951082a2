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
static hfa_git_result *git_result(hfa_git_result *given, hfa_git_result *local)
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
    hfa_status status =
        hfai_store_activate(ctx, name, add_to_git ? &token : NULL, err);
    if (status == HFA_OK && add_to_git)
        hfai_git_approve_if_helper(ctx, token, result);
    hfa_secret_free(token);
    return status;
}

/* ---- refresh ------------------------------------------------------------ */

/* The section of the store holding `token`, when it is an OAuth token with
 * a refresh token and an expiry. */
static hfai_ini_section *oauth_section(const hfa_ctx *ctx, hfai_ini *ini,
                                       const char *token, int64_t *expires_at)
{
    for (size_t i = 0; i < ini->count; i++) {
        hfai_ini_section *section = &ini->sections[i];
        const char *refresh = hfai_ini_get(ini, section, "refresh_token");
        const char *expires = hfai_ini_get(ini, section, "expires_at");
        if (refresh == NULL || refresh[0] == '\0' || expires == NULL)
            continue;
        char *end, *value = NULL;
        long long when = strtoll(expires, &end, 10);
        if (end == expires || *end != '\0')
            continue;
        bool same = hfai_store_section_token(ctx, ini, section, &value, NULL) ==
                        HFA_OK &&
                    value != NULL && strcmp(value, token) == 0;
        hfa_secret_free(value);
        if (!same)
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

/* Where the refresh token of `section` may go: only to the Hub that
 * issued it, which hfauth records as `endpoint`.  An entry without one
 * (huggingface_hub's, or an older hfauth's) came from an unknown Hub:
 * the default one is trusted with it only when it is the endpoint in use,
 * never a mirror that HF_ENDPOINT names.  NULL: nowhere. */
static const char *refresh_target(const hfa_ctx *ctx, const hfai_ini *ini,
                                  const hfai_ini_section *section)
{
    const char *issuer = hfai_ini_get(ini, section, "endpoint");
    if (issuer != NULL && issuer[0] != '\0')
        return issuer;
    return hfa_ctx_endpoint_is_default(ctx) ? HFAI_DEFAULT_ENDPOINT : NULL;
}

typedef struct {
    char *name;      /* NULL when no refresh is needed */
    bool has_target; /* the refresh token may go somewhere */
    int64_t expires_at;
} expiring_entry;

/* Finds the active OAuth token that needs a refresh. */
static hfa_status find_expiring(hfa_ctx *ctx, expiring_entry *found,
                                char **token, hfa_error *err)
{
    memset(found, 0, sizeof(*found));
    hfa_error why;
    hfa_status status = hfa_read_token_file(ctx, token, &why);
    /* A token file that holds no token has nothing to refresh; whoever
     * reads it next says what is wrong with it. */
    if (status == HFA_ERR_INVALID)
        return HFA_OK;
    if (status != HFA_OK && err != NULL)
        *err = why;
    if (status != HFA_OK || *token == NULL)
        return status;
    hfai_ini ini;
    status = hfai_store_load(ctx, &ini, err);
    if (status != HFA_OK)
        return status;
    hfai_ini_section *section =
        oauth_section(ctx, &ini, *token, &found->expires_at);
    if (section != NULL && expiring(found->expires_at)) {
        found->has_target = refresh_target(ctx, &ini, section) != NULL;
        if ((found->name = strdup(section->name)) == NULL)
            status = hfai_nomem(err);
    }
    hfai_ini_free(&ini);
    return status;
}

/* The new tokens into the section, with the Hub that gave them. */
static bool apply_grant(hfai_ini_section *section,
                        const hfai_token_grant *grant, const char *issuer)
{
    char expires_text[32];
    snprintf(expires_text, sizeof(expires_text), "%lld",
             (long long)grant->expires_at);
    /* A refresh token the Hub did not rotate stays as it is. */
    bool ok = hfai_ini_set(section, "hf_token", grant->access_token) &&
              (grant->refresh_token == NULL ||
               hfai_ini_set(section, "refresh_token", grant->refresh_token));
    if (ok && grant->expires_at > 0)
        ok = hfai_ini_set(section, "expires_at", expires_text);
    else if (ok)
        hfai_ini_unset(section, "expires_at");
    return ok && hfai_ini_set(section, "endpoint", issuer);
}

/* Spends the refresh grant at `issuer` and writes the result; the
 * context's endpoint is the issuer's meanwhile, so messages name it. */
static hfa_status refresh_at(hfa_ctx *ctx, hfai_ini *ini,
                             hfai_ini_section *section, const char *issuer,
                             hfa_refresh_outcome *outcome, hfa_error *err)
{
    char *saved = NULL, *refresh = NULL;
    const char *stored = hfai_ini_get(ini, section, "refresh_token");
    /* A copy: applying the grant may replace the stored one. */
    if ((refresh = strdup(stored)) == NULL)
        return hfai_nomem(err);
    hfa_status status = hfai_ctx_borrow_endpoint(ctx, issuer, &saved, err);
    if (status != HFA_OK) {
        hfa_secret_free(refresh);
        return status;
    }
    hfai_token_grant grant;
    status = hfai_refresh_exchange(ctx, section->name, refresh, &grant, err);
    if (status == HFA_OK)
        status = apply_grant(section, &grant, ctx->endpoint)
                     ? hfai_store_commit(ctx, ini, grant.access_token, err)
                     : hfai_nomem(err);
    if (status == HFA_OK)
        *outcome = HFA_REFRESH_DONE;
    hfai_token_grant_clear(&grant);
    hfai_ctx_restore_endpoint(ctx, saved);
    hfa_secret_free(refresh);
    return status;
}

/* Re-reads both files under the locks, and refreshes if still needed. */
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
    /* Another process may have refreshed (and so spent the refresh
     * token) while this one waited. */
    if (status != HFA_OK || section == NULL || active == NULL ||
        strcmp(active, old_token) != 0 ||
        oauth_section(ctx, &ini, old_token, &expires_at) != section ||
        !expiring(expires_at)) {
        if (status == HFA_OK && section != NULL)
            *outcome = HFA_REFRESH_BY_OTHER;
    } else {
        const char *issuer = refresh_target(ctx, &ini, section);
        if (issuer != NULL)
            status = refresh_at(ctx, &ini, section, issuer, outcome, err);
    }
    hfa_secret_free(active);
    hfai_ini_free(&ini);
    return status;
}

/* An expiring token whose refresh token may go nowhere is used as it is;
 * once it has expired, the user is told why and what to do. */
static hfa_status unrefreshable(const hfa_ctx *ctx, const expiring_entry *found,
                                hfa_error *err)
{
    if (found->expires_at > (int64_t)time(NULL))
        return HFA_OK;
    return hfai_fail(err, HFA_ERR_AUTH_EXPIRED,
                     "the OAuth token '%s' has expired and was not "
                     "refreshed: its refresh token goes only to the Hub "
                     "that issued it, which is not recorded, and the "
                     "endpoint in use is %s; log in again with `hf-auth "
                     "login`",
                     found->name, ctx->endpoint);
}

hfa_status hfa_refresh_if_expiring(hfa_ctx *ctx, hfa_refresh_outcome *outcome,
                                   hfa_error *err)
{
    *outcome = HFA_REFRESH_NOT_NEEDED;
    if (hfa_env_token_source(ctx) != HFA_SOURCE_NONE)
        return HFA_OK;
    char *token = NULL;
    expiring_entry found;
    /* A killed writer's half-done change is finished first, so that the
     * token read below is the right one; a live writer's is not waited
     * for: refresh_locked() reads again under the lock. */
    hfai_store_settle(ctx);
    /* A first look without the lock: the common case needs no refresh. */
    hfa_status status = find_expiring(ctx, &found, &token, err);
    if (status == HFA_OK && found.name != NULL && !found.has_target) {
        status = unrefreshable(ctx, &found, err);
    } else if (status == HFA_OK && found.name != NULL) {
        hfai_refresh_locks locks;
        status = hfai_store_lock_refresh(ctx, &locks, err);
        if (status == HFA_OK) {
            status = refresh_locked(ctx, found.name, token, outcome, err);
            hfai_store_unlock_refresh(&locks);
        }
    }
    free(found.name);
    hfa_secret_free(token);
    return status;
}
