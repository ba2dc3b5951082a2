/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spank_hfauth.c - the plugin's public face: the SPANK entry points, the
 * --hf-token option and the choice of return codes, nothing else.  Only
 * the slurm_spank_* functions and the symbols SPANK_PLUGIN() defines are
 * exported (spank_hfauth.map).
 *
 *     # plugstack.conf
 *     optional /usr/lib/x86_64-linux-gnu/slurm-wlm/spank_hfauth.so [options]
 *
 * Where each part runs (see spank_hfauth(8)):
 *   srun, sbatch, salloc (local and allocator contexts, the user's own
 *     process on the login node): --hf-token=NAME is checked at once
 *     (submit.c); with `strip`, sbatch leaves the token out of the job.
 *   slurmstepd (remote context, on the compute node): HF_TOKEN is set in
 *     each step's environment at launch (launch.c).
 *   slurmd and the prolog/epilog (slurmd and job_script contexts): nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <slurm/spank.h>

#include "internal.h"
#include "launch.h"
#include "log.h"
#include "options.h"
#include "submit.h"

/* plugin_name, plugin_type, plugin_version, spank_plugin_version.  The
 * name also names the option's variable: _SLURM_SPANK_OPTION_hfauth_... */
/* cppcheck-suppress unknownMacro ; <slurm/spank.h> defines it, and lint
 * reads no system header */
SPANK_PLUGIN(hfauth, 1)

/* This process's one state (internal.h says why it is static). */
static struct hfs_state state;

static bool is_job_context(spank_context_t context)
{
    return context == S_CTX_LOCAL || context == S_CTX_REMOTE ||
           context == S_CTX_ALLOCATOR;
}

static void remember_name(const char *name)
{
    char *copy = strdup(name);

    if (copy == NULL) {
        hfs_error(&state, "out of memory");
        return;
    }
    free(state.name);
    state.name = copy;
}

/*
 * --hf-token=NAME.  On the login node (remote == 0) Slurm calls this while
 * it parses the command line, before anything is submitted, and exits
 * when it fails, whether the plugin is optional or required: the one
 * place where a plugin can stop srun and sbatch (a failing
 * slurm_spank_init_post_opt of an optional plugin is only logged).  On
 * the compute node (remote == 1) the value comes from the job: kept as
 * it is, checked when it is used.
 */
static int hf_token_option(int val, const char *name, int remote)
{
    (void)val;
    if (name == NULL || name[0] == '\0') {
        hfs_error(&state, "--hf-token needs a token name (see hf-auth "
                          "list)");
        return remote ? 0 : -1;
    }
    if (!remote && hfs_check_name(&state, name) != 0)
        return -1;
    remember_name(name);
    return 0;
}

static struct spank_option hf_token_spank_option = {
    .name = "hf-token",
    .arginfo = "NAME",
    .usage = "Give the job the stored Hugging Face token NAME in HF_TOKEN "
             "(names: hf-auth list). Only the name goes with the job.",
    .has_arg = 1,
    .val = 0,
    .cb = hf_token_option,
};

/*
 * Return codes.  A job without --hf-token must never fail because of the
 * plugin, and slurmd drains a node when slurm_spank_user_init fails in a
 * batch step (spank(7)); so every entry point returns 0 whatever happened,
 * and failures are logged.  The two ways the plugin stops something, both
 * for a job that named a token:
 *  - on the login node, the option callback's -1 for a NAME that is not a
 *    stored token: srun, sbatch and salloc exit before submitting;
 *  - on the compute node, a task whose named token could not be set
 *    exits with status 1 before its program starts (task_init below),
 *    rather than run without the token it asked for (or with another).
 */
int slurm_spank_init(spank_t sp, int ac, char *av[])
{
    spank_err_t rc;

    if (!is_job_context(spank_context()))
        return 0;
    hfs_options_parse(&state, ac, av);
    /* Registered from slurm_spank_init in every context that uses it: an
     * option only in a spank_options table is not offered by sbatch and
     * salloc (spank(7), "SPANK OPTIONS"). */
    rc = spank_option_register(sp, &hf_token_spank_option);
    if (rc != ESPANK_SUCCESS)
        hfs_error(&state, "cannot register --hf-token: %s", spank_strerror(rc));
    return 0;
}

/*
 * sbatch copies its own environment into the job it submits right after
 * this call (the controller stores it with the job): the place to strip.
 * srun and salloc send no environment to the controller, so nothing is
 * done there (salloc's environment is the shell it starts).
 */
int slurm_spank_init_post_opt(spank_t sp, int ac, char *av[])
{
    (void)sp;
    (void)ac;
    (void)av;
    if (spank_context() == S_CTX_ALLOCATOR && state.opt.strip &&
        strcmp(program_invocation_short_name, "sbatch") == 0)
        hfs_strip_env(&state);
    return 0;
}

/* Remote context only: slurmstepd has switched to the job's user. */
int slurm_spank_user_init(spank_t sp, int ac, char *av[])
{
    (void)ac;
    (void)av;
    if (spank_remote(sp) == 1)
        hfs_launch(sp, &state);
    return 0;
}

/*
 * In each task's process, as the user, just before it runs the program,
 * with the task's stdout and stderr in place (slurmstepd has already
 * copied the error logged at user_init, which says why, to srun or to the
 * batch job's output).  Exiting here is what slurmstepd itself does when
 * a required plugin fails at this point; done by the plugin, it holds
 * whether plugstack.conf says optional or required.
 */
int slurm_spank_task_init(spank_t sp, int ac, char *av[])
{
    char shown[128];

    (void)sp;
    (void)ac;
    (void)av;
    if (!state.named_failed)
        return 0;
    (void)fprintf(stderr,
                  HFS_NAME ": the task does not run without the "
                           "Hugging Face token '%s' it asked for\n",
                  hfs_printable(state.name, shown, sizeof(shown)));
    (void)fflush(stderr);
    _exit(1);
}

int slurm_spank_exit(spank_t sp, int ac, char *av[])
{
    (void)sp;
    (void)ac;
    (void)av;
    free(state.name);
    state.name = NULL;
    return 0;
}
