/* SPDX-License-Identifier: Apache-2.0 */
/*
 * read_token.c - reads the user's active token file without trusting it.
 *
 * The login process is root; the file, every folder on its path and the
 * home itself are the user's to play with.  So:
 *
 *  - the open runs with the user's fs uid, gid and groups, set for the
 *    calling thread only (privs.c, not pam_modutil_drop_priv: see there
 *    why), so a symlinked folder cannot make root read a file the user
 *    could not, and a root-squashed NFS home (where root is nobody) opens
 *    as it does for the user;
 *  - O_NOFOLLOW refuses a token file that is itself a symlink, O_NONBLOCK
 *    keeps a FIFO (or a leased file) from hanging the open, O_NOCTTY keeps
 *    a terminal from becoming ours, O_CLOEXEC keeps it from any child;
 *  - every decision comes from fstat of the open descriptor, never from the
 *    path: regular file, owned by the user, not group/world-writable, at
 *    most HFAI_TOKEN_FILE_MAX bytes.  A FIFO, a device or a 10 GB sparse
 *    file is refused before a single byte is read;
 *  - then one bounded read, and the content must look like a token before
 *    it may become an environment value;
 *  - every buffer that held the content is wiped.
 *
 * Nothing here creates, modifies or chowns anything.
 */
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>

#include "log.h"
#include "privs.h"
#include "read_token.h"
#include "token.h"

/* Still with the user's fs ids, after `path` was not found: the first of
 * `others` that is a non-empty regular file of the user, or -1.  lstat
 * only: nothing is opened, no link followed. */
static int find_elsewhere(const struct hfp_args *args,
                          const char *const *others, size_t count)
{
    struct stat st;
    size_t i;

    for (i = 0; i < count; i++)
        if (lstat(others[i], &st) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == args->pw->pw_uid && st.st_size > 0)
            return (int)i;
    return -1;
}

enum hfp_read_result hfp_read_token(const struct hfp_args *args,
                                    const char *path, char **token,
                                    struct stat *st)
{
    return hfp_read_token_or_find(args, path, NULL, 0, token, st, NULL);
}

enum hfp_read_result hfp_read_token_or_find(const struct hfp_args *args,
                                            const char *path,
                                            const char *const *others,
                                            size_t count, char **token,
                                            struct stat *st, int *found)
{
    struct hfp_privs privs;
    hfa_error err;
    hfa_status status;
    int elsewhere = -1;

    *token = NULL;
    if (found != NULL)
        *found = -1;
    memset(st, 0, sizeof(*st));
    /* The fs uid and gid and the supplementary groups of this thread
     * become the user's, each step checked and undone on failure; nothing
     * happens when the process is not root or the user is. */
    if (hfp_privs_drop(args, &privs) != 0) {
        hfp_log(args, LOG_ERR,
                "cannot switch to the user to read %s; "
                "HF_TOKEN not set",
                path);
        return HFP_READ_ERROR;
    }
    /* The library's leaf: the same open flags, descriptor checks, cap,
     * cleaning and definition of a token as every other reader. */
    status = hfai_read_owned_token(path, args->pw->pw_uid, token, st, &err);
    /* The leaf fills *st only for a file it found. */
    if (status == HFA_OK && *token == NULL && st->st_mode == 0)
        elsewhere = find_elsewhere(args, others, count);
    if (hfp_privs_regain(args, &privs) != 0) {
        hfa_secret_free(*token);
        *token = NULL;
        hfp_log(args, LOG_CRIT,
                "cannot restore the login process's own "
                "ids after reading %s",
                path);
        return HFP_READ_FATAL;
    }
    if (found != NULL)
        *found = elsewhere;
    switch (status) {
    case HFA_OK:
        if (*token != NULL)
            return HFP_READ_TOKEN;
        /* The leaf fills *st only for a file it read. */
        if (st->st_mode == 0)
            hfp_debug(args, "no token file %s", path);
        else
            hfp_debug(args, "token file %s is empty", path);
        return HFP_READ_NONE;
    case HFA_ERR_UNSAFE_FILE:
    case HFA_ERR_INVALID:
        hfp_log(args, LOG_WARNING, "%s; HF_TOKEN not set", err.message);
        hfp_tell_user(args, "Hugging Face %s; HF_TOKEN not set.", err.message);
        return HFP_READ_REFUSED;
    default:
        hfp_log(args, LOG_WARNING, "%s; HF_TOKEN not set", err.message);
        return HFP_READ_ERROR;
    }
}
