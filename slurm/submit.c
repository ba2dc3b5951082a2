/* SPDX-License-Identifier: Apache-2.0 */
/*
 * submit.c - on the login node, as the user: the --hf-token name check,
 * and the strip option (see submit.h).
 *
 * The submitting command runs as the user, so files are read with the
 * user's own rights; the same owned-file reader as on the compute node
 * decides, so a name accepted here is refused there only when the files
 * changed in between (or the job's environment points elsewhere).
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hfauth.h>

#include "log.h"
#include "paths.h"
#include "stored.h"
#include "submit.h"
#include "token.h"

/* The submitting user's paths, from this process's environment. */
static int own_paths(const struct hfs_state *st, struct hfs_paths *paths)
{
    struct passwd entry, *pw = NULL;
    char scratch[4096];
    struct hfs_env env = {
        .home = getenv("HOME"),
        .hf_home = getenv("HF_HOME"),
        .xdg_cache_home = getenv("XDG_CACHE_HOME"),
        .hf_token_path = getenv("HF_TOKEN_PATH"),
    };

    if (getpwuid_r(getuid(), &entry, scratch, sizeof(scratch), &pw) != 0 ||
        pw == NULL) {
        hfs_error(st, "cannot find uid %lu in the password database",
                  (unsigned long)getuid());
        return -1;
    }
    return hfs_paths_resolve(st, pw, &env, paths);
}

int hfs_check_name(const struct hfs_state *st, const char *name)
{
    struct hfs_paths paths;
    char *token = NULL;
    char shown[128];
    hfa_error err;
    hfa_status status;

    memset(&err, 0, sizeof(err));
    hfs_printable(name, shown, sizeof(shown));
    if (hfa_check_token_name(name, &err) != HFA_OK) {
        hfs_error(st, "--hf-token=%s: %s", shown, err.message);
        return -1;
    }
    if (own_paths(st, &paths) != 0)
        return -1;
    status = hfai_read_owned_stored_token(paths.stored, getuid(), name, &token,
                                          &err);
    if (status == HFA_OK && token != NULL) {
        hfa_secret_free(token);
        hfs_debug(st, "--hf-token=%s: stored in %s", shown, paths.stored);
        hfs_paths_free(&paths);
        return 0;
    }
    if (status == HFA_OK || status == HFA_ERR_NOT_FOUND)
        hfs_error(st,
                  "no stored Hugging Face token named '%s' in %s "
                  "(see hf-auth list); nothing submitted",
                  shown, paths.stored);
    else
        hfs_error(st, "--hf-token=%s: %s; nothing submitted", shown,
                  err.message);
    hfs_paths_free(&paths);
    return -1;
}

/* True when `value` is the content of the user's active token file. */
static bool is_active_token(const struct hfs_state *st, const char *value)
{
    struct hfs_paths paths;
    char *token = NULL;
    hfa_error err;
    bool same;

    if (own_paths(st, &paths) != 0)
        return false;
    memset(&err, 0, sizeof(err));
    if (hfai_read_owned_token(paths.token, getuid(), &token, NULL, &err) !=
        HFA_OK)
        hfs_debug(st, "strip: %s", err.message);
    same = token != NULL && strcmp(token, value) == 0;
    hfa_secret_free(token);
    hfs_paths_free(&paths);
    return same;
}

void hfs_strip_env(const struct hfs_state *st)
{
    static const char *const names[] = {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"};
    const char *value;
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        value = getenv(names[i]);
        if (value == NULL)
            continue;
        if (value[0] != '\0' && st->name == NULL && !is_active_token(st, value))
            hfs_info(st,
                     "%s is not sent with the job (a token stays on "
                     "the login node); the job gets your active token "
                     "instead. To choose one, use --hf-token=NAME",
                     names[i]);
        else
            hfs_debug(st, "%s not sent with the job", names[i]);
        /* unsetenv takes the variable out of environ, which is all
         * sbatch copies; the bytes themselves are the initial
         * environment's, not ours to wipe. */
        (void)unsetenv(names[i]);
    }
}
