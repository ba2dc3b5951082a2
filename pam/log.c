/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c - syslog and user-message wrappers (see log.h).
 *
 * Every message is filtered whole once formatted (hfa_safe_text): the
 * paths it quotes come from HF_TOKEN_PATH, HF_HOME or XDG_CACHE_HOME in
 * the PAM environment, and a newline in one would forge a second syslog
 * line ("Accepted publickey for root ..."), an ESC would reach the
 * terminal of the person logging in.  The module never logs a line break
 * of its own, so nothing is lost.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>

#include "hfauth.h"
#include "log.h"

static void __attribute__((format(printf, 3, 0)))
vlog(const struct hfp_args *args, int priority, const char *fmt, va_list ap)
{
    char msg[1024];
    char user[64];

    /* Paths, names and what the Hub said come from others: the whole line
     * is filtered, so a newline in any of them cannot forge a second log
     * line, nor an escape reach a terminal. */
    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    hfa_safe_text(msg, sizeof(msg), msg);
    if (args->user == NULL) {
        pam_syslog(args->pamh, priority, "%s", msg);
        return;
    }
    hfa_safe_text(user, sizeof(user), args->user);
    pam_syslog(args->pamh, priority, "(user %s) %s", user, msg);
}

void hfp_log(const struct hfp_args *args, int priority, const char *fmt, ...)
{
    va_list ap;

    if (priority == LOG_DEBUG && !args->opt.debug)
        return;
    va_start(ap, fmt);
    vlog(args, priority, fmt, ap);
    va_end(ap);
}

void hfp_debug(const struct hfp_args *args, const char *fmt, ...)
{
    va_list ap;

    if (!args->opt.debug)
        return;
    va_start(ap, fmt);
    vlog(args, LOG_DEBUG, fmt, ap);
    va_end(ap);
}

void hfp_tell_user(const struct hfp_args *args, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    if (args->silent)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    hfa_safe_text(msg, sizeof(msg), msg);
    /* The conversation may fail (no terminal, no conv function): the
     * message is a courtesy, the login goes on. */
    (void)pam_info(args->pamh, "%s", msg);
}
