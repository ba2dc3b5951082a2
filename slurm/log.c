/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c - Slurm logging wrappers (see log.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include <slurm/spank.h>

#include <hfauth.h>

#include "log.h"

const char *hfs_printable(const char *text, char *out, size_t size)
{
    /* The library's one filter for untrusted text. */
    hfa_safe_text(out, size, text);
    return out;
}

/* The message with the plugin's prefix (and the user when known). */
static void __attribute__((format(printf, 4, 0)))
format_line(const struct hfs_state *st, char *line, size_t size,
            const char *fmt, va_list ap)
{
    char msg[1024];
    char user[64];

    (void)vsnprintf(msg, sizeof(msg), fmt, ap);
    /* Paths and names come from the user: a newline in one must not
     * forge a second log line, nor an escape reach a terminal. */
    hfa_safe_text(msg, sizeof(msg), msg);
    if (st->user[0] == '\0')
        (void)snprintf(line, size, HFS_NAME ": %s", msg);
    else
        (void)snprintf(line, size, HFS_NAME ": (user %s) %s",
                       hfs_printable(st->user, user, sizeof(user)), msg);
}

void hfs_error(const struct hfs_state *st, const char *fmt, ...)
{
    char line[HFS_LINE_MAX];
    va_list ap;

    va_start(ap, fmt);
    format_line(st, line, sizeof(line), fmt, ap);
    va_end(ap);
    slurm_error("%s", line);
}

void hfs_info(const struct hfs_state *st, const char *fmt, ...)
{
    char line[HFS_LINE_MAX];
    va_list ap;

    va_start(ap, fmt);
    format_line(st, line, sizeof(line), fmt, ap);
    va_end(ap);
    slurm_info("%s", line);
}

void hfs_debug(const struct hfs_state *st, const char *fmt, ...)
{
    char line[HFS_LINE_MAX];
    va_list ap;

    if (!st->opt.debug)
        return;
    va_start(ap, fmt);
    format_line(st, line, sizeof(line), fmt, ap);
    va_end(ap);
    slurm_info("%s", line);
}
