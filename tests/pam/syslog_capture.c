/* SPDX-License-Identifier: Apache-2.0 */
/*
 * syslog_capture.c - syslog() for the PAM test programs (pam_app,
 * pam_threads): libpam's pam_syslog ends in syslog()/__syslog_chk(), and
 * a program that defines them (exported with -rdynamic) gets every module
 * log line in $HFA_SYSLOG_FILE as "LEVEL message", with no syslog daemon
 * and no LD_PRELOAD (which would not mix with the sanitizer build).
 */
#undef _FORTIFY_SOURCE /* syslog() is defined here */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>
#include <unistd.h>

void __syslog_chk(int pri, int flag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static const char *const level_names[] = {
    "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

void vsyslog(int pri, const char *fmt, va_list ap)
{
    const char *file = getenv("HFA_SYSLOG_FILE");
    char line[4096];
    int len, fd, saved = errno;

    len = snprintf(line, sizeof(line), "%s ", level_names[LOG_PRI(pri)]);
    errno = saved; /* for %m */
    len += vsnprintf(line + len, sizeof(line) - (size_t)len - 1, fmt, ap);
    if (len > (int)sizeof(line) - 2)
        len = (int)sizeof(line) - 2;
    line[len++] = '\n';
    if (file == NULL)
        return;
    fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
        if (write(fd, line, (size_t)len) != len)
            abort();
        close(fd);
    }
    errno = saved;
}

void syslog(int pri, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsyslog(pri, fmt, ap);
    va_end(ap);
}

void __vsyslog_chk(int pri, int flag, const char *fmt, va_list ap)
{
    (void)flag;
    vsyslog(pri, fmt, ap);
}

void __syslog_chk(int pri, int flag, const char *fmt, ...)
{
    va_list ap;

    (void)flag;
    va_start(ap, fmt);
    vsyslog(pri, fmt, ap);
    va_end(ap);
}
