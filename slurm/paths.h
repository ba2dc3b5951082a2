/* SPDX-License-Identifier: Apache-2.0 */
/*
 * paths.h - where a user's token files are, resolved as the library (and
 * huggingface_hub) resolves them, from the environment of the job or of
 * the submitting command, or from the plugstack option token_path=.
 */
#ifndef HFS_PATHS_H
#define HFS_PATHS_H

#include <pwd.h>

#include "internal.h"

/* The variables the paths depend on; NULL when unset. */
struct hfs_env {
    const char *home;
    const char *hf_home;
    const char *xdg_cache_home;
    const char *hf_token_path;
};

struct hfs_paths {
    char *token;  /* the active token file */
    char *stored; /* stored_tokens beside it */
};

/*
 * With token_path=TEMPLATE: the template expanded for `pw` (%u, %h), and
 * stored_tokens in the same folder.  Otherwise HF_TOKEN_PATH, else
 * HF_HOME/token, with HF_HOME from `env` (HF_HOME, XDG_CACHE_HOME, the
 * home), as hfa_ctx_new_for_user() resolves them.  Only absolute paths
 * are accepted: the plugin's working folder is not the job's.  0, or -1
 * when logged.  Reads nothing but the password database (for ~user).
 */
int hfs_paths_resolve(const struct hfs_state *st, const struct passwd *pw,
                      const struct hfs_env *env, struct hfs_paths *paths);
void hfs_paths_free(struct hfs_paths *paths);

#endif /* HFS_PATHS_H */
