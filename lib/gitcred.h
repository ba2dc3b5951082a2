/* SPDX-License-Identifier: Apache-2.0 */
/*
 * gitcred.h - git credentials (gitcred.c): the public hfa_git_* calls,
 * and the step login and switch share.
 */
#ifndef HFAUTH_GITCRED_H
#define HFAUTH_GITCRED_H

#include "ctx.h"

/* Approves `token` into git when a credential.helper is configured. */
void hfai_git_approve_if_helper(hfa_ctx *ctx, const char *token,
                                hfa_git_result *result);
/* Rejects the Hub's credential when a credential.helper is configured. */
void hfai_git_reject_if_helper(hfa_ctx *ctx, hfa_git_result *result);

#endif /* HFAUTH_GITCRED_H */
