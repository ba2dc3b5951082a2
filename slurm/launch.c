/* SPDX-License-Identifier: Apache-2.0 */
/*
 * launch.c - on the compute node: HF_TOKEN for the step (see launch.h).
 *
 * slurmstepd calls slurm_spank_user_init after it has set its effective
 * uid, gid and groups to the job's (and changed to the job's folder), so
 * every file is opened with the user's rights: a symlink cannot make it
 * read a file the user could not, and a root-squashed NFS home works.
 * That is checked here rather than assumed: a process whose effective ids
 * are not the job user's reads nothing.  The reader then decides on the
 * open descriptor (regular file, owned by the user, not group- or
 * world-writable, size cap, token-shaped content), as the PAM module.
 *
 * The paths come from the job's environment (HF_TOKEN_PATH, HF_HOME,
 * XDG_CACHE_HOME, HOME), or the option token_path=.  No network, one or
 * two small files read, nothing written.
 */
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <hfauth.h>

#include "launch.h"
#include "log.h"
#include "paths.h"
#include "stored.h"
#include "token.h"

/* The job environment's values of the variables paths depend on. */
struct job_env {
    char home[PATH_MAX];
    char hf_home[PATH_MAX];
    char xdg_cache_home[PATH_MAX];
    char hf_token_path[PATH_MAX];
};

/* One variable of the job's environment into buf; "" when unset.  -1 when
 * it does not fit (logged: the plugin never works on a truncated path). */
static int job_getenv(spank_t sp, const struct hfs_state *st, const char *name,
                      char *buf, size_t size)
{
    spank_err_t rc = spank_getenv(sp, name, buf, (int)size);

    if (rc == ESPANK_SUCCESS)
        return 0;
    buf[0] = '\0';
    if (rc == ESPANK_ENV_NOEXIST)
        return 0;
    hfs_error(st, "cannot read %s from the job's environment: %s", name,
              spank_strerror(rc));
    return -1;
}

static const char *set_or_null(const char *value)
{
    return value[0] != '\0' ? value : NULL;
}

/* Whether the job already has a non-empty HF_TOKEN, without copying it:
 * a two-byte buffer either holds "" or is too small. */
static bool job_has_token(spank_t sp)
{
    char probe[2];
    spank_err_t rc = spank_getenv(sp, "HF_TOKEN", probe, sizeof(probe));

    explicit_bzero(probe, sizeof(probe));
    return rc == ESPANK_NOSPACE || (rc == ESPANK_SUCCESS && probe[0] != '\0');
}

/* The job's user, checked against this process's effective ids. */
static int job_user(spank_t sp, struct hfs_state *st, struct passwd *entry,
                    char *scratch, size_t size, struct passwd **pw)
{
    uid_t uid;
    gid_t gid;

    *pw = NULL;
    if (spank_get_item(sp, S_JOB_UID, &uid) != ESPANK_SUCCESS ||
        spank_get_item(sp, S_JOB_GID, &gid) != ESPANK_SUCCESS) {
        hfs_error(st, "cannot get the job's user from Slurm");
        return -1;
    }
    if (getpwuid_r(uid, entry, scratch, size, pw) != 0 || *pw == NULL) {
        hfs_error(st, "cannot find uid %lu in the password database",
                  (unsigned long)uid);
        return -1;
    }
    hfs_printable((*pw)->pw_name, st->user, sizeof(st->user));
    if (geteuid() != uid || getegid() != gid) {
        hfs_error(st,
                  "runs as uid %lu gid %lu, not as the job's user "
                  "(%lu, %lu); reads nothing",
                  (unsigned long)geteuid(), (unsigned long)getegid(),
                  (unsigned long)uid, (unsigned long)gid);
        return -1;
    }
    return 0;
}

static int job_paths(spank_t sp, const struct hfs_state *st,
                     const struct passwd *pw, struct hfs_paths *paths)
{
    static struct job_env values; /* 16 KiB: off the stack */
    struct hfs_env env;

    if (job_getenv(sp, st, "HOME", values.home, sizeof(values.home)) != 0 ||
        job_getenv(sp, st, "HF_HOME", values.hf_home, sizeof(values.hf_home)) !=
            0 ||
        job_getenv(sp, st, "XDG_CACHE_HOME", values.xdg_cache_home,
                   sizeof(values.xdg_cache_home)) != 0 ||
        job_getenv(sp, st, "HF_TOKEN_PATH", values.hf_token_path,
                   sizeof(values.hf_token_path)) != 0)
        return -1;
    env.home = set_or_null(values.home);
    env.hf_home = set_or_null(values.hf_home);
    env.xdg_cache_home = set_or_null(values.xdg_cache_home);
    env.hf_token_path = set_or_null(values.hf_token_path);
    return hfs_paths_resolve(st, pw, &env, paths);
}

static bool set_token(spank_t sp, const struct hfs_state *st, const char *token,
                      const char *from)
{
    spank_err_t rc = spank_setenv(sp, "HF_TOKEN", token, 1);

    if (rc != ESPANK_SUCCESS) {
        hfs_error(st, "cannot set HF_TOKEN: %s", spank_strerror(rc));
        return false;
    }
    hfs_debug(st, "HF_TOKEN set from %s", from);
    return true;
}

/* --hf-token=NAME: that token, whatever the job has. */
static void launch_named(spank_t sp, struct hfs_state *st, uid_t uid,
                         const struct hfs_paths *paths)
{
    char *token = NULL;
    char shown[128];
    hfa_error err;
    hfa_status status;

    memset(&err, 0, sizeof(err));
    hfs_printable(st->name, shown, sizeof(shown));
    status = hfai_read_owned_stored_token(paths->stored, uid, st->name, &token,
                                          &err);
    if (status == HFA_OK && token != NULL) {
        char from[PATH_MAX + 160];
        (void)snprintf(from, sizeof(from), "'%s' in %s", shown, paths->stored);
        if (set_token(sp, st, token, from))
            st->named_failed = false;
    } else if (status == HFA_OK || status == HFA_ERR_NOT_FOUND) {
        hfs_error(st, "no stored Hugging Face token named '%s' in %s", shown,
                  paths->stored);
    } else {
        hfs_error(st, "--hf-token=%s: %s", shown, err.message);
    }
    hfa_secret_free(token);
}

/* No name: the active token, unless the job has one of its own. */
static void launch_active(spank_t sp, const struct hfs_state *st, uid_t uid,
                          const struct hfs_paths *paths)
{
    char *token = NULL;
    hfa_error err;

    memset(&err, 0, sizeof(err));
    if (hfai_read_owned_token(paths->token, uid, &token, NULL, &err) != HFA_OK)
        hfs_error(st, "%s; HF_TOKEN not set", err.message);
    else if (token == NULL)
        hfs_debug(st, "no token in %s", paths->token);
    else
        (void)set_token(sp, st, token, paths->token);
    hfa_secret_free(token);
}

/*
 * The variable through which sbatch also sends a SPANK option: it copies
 * each option given into the job's SPANK environment, and from there
 * into the job's environment as SLURM_SPANK_<_SLURM_SPANK_OPTION_ plugin
 * _ option> (option and plugin names with '-' as '_').  The batch step
 * normally receives the option through _SLURM_SPANK_OPTION_hfauth_hf_token,
 * but sbatch --export=NONE drops that one (only SLURM* variables are
 * kept), while this one stays: measured with Slurm 22.05, where
 * sbatch --export=NONE --hf-token=NAME would otherwise get no name.  The
 * same variable is how an srun inside the batch script inherits the
 * option.  It is the user's environment either way, and a name is only
 * ever looked up in the user's own file.
 */
#define OPTION_ENV "SLURM_SPANK__SLURM_SPANK_OPTION_hfauth_hf_token"

/* -1 when the variable is there but unusable (logged). */
static int name_from_job_env(spank_t sp, struct hfs_state *st)
{
    char name[1024];
    spank_err_t rc = spank_getenv(sp, OPTION_ENV, name, (int)sizeof(name));

    if (rc == ESPANK_ENV_NOEXIST || (rc == ESPANK_SUCCESS && name[0] == '\0'))
        return 0;
    if (rc != ESPANK_SUCCESS) {
        hfs_error(st, "cannot read %s from the job's environment: %s",
                  OPTION_ENV, spank_strerror(rc));
        return -1;
    }
    st->name = strdup(name);
    if (st->name == NULL) {
        hfs_error(st, "out of memory");
        return -1;
    }
    hfs_debug(st, "--hf-token from the job's environment (%s)", OPTION_ENV);
    return 0;
}

void hfs_launch(spank_t sp, struct hfs_state *st)
{
    struct passwd entry, *pw;
    char scratch[4096];
    struct hfs_paths paths = {NULL, NULL};

    if (st->name == NULL && name_from_job_env(sp, st) != 0) {
        st->named_failed = true;
        goto out;
    }
    /* Cleared once the named token is in place: every way out before
     * that leaves the step without it. */
    st->named_failed = st->name != NULL;
    if (job_user(sp, st, &entry, scratch, sizeof(scratch), &pw) != 0)
        goto out;
    if (st->name == NULL && job_has_token(sp) && !st->opt.override) {
        hfs_debug(st, "the job has an HF_TOKEN of its own; kept");
        goto out;
    }
    if (job_paths(sp, st, pw, &paths) != 0)
        goto out;
    if (st->name != NULL)
        launch_named(sp, st, pw->pw_uid, &paths);
    else
        launch_active(sp, st, pw->pw_uid, &paths);
out:
    hfs_paths_free(&paths);
    /* A token the job brought must not stand in for the one it named. */
    if (st->named_failed)
        (void)spank_unsetenv(sp, "HF_TOKEN");
}
