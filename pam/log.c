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
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>

#include "hfauth.h"
#include "log.h"

/* The user name as it may appear in a log line: PAM_USER comes from the
 * client before anything checked it, so a control character in it must not
 * be able to forge a second log line. */
static void printable_user(const char *user, char *out, size_t size)
{
    size_t i;

    for (i = 0; user[i] != '\0' && i + 1 < size; i++)
        out[i] = isprint((unsigned char)user[i]) ? user[i] : '?';
    out[i] = '\0';
}

const char *hfp_printable(const char *text, char *out, size_t size)
{
    const unsigned char *c = (const unsigned char *)text;
    size_t n = 0;

    for (; *c != '\0' && n + 1 < size; c++) {
        bool c1 = c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f;
        if (*c < ' ' || *c == 0x7f || c1) {
            out[n++] = '?';
            c += c1; /* both bytes of a C1 control */
        } else {
            out[n++] = (char)*c;
        }
    }
    out[n] = '\0';
    return out;
}

static void __attribute__((format(printf, 3, 0)))
vlog(const struct hfp_args *args, int priority, const char *fmt, va_list ap)
{
    char msg[1024];
    char user[64];

    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    hfa_safe_text(msg, sizeof(msg), msg);
    if (args->user == NULL) {
        pam_syslog(args->pamh, priority, "%s", msg);
        return;
    }
    printable_user(args->user, user, sizeof(user));
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
