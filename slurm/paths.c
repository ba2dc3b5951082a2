/* SPDX-License-Identifier: Apache-2.0 */
/*
 * paths.c - the user's token file and stored_tokens paths (see paths.h).
 *
 * The library does the resolving (hfa_ctx_new_for_user), from a small
 * environment built here out of the few variables it depends on: never
 * the whole job environment, which may hold an HF_TOKEN the library would
 * copy for nothing.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hfauth.h>

#include "log.h"
#include "paths.h"
#include "template.h"

/* "NAME=value" into envp[*n] when value is set. */
static int add_var(char **envp, size_t *n, const char *name, const char *value)
{
    if (value == NULL)
        return 0;
    if (asprintf(&envp[*n], "%s=%s", name, value) < 0) {
        envp[*n] = NULL;
        return -1;
    }
    (*n)++;
    return 0;
}

/* The small environment the library resolves the paths from. */
static int build_env(const struct hfs_state *st, const struct passwd *pw,
                     const struct hfs_env *env, char **envp)
{
    char *template_path = NULL;
    size_t n = 0;
    int rc = 0;

    if (st->opt.token_path != NULL) {
        template_path =
            hfai_template_expand(st->opt.token_path, pw->pw_name, pw->pw_dir);
        if (template_path == NULL) {
            hfs_error(st,
                      "token_path=%s does not give an absolute path for "
                      "this user",
                      st->opt.token_path);
            return -1;
        }
        rc |= add_var(envp, &n, "HF_TOKEN_PATH", template_path);
        free(template_path);
    } else {
        rc |= add_var(envp, &n, "HF_HOME", env->hf_home);
        rc |= add_var(envp, &n, "XDG_CACHE_HOME", env->xdg_cache_home);
        rc |= add_var(envp, &n, "HF_TOKEN_PATH", env->hf_token_path);
    }
    /* $HOME inside a value means what it means in the job. */
    rc |= add_var(envp, &n, "HOME", env->home != NULL ? env->home : pw->pw_dir);
    if (rc != 0)
        hfs_error(st, "out of memory");
    return rc;
}

static void free_env(char **envp)
{
    size_t i;

    for (i = 0; envp[i] != NULL; i++)
        free(envp[i]);
}

int hfs_paths_resolve(const struct hfs_state *st, const struct passwd *pw,
                      const struct hfs_env *env, struct hfs_paths *paths)
{
    char *envp[6] = {NULL};
    hfa_ctx *ctx = NULL;
    hfa_error err;
    int rc = -1;

    memset(paths, 0, sizeof(*paths));
    memset(&err, 0, sizeof(err));
    if (build_env(st, pw, env, envp) != 0)
        goto out;
    if (hfa_ctx_new_for_user(&ctx, pw->pw_dir, envp, &err) != HFA_OK) {
        hfs_error(st, "cannot resolve the token path: %s", err.message);
        goto out;
    }
    if (hfa_ctx_token_path(ctx)[0] != '/') {
        hfs_error(st, "token path %s is not absolute; HF_TOKEN not set",
                  hfa_ctx_token_path(ctx));
        goto out;
    }
    paths->token = strdup(hfa_ctx_token_path(ctx));
    paths->stored = strdup(hfa_ctx_stored_tokens_path(ctx));
    if (paths->token == NULL || paths->stored == NULL) {
        hfs_error(st, "out of memory");
        hfs_paths_free(paths);
        goto out;
    }
    rc = 0;
out:
    hfa_ctx_free(ctx);
    free_env(envp);
    return rc;
}

void hfs_paths_free(struct hfs_paths *paths)
{
    free(paths->token);
    free(paths->stored);
    paths->token = paths->stored = NULL;
}
