/* SPDX-License-Identifier: Apache-2.0 */
/*
 * token.c - what a token and a token name may hold, masking, and "the
 * current token" by huggingface_hub's precedence (HF_TOKEN, then
 * HUGGING_FACE_HUB_TOKEN, then the active token file).
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* A token file larger than this is not a token file. */
#define TOKEN_FILE_MAX (64 * 1024)
#define TOKEN_MAX 4096
#define NAME_MAX_BYTES 256

hfa_status hfa_check_token(const char *token, hfa_error *err)
{
    size_t len = token ? strlen(token) : 0;
    if (len == 0)
        return hfai_fail(err, HFA_ERR_INVALID, "the token is empty");
    if (len > TOKEN_MAX)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "the token is too long (%zu bytes; at most %d)", len,
                         TOKEN_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)token[i];
        /* Printable ASCII without blanks: anything else could split an
         * HTTP header, a shell word or a line of the token file. */
        if (c <= ' ' || c >= 0x7f)
            return hfai_fail(err, HFA_ERR_INVALID,
                             "the token holds a blank, control or non-ASCII "
                             "character at position %zu; tokens never do",
                             i + 1);
    }
    return HFA_OK;
}

hfa_status hfa_check_token_name(const char *name, hfa_error *err)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0)
        return hfai_fail(err, HFA_ERR_INVALID, "the token name is empty");
    if (len > NAME_MAX_BYTES)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "the token name is too long (%zu bytes; at most %d)",
                         len, NAME_MAX_BYTES);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        bool c1_control = c == 0xc2 && i + 1 < len &&
                          (unsigned char)name[i + 1] >= 0x80 &&
                          (unsigned char)name[i + 1] <= 0x9f;
        /* A control character could end the [section] line and start
         * another section or key in stored_tokens. */
        if (c < ' ' || c == 0x7f || c1_control)
            return hfai_fail(err, HFA_ERR_INVALID,
                             "the token name holds a control character "
                             "(byte %zu); rename the token on the Hub", i + 1);
    }
    /* configparser reads [DEFAULT] as defaults for every other section. */
    if (strcmp(name, "DEFAULT") == 0)
        return hfai_fail(err, HFA_ERR_INVALID,
                         "a token cannot be named DEFAULT: configparser "
                         "reserves that section; rename the token on the Hub");
    return HFA_OK;
}

void hfa_mask_token(const char *token, char *masked, size_t size)
{
    size_t len = strlen(token);
    /* Show 3 + 4 characters only when most of the token stays hidden. */
    if (len >= 14)
        snprintf(masked, size, "%.3s****%s", token, token + len - 4);
    else
        snprintf(masked, size, "****");
}

const char *hfa_source_env_name(hfa_token_source source)
{
    switch (source) {
    case HFA_SOURCE_ENV_HF_TOKEN:
        return "HF_TOKEN";
    case HFA_SOURCE_ENV_HUGGING_FACE_HUB:
        return "HUGGING_FACE_HUB_TOKEN";
    default:
        return NULL;
    }
}

/* huggingface_hub: os.environ.get("HF_TOKEN") or
 * os.environ.get("HUGGING_FACE_HUB_TOKEN"), then cleaned; an empty result
 * falls through to the file.  *cleaned is the cleaned copy (or NULL). */
static hfa_token_source env_source(const hfa_ctx *ctx, char **cleaned)
{
    const char *value = hfai_ctx_getenv(ctx, "HF_TOKEN");
    hfa_token_source source = HFA_SOURCE_ENV_HF_TOKEN;
    *cleaned = NULL;
    if (value == NULL || value[0] == '\0') {
        value = hfai_ctx_getenv(ctx, "HUGGING_FACE_HUB_TOKEN");
        source = HFA_SOURCE_ENV_HUGGING_FACE_HUB;
    }
    if (value == NULL || value[0] == '\0' || (*cleaned = strdup(value)) == NULL)
        return HFA_SOURCE_NONE;
    if (hfai_clean_token(*cleaned)[0] == '\0') {
        free(*cleaned);
        *cleaned = NULL;
        return HFA_SOURCE_NONE;
    }
    return source;
}

hfa_token_source hfa_env_token_source(const hfa_ctx *ctx)
{
    char *cleaned;
    hfa_token_source source = env_source(ctx, &cleaned);
    hfa_secret_free(cleaned);
    return source;
}

hfa_status hfa_read_token_file(const hfa_ctx *ctx, char **token,
                               hfa_error *err)
{
    char *data;
    hfa_status status = hfai_read_file(ctx->token_path, TOKEN_FILE_MAX, true,
                                       true, &data, NULL, err);
    *token = NULL;
    if (status != HFA_OK || data == NULL)
        return status;
    hfai_clean_token(data);
    if (data[0] == '\0') {
        free(data);
        return HFA_OK;
    }
    *token = data;
    return HFA_OK;
}

hfa_status hfa_get_token(hfa_ctx *ctx, char **token, hfa_token_source *source,
                         hfa_error *err)
{
    char *cleaned = NULL;
    hfa_token_source found = env_source(ctx, &cleaned);
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
