/* SPDX-License-Identifier: Apache-2.0 */
/* TEMPORARY: the leaf readers' names over the public API, without their
 * ownership and mode checks, until lib/token.h lands; deleted then. */
#include <stdlib.h>
#include <string.h>
#include <libgen.h>
#include <stdio.h>

#include "token.h"
#include "store.h"

static hfa_ctx *ctx_for(const char *token_path, hfa_error *err)
{
    char *envp[2] = {NULL, NULL};
    hfa_ctx *ctx = NULL;

    if (asprintf(&envp[0], "HF_TOKEN_PATH=%s", token_path) < 0)
        return NULL;
    (void)hfa_ctx_new_for_user(&ctx, "/", envp, err);
    free(envp[0]);
    return ctx;
}

hfa_status hfai_read_owned_token(const char *path, uid_t owner, char **token,
                                 hfa_error *err)
{
    hfa_ctx *ctx = ctx_for(path, err);
    hfa_status s;

    (void)owner;
    *token = NULL;
    if (ctx == NULL)
        return HFA_ERR_NOMEM;
    s = hfa_read_token_file(ctx, token, err);
    hfa_ctx_free(ctx);
    return s;
}

hfa_status hfai_read_owned_stored_token(const char *path, uid_t owner,
                                        const char *name, char **token,
                                        hfa_error *err)
{
    char *copy = strdup(path), *tp = NULL;
    hfa_ctx *ctx;
    hfa_status s;

    (void)owner;
    *token = NULL;
    if (copy == NULL || asprintf(&tp, "%s/token", dirname(copy)) < 0) {
        free(copy);
        return HFA_ERR_NOMEM;
    }
    ctx = ctx_for(tp, err);
    free(tp);
    free(copy);
    if (ctx == NULL)
        return HFA_ERR_NOMEM;
    s = hfa_get_stored_token(ctx, name, token, err);
    hfa_ctx_free(ctx);
    return s;
}
