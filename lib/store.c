/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c - the token store: stored_tokens (every name and token) and the
 * active token file (the one in use), read and changed the way
 * huggingface_hub does, but atomically, under a lock, and never at the cost
 * of an entry: a stored_tokens that cannot be parsed stops every change.
 */
#include "store.h"
#include "fileio.h"
#include "stored.h"
#include "token.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define STORE_MAX HFAI_STORE_FILE_MAX

hfa_status hfa_read_token_file(const hfa_ctx *ctx, char **token, hfa_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *token = NULL;
    hfa_status status = hfai_read_file(ctx->token_path, HFAI_TOKEN_FILE_MAX,
                                       true, true, &data, &len, err);
    if (status != HFA_OK || data == NULL)
        return status;
    hfa_error why;
    status = hfai_token_from_file(data, len, "the token file", ctx->token_path,
                                  token, &why);
    /* Never cut, never shown: said what it holds, and how it goes away. */
    if (status == HFA_ERR_INVALID)
        hfai_fail(err, status,
                  "%s; log in again, or switch to a stored "
                  "token, to replace it",
                  why.message);
    else if (status != HFA_OK && err != NULL)
        *err = why;
    return status;
}

/* The active token file for a change that must not be stopped by what it
 * holds: a file that holds no valid token counts as "some other token"
 * (*active NULL, *present true). */
static hfa_status read_active(const hfa_ctx *ctx, char **active, bool *present,
                              hfa_error *err)
{
    hfa_error why;
    hfa_status status = hfa_read_token_file(ctx, active, &why);
    *present = *active != NULL;
    if (status == HFA_ERR_INVALID) {
        *present = true;
        return HFA_OK;
    }
    if (status != HFA_OK && err != NULL)
        *err = why;
    return status;
}

hfa_status hfai_store_load(const hfa_ctx *ctx, hfai_ini *ini, hfa_error *err)
{
    char *text;
    size_t len;
    memset(ini, 0, sizeof(*ini));
    hfa_status status = hfai_read_file(ctx->stored_tokens_path, STORE_MAX, true,
                                       true, &text, &len, err);
    if (status != HFA_OK || text == NULL)
        return status;
    status = hfai_ini_parse(text, len, ctx->stored_tokens_path, ini, err);
    hfai_wipe(text, len);
    free(text);
    return status;
}

hfa_status hfai_store_save(const hfa_ctx *ctx, const hfai_ini *ini,
                           hfa_error *err)
{
    hfai_buf out = {.secret = true};
    if (!hfai_ini_serialize(ini, &out)) {
        hfai_buf_free(&out);
        return hfai_nomem(err);
    }
    hfa_status status =
        hfai_write_file_atomic(ctx->stored_tokens_path, out.data, out.len, err);
    hfai_buf_free(&out);
    return status;
}

static hfa_status write_token_file(const hfa_ctx *ctx, const char *token,
                                   hfa_error *err)
{
    hfa_status status = hfai_ensure_dir(ctx->token_dir, err);
    if (status != HFA_OK)
        return status;
    /* The token alone, no newline: what huggingface_hub writes.  Callers
     * pass a token hfa_check_token() accepted, so never NULL (the analyzer
     * cannot see into token.c).
     * NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
    return hfai_write_file_atomic(ctx->token_path, token, strlen(token), err);
}

/*
 * Changing both files, stored_tokens and the active token file, cannot be
 * one atomic step.  So a writer that changes both first stages what the
 * token file must become as `.<token>.pending` (the new token, complete
 * and fsynced; or empty for "no token file"), then replaces stored_tokens
 * (the commit point), then applies the staged file.  If applying fails,
 * the old stored_tokens is put back; if the writer is killed in between,
 * the next process to take the lock finishes the job when stored_tokens
 * shows the commit happened, and discards the staged file otherwise.
 */
static char *staged_path(const hfa_ctx *ctx)
{
    const char *base = strrchr(ctx->token_path, '/');
    base = base ? base + 1 : ctx->token_path;
    return hfai_asprintf("%s/.%s.pending", ctx->token_dir, base);
}

hfa_status hfai_store_section_token(const hfa_ctx *ctx, const hfai_ini *ini,
                                    const hfai_ini_section *section,
                                    char **token, hfa_error *err)
{
    size_t len = 0;
    const char *value = hfai_ini_value(ini, section, "hf_token", &len);
    *token = NULL;
    if (value == NULL)
        return HFA_OK;
    /* The message, naming the entry, is made only when there is one to
     * give: listing a large store reads every entry. */
    hfa_status status = hfai_token_from_bytes(value, len, "", token, NULL);
    if (status != HFA_ERR_INVALID)
        return status == HFA_ERR_NOMEM ? hfai_nomem(err) : status;
    char *what = hfai_asprintf("stored token '%s' in %s",
                               section->name ? section->name : "DEFAULT",
                               ctx->stored_tokens_path);
    status = what ? hfai_token_from_bytes(value, len, what, token, err)
                  : hfai_nomem(err);
    free(what);
    return status;
}

/* Is `token` what the section holds, once cleaned? */
static bool section_holds(const hfa_ctx *ctx, const hfai_ini *ini,
                          const hfai_ini_section *section, const char *token)
{
    char *value = NULL;
    bool same =
        token != NULL &&
        hfai_store_section_token(ctx, ini, section, &value, NULL) == HFA_OK &&
        value != NULL && strcmp(value, token) == 0;
    hfa_secret_free(value);
    return same;
}

/* Does stored_tokens hold `token` as some entry's hf_token? */
static bool store_holds(const hfa_ctx *ctx, const hfai_ini *ini,
                        const char *token)
{
    for (size_t i = 0; token != NULL && i < ini->count; i++) {
        if (section_holds(ctx, ini, &ini->sections[i], token))
            return true;
    }
    return false;
}

/* Makes the token file what `staged` says: the staged token, or absent. */
static int apply_staged(const hfa_ctx *ctx, const char *staged, bool remove)
{
    if (remove) {
        if (unlink(ctx->token_path) != 0 && errno != ENOENT)
            return -1;
        (void)unlink(staged);
    } else if (rename(staged, ctx->token_path) != 0) {
        return -1;
    }
    hfai_fsync_dir(ctx->token_dir);
    return 0;
}

/* Puts back the stored_tokens read before the change (or none). */
static bool restore_store(const hfa_ctx *ctx, const char *original, size_t len)
{
    hfa_error ignored;
    if (original == NULL)
        return unlink(ctx->stored_tokens_path) == 0 || errno == ENOENT;
    return hfai_write_file_atomic(ctx->stored_tokens_path, original, len,
                                  &ignored) == HFA_OK;
}

hfa_status hfai_store_commit(const hfa_ctx *ctx, const hfai_ini *ini,
                             const char *token, hfa_error *err)
{
    char *staged = staged_path(ctx), *original = NULL;
    size_t original_len = 0;
    if (staged == NULL)
        return hfai_nomem(err);
    hfa_status status =
        hfai_read_file(ctx->stored_tokens_path, 1024 * 1024, true, true,
                       &original, &original_len, err);
    if (status == HFA_OK)
        status = hfai_ensure_dir(ctx->token_dir, err);
    if (status == HFA_OK)
        status = hfai_write_file_atomic(staged, token ? token : "",
                                        token ? strlen(token) : 0, err);
    if (status != HFA_OK)
        goto out;
    status = hfai_store_save(ctx, ini, err);
    if (status != HFA_OK) {
        (void)unlink(staged);
        goto out;
    }
    if (apply_staged(ctx, staged, token == NULL) != 0) {
        int saved = errno;
        if (restore_store(ctx, original, original_len)) {
            (void)unlink(staged);
            status = hfai_fail_errno(
                err, HFA_ERR_STORE, saved, "cannot %s %s; nothing was changed",
                token ? "replace" : "remove", ctx->token_path);
        } else {
            status =
                hfai_fail_errno(err, HFA_ERR_STORE, saved,
                                "cannot %s %s (the next hf-auth "
                                "command will finish the change)",
                                token ? "replace" : "remove", ctx->token_path);
        }
    }
out:
    if (original != NULL) {
        hfai_wipe(original, original_len);
        free(original);
    }
    free(staged);
    return status;
}

/* The staged token file's content, cleaned ("" stages a removal); NULL
 * when there is none (or it cannot be read). */
static char *read_staged(const char *staged)
{
    char *token = NULL;
    hfa_error ignored;
    if (hfai_read_file(staged, 64 * 1024, true, true, &token, NULL, &ignored) !=
        HFA_OK)
        return NULL;
    if (token != NULL)
        hfai_clean_token(token);
    return token;
}

/* Did the change that staged `token` ("" for a removal) reach
 * stored_tokens?  It did when the store holds the staged token, or, for a
 * removal, no longer holds `active`, the token file's content. */
static bool staged_committed(const hfa_ctx *ctx, const hfai_ini *ini,
                             const char *token, const char *active)
{
    return token[0] == '\0' ? !store_holds(ctx, ini, active)
                            : store_holds(ctx, ini, token);
}

/* Finishes or discards what a killed writer left, the lock held. */
static void recover_staged(const hfa_ctx *ctx)
{
    char *staged = staged_path(ctx), *token = NULL, *active = NULL;
    hfa_error ignored;
    hfai_ini ini;
    if (staged == NULL || (token = read_staged(staged)) == NULL) {
        free(staged);
        return;
    }
    /* An unreadable store is not ours to judge: it is fixed by hand. */
    if (hfai_store_load(ctx, &ini, &ignored) == HFA_OK) {
        bool remove = token[0] == '\0';
        bool committed = (!remove || hfa_read_token_file(ctx, &active,
                                                         &ignored) == HFA_OK) &&
                         staged_committed(ctx, &ini, token, active);
        if (!committed || apply_staged(ctx, staged, remove) != 0)
            (void)unlink(staged);
        hfai_ini_free(&ini);
    }
    hfa_secret_free(active);
    hfa_secret_free(token);
    free(staged);
}

bool hfai_store_has_staged(const hfa_ctx *ctx)
{
    char *staged = staged_path(ctx);
    bool found = staged != NULL && access(staged, F_OK) == 0;
    free(staged);
    return found;
}

/* The lock within `timeout_ms`, then a killed writer's leftovers dealt
 * with. */
static int store_lock_within(const hfa_ctx *ctx, long timeout_ms,
                             hfa_error *err)
{
    int lock = hfai_lock_store_within(ctx, timeout_ms, err);
    char *staged = lock >= 0 ? staged_path(ctx) : NULL;
    if (staged != NULL) {
        /* Every writer holds this lock, so what a writer's temporary or
         * staged files are still doing here, a killed writer left. */
        const char *const written[] = {ctx->stored_tokens_path, ctx->token_path,
                                       staged};
        hfai_remove_orphan_temps(ctx->token_dir, written, 3);
        recover_staged(ctx);
    }
    free(staged);
    return lock;
}

int hfai_store_lock(const hfa_ctx *ctx, hfa_error *err)
{
    return store_lock_within(ctx, ctx->lock_timeout_ms, err);
}

hfa_status hfai_store_lock_refresh(const hfa_ctx *ctx,
                                   hfai_refresh_locks *locks, hfa_error *err)
{
    hfa_error why;
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    locks->store = -1;
    locks->python = hfai_flock_within(ctx->token_dir, ctx->refresh_lock_path,
                                      ctx->lock_timeout_ms, &why);
    if (locks->python >= 0) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        long spent = (long)(now.tv_sec - start.tv_sec) * 1000 +
                     (now.tv_nsec - start.tv_nsec) / 1000000;
        long left = ctx->lock_timeout_ms - spent;
        locks->store = store_lock_within(ctx, left > 0 ? left : 0, &why);
    }
    if (locks->store >= 0)
        return HFA_OK;
    hfai_store_unlock_refresh(locks);
    if (err != NULL)
        *err = why;
    return why.code;
}

void hfai_store_unlock_refresh(hfai_refresh_locks *locks)
{
    /* The reverse order: ours first. */
    hfai_unlock_store(locks->store);
    if (locks->python >= 0)
        close(locks->python);
    locks->store = locks->python = -1;
}

/* The stored token of a section to be used, or an error naming what is
 * wrong with it: only that entry is refused, and only when it is used. */
static hfa_status section_token(const hfa_ctx *ctx, const hfai_ini *ini,
                                const hfai_ini_section *section, char **token,
                                hfa_error *err)
{
    hfa_error why;
    hfa_status status =
        hfai_store_section_token(ctx, ini, section, token, &why);
    if (status == HFA_ERR_NOMEM)
        return hfai_nomem(err);
    if (status != HFA_OK)
        return hfai_fail(err, HFA_ERR_STORE, "%s; log in again to replace it",
                         why.message);
    if (*token == NULL)
        return hfai_fail(err, HFA_ERR_STORE,
                         "stored token '%s' has no hf_token value",
                         section->name);
    return HFA_OK;
}

hfa_status hfai_store_find_named(const hfa_ctx *ctx, hfai_ini *ini,
                                 const char *name, hfai_ini_section **section,
                                 hfa_error *err)
{
    *section = hfai_ini_find(ini, name);
    if (*section == NULL)
        return hfai_fail(err, HFA_ERR_NOT_FOUND,
                         "no stored token named '%s' in %s", name,
                         ctx->stored_tokens_path);
    return HFA_OK;
}

void hfai_store_unlock(int lock)
{
    hfai_unlock_store(lock);
}

void hfa_token_list_clear(hfa_token_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        free(list->entries[i].name);
    free(list->entries);
    memset(list, 0, sizeof(*list));
}

void hfai_store_settle(const hfa_ctx *ctx)
{
    if (!hfai_store_has_staged(ctx))
        return;
    /* Free: the writer that staged it is dead, and taking the lock finishes or
     * undoes its change.  Held: a live writer is between its two renames and
     * finishes by itself; a reader does not wait for it (docs/security.md,
     * "Concurrency": readers take no lock) and reads each file as it is, as
     * Python, the PAM module and the shell hooks do: for that instant the
     * token file may lag stored_tokens by one rename.  A reader that cannot
     * take the lock at all (a read-only store) still reads. */
    hfa_error ignored;
    int lock = store_lock_within(ctx, 0, &ignored);
    if (lock >= 0)
        hfai_unlock_store(lock);
}

hfa_status hfa_auth_list(hfa_ctx *ctx, hfa_token_list *list, hfa_error *err)
{
    memset(list, 0, sizeof(*list));
    hfai_ini ini;
    hfai_store_settle(ctx);
    hfa_status status = hfai_store_load(ctx, &ini, err);
    if (status != HFA_OK)
        return status;
    char *active = NULL, *from_env = NULL;
    bool present;
    /* A token file that holds no token marks no entry active. */
    status = read_active(ctx, &active, &present, err);
    if (status != HFA_OK) {
        hfai_ini_free(&ini);
        return status;
    }
    /* The token in use, as hfa_get_token() picks it (without a refresh:
     * listing changes nothing). */
    hfai_env_token(ctx, &from_env);
    const char *in_use = from_env != NULL ? from_env : active;
    list->entries = calloc(ini.count + 1, sizeof(*list->entries));
    if (list->entries == NULL) {
        status = hfai_nomem(err);
        goto out;
    }
    for (size_t i = 0; i < ini.count; i++) {
        const hfai_ini_section *section = &ini.sections[i];
        hfa_token_entry *entry = &list->entries[list->count];
        entry->name = strdup(section->name);
        if (entry->name == NULL) {
            status = hfai_nomem(err);
            goto out;
        }
        list->count++;
        char *token = NULL;
        hfa_status usable =
            hfai_store_section_token(ctx, &ini, section, &token, NULL);
        if (usable == HFA_ERR_NOMEM) {
            status = hfai_nomem(err);
            goto out;
        }
        if (token != NULL)
            hfa_mask_token(token, entry->masked, sizeof(entry->masked));
        else
            snprintf(entry->masked, sizeof(entry->masked), "%s",
                     usable == HFA_OK ? "<not set>" : "<invalid>");
        entry->active =
            token != NULL && active != NULL && strcmp(token, active) == 0;
        list->active_found |= entry->active;
        entry->in_use =
            token != NULL && in_use != NULL && strcmp(token, in_use) == 0;
        list->in_use_found |= entry->in_use;
        hfa_secret_free(token);
        const char *expires = hfai_ini_get(&ini, section, "expires_at");
        if (expires != NULL) {
            char *end;
            long long value = strtoll(expires, &end, 10);
            entry->has_expiry = end != expires && *end == '\0';
            entry->expires_at = value;
        }
        const char *refresh = hfai_ini_get(&ini, section, "refresh_token");
        entry->has_refresh_token = refresh != NULL && refresh[0] != '\0';
    }
    /* Left in the file's order: huggingface_hub lists them so, and both
     * tools write the file sorted. */
out:
    if (status != HFA_OK)
        hfa_token_list_clear(list);
    hfa_secret_free(active);
    hfa_secret_free(from_env);
    hfai_ini_free(&ini);
    return status;
}

hfa_status hfa_get_stored_token(hfa_ctx *ctx, const char *name, char **token,
                                hfa_error *err)
{
    *token = NULL;
    hfai_ini ini;
    hfa_status status = hfai_store_load(ctx, &ini, err);
    hfai_ini_section *section = NULL;
    if (status == HFA_OK)
        status = hfai_store_find_named(ctx, &ini, name, &section, err);
    if (status == HFA_OK)
        status = section_token(ctx, &ini, section, token, err);
    hfai_ini_free(&ini);
    return status;
}

hfa_status hfa_active_token_name(hfa_ctx *ctx, char **name, hfa_error *err)
{
    *name = NULL;
    hfa_token_list list;
    hfa_status status = hfa_auth_list(ctx, &list, err);
    if (status != HFA_OK)
        return status;
    for (size_t i = 0; i < list.count; i++) {
        if (list.entries[i].active) {
            *name = strdup(list.entries[i].name);
            if (*name == NULL)
                status = hfai_nomem(err);
            break;
        }
    }
    hfa_token_list_clear(&list);
    return status;
}

hfa_status hfa_store_token(hfa_ctx *ctx, const char *name, const char *token,
                           const char *refresh_token, int64_t expires_at,
                           hfa_error *err)
{
    hfa_status status = hfa_check_token_name(name, err);
    if (status == HFA_OK)
        status = hfa_check_token(token, err);
    /* A refresh token is written to stored_tokens too: a line break in it
     * could start a section of its own. */
    if (status == HFA_OK && refresh_token != NULL &&
        hfa_check_token(refresh_token, err) != HFA_OK)
        status = hfai_fail(err, HFA_ERR_INVALID,
                           "the refresh token holds a character a token "
                           "cannot hold");
    if (status != HFA_OK)
        return status;
    int lock = hfai_store_lock(ctx, err);
    if (lock < 0)
        return err ? err->code : HFA_ERR_STORE;
    hfai_ini ini;
    status = hfai_store_load(ctx, &ini, err);
    if (status != HFA_OK)
        goto out;
    hfai_ini_section *section = hfai_ini_find(&ini, name);
    if (section == NULL && (section = hfai_ini_add(&ini, name)) == NULL) {
        status = hfai_nomem(err);
        goto out_ini;
    }
    char expires_text[32];
    snprintf(expires_text, sizeof(expires_text), "%lld", (long long)expires_at);
    bool ok = hfai_ini_set(section, "hf_token", token);
    /* A new token makes the old one's refresh grant, expiry and issuer
     * stale.  A refresh token goes back only to the Hub it came from:
     * this context's, which just gave it. */
    if (ok && refresh_token != NULL)
        ok = hfai_ini_set(section, "refresh_token", refresh_token);
    else
        hfai_ini_unset(section, "refresh_token");
    if (ok && expires_at > 0)
        ok = hfai_ini_set(section, "expires_at", expires_text);
    else
        hfai_ini_unset(section, "expires_at");
    if (ok && refresh_token != NULL)
        ok = hfai_ini_set(section, "endpoint", ctx->endpoint);
    else
        hfai_ini_unset(section, "endpoint");
    if (!ok) {
        status = hfai_nomem(err);
        goto out_ini;
    }
    status = hfai_store_commit(ctx, &ini, token, err);
out_ini:
    hfai_ini_free(&ini);
out:
    hfai_unlock_store(lock);
    return status;
}

/* Removes the active token file when it holds `token` (NULL: always). */
static hfa_status remove_active_if(const hfa_ctx *ctx, const char *token,
                                   bool *removed, hfa_error *err)
{
    *removed = false;
    char *active = NULL;
    bool present;
    hfa_status status = read_active(ctx, &active, &present, err);
    if (status == HFA_OK && present &&
        (token == NULL || (active != NULL && strcmp(active, token) == 0))) {
        status = hfai_remove_file(ctx->token_path, err);
        *removed = status == HFA_OK;
    }
    hfa_secret_free(active);
    return status;
}

static hfa_status remove_all(const hfa_ctx *ctx, const hfai_ini *ini,
                             bool *active_removed, hfa_error *err)
{
    char *active = NULL;
    bool present;
    hfa_status status = read_active(ctx, &active, &present, err);
    bool had_any = present || ini->count > 0;
    hfa_secret_free(active);
    if (status == HFA_OK && !had_any)
        status = hfai_fail(err, HFA_ERR_NOT_LOGGED_IN,
                           "not logged in: no token in %s", ctx->token_dir);
    if (status == HFA_OK)
        status = remove_active_if(ctx, NULL, active_removed, err);
    if (status == HFA_OK)
        status = hfai_remove_file(ctx->stored_tokens_path, err);
    return status;
}

/* What logging out of a token removes from the file besides its own
 * section: configparser gives [DEFAULT]'s keys to every section, so a
 * token there would stay on disk and go on logging in every section
 * without its own hf_token.  It goes, with the keys that describe it and
 * with those sections, which held that very token and would otherwise be
 * left without one (huggingface_hub then drops every entry). */
static bool drop_holder(const hfai_ini_section *section, void *name)
{
    return strcmp(section->name, name) == 0 ||
           !hfai_ini_has_own(section, "hf_token");
}

static bool drop_named(const hfai_ini_section *section, void *name)
{
    return strcmp(section->name, name) == 0;
}

static void forget_token(const hfa_ctx *ctx, hfai_ini *ini, const char *name,
                         const char *token)
{
    hfai_ini_section *defaults = &ini->defaults;
    if (!section_holds(ctx, ini, defaults, token)) {
        hfai_ini_remove_if(ini, drop_named, (void *)name);
        return;
    }
    hfai_ini_remove_if(ini, drop_holder, (void *)name);
    static const char *const describing[] = {"hf_token", "refresh_token",
                                             "expires_at", "endpoint"};
    for (size_t i = 0; i < sizeof(describing) / sizeof(describing[0]); i++)
        hfai_ini_unset(defaults, describing[i]);
}

static hfa_status remove_named(const hfa_ctx *ctx, hfai_ini *ini,
                               const char *name, bool *active_removed,
                               hfa_error *err)
{
    hfai_ini_section *section;
    char *token = NULL, *active = NULL;
    hfa_status status = hfai_store_find_named(ctx, ini, name, &section, err);
    /* An entry whose value cannot be a token can still be removed. */
    if (status == HFA_OK && hfai_store_section_token(ctx, ini, section, &token,
                                                     NULL) == HFA_ERR_NOMEM)
        status = hfai_nomem(err);
    bool present;
    if (status == HFA_OK)
        status = read_active(ctx, &active, &present, err);
    if (status == HFA_OK) {
        /* The active token file goes with its entry, in one commit. */
        *active_removed =
            active != NULL && token != NULL && strcmp(active, token) == 0;
        forget_token(ctx, ini, name, token);
        status = *active_removed ? hfai_store_commit(ctx, ini, NULL, err)
                                 : hfai_store_save(ctx, ini, err);
        *active_removed &= status == HFA_OK;
    }
    hfa_secret_free(active);
    hfa_secret_free(token);
    return status;
}

hfa_status hfai_store_remove(const hfa_ctx *ctx, const char *name,
                             bool *active_removed, hfa_error *err)
{
    *active_removed = false;
    int lock = hfai_store_lock(ctx, err);
    if (lock < 0)
        return err ? err->code : HFA_ERR_STORE;
    hfai_ini ini;
    /* Parsing first also for "log out of everything": a file we cannot
     * read is the user's to look at, not ours to delete. */
    hfa_status status = hfai_store_load(ctx, &ini, err);
    if (status == HFA_OK) {
        status = name == NULL
                     ? remove_all(ctx, &ini, active_removed, err)
                     : remove_named(ctx, &ini, name, active_removed, err);
        hfai_ini_free(&ini);
    }
    hfai_unlock_store(lock);
    return status;
}

hfa_status hfai_store_activate(const hfa_ctx *ctx, const char *name,
                               char **token_out, hfa_error *err)
{
    if (token_out != NULL)
        *token_out = NULL;
    int lock = hfai_store_lock(ctx, err);
    if (lock < 0)
        return err ? err->code : HFA_ERR_STORE;
    hfai_ini ini;
    hfai_ini_section *section = NULL;
    char *token = NULL;
    hfa_status status = hfai_store_load(ctx, &ini, err);
    if (status == HFA_OK)
        status = hfai_store_find_named(ctx, &ini, name, &section, err);
    /* Cleaned as huggingface_hub cleans it when it reads it back: the
     * token file gets what every reader would use. */
    if (status == HFA_OK)
        status = section_token(ctx, &ini, section, &token, err);
    if (status == HFA_OK)
        status = write_token_file(ctx, token, err);
    if (status == HFA_OK && token_out != NULL) {
        *token_out = token;
        token = NULL;
    }
    hfa_secret_free(token);
    hfai_ini_free(&ini);
    hfai_unlock_store(lock);
    return status;
}
