/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam_hfauth.c - the module's public face: the PAM entry points and the
 * choice of their return codes, nothing else.  Only these two symbols are
 * exported (pam_hfauth.map).
 *
 *     session optional pam_hfauth.so [options]
 *
 * The module provides the session type only; see pam_hfauth(8).
 */
#include <security/pam_modules.h>

#include "session.h"

/*
 * Return codes.  pam_hfauth adds a convenience to a session; it must never be
 * able to change what a stack means (a careless PAM_IGNORE did, in
 * CVE-2025-23013).  So:
 *
 *  - Whatever happened to the token (set, kept, none, unsafe file, rejected
 *    by the Hub, any error), open_session returns PAM_IGNORE: libpam then
 *    leaves the module out of the stack's verdict for every control flag.
 *    An error code would deny the login under `required`; and a code that
 *    depends on the outcome (PAM_SUCCESS when a token was set) would let a
 *    user, by creating or breaking their own token file, steer a stack that
 *    branches on it (`sufficient`, `[success=N ...]`) past later session
 *    modules such as pam_limits or pam_namespace.  A constant code means
 *    the stack is the same for every user.  PAM_IGNORE rather than a
 *    constant PAM_SUCCESS because success is a vote: it would end a
 *    `sufficient` line's stack for everybody.  The cost, documented in the
 *    man page: like pam_motd, the module cannot be the only module of a
 *    session stack (libpam fails a stack in which every module ignored).
 *  - The one exception is PAM_SYSTEM_ERR when, after reading the token file
 *    as the user, the process's own ids could not be restored.  No user can
 *    cause that; the process is then not what its caller thinks it is.
 */
PAM_EXTERN int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc,
                                   const char **argv)
{
    struct hfp_args args;

    hfp_args_init(&args, pamh, flags, argc, argv);
    if (hfp_open_session(&args) == HFP_FATAL)
        return PAM_SYSTEM_ERR;
    return PAM_IGNORE;
}

/* HF_TOKEN lives in the PAM environment, which goes with the handle; the
 * cache entry is meant to outlive the session.  Nothing to undo, and the
 * options are not parsed again (an unknown one was logged at open).
 * PAM_SUCCESS, as pam_hfauth(8) says (RETURN VALUES). */
PAM_EXTERN int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc,
                                    const char **argv)
{
    (void)pamh;
    (void)flags;
    (void)argc;
    (void)argv;
    return PAM_SUCCESS;
}
