/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ptydrive.c - runs a command on a new pseudo-terminal and drives it from a
 * script, for the interactive tests of hf-auth (tests/interactive/).
 *
 *   ptydrive [--timeout S] [--step-timeout S] [--rows R --cols C]
 *            [--stdout FILE] [--transcript FILE] [--check-modes]
 *            SCRIPT -- CMD [ARGS...]
 *
 * The command runs as a foreground job on the terminal, the way an
 * interactive shell runs it: a small helper process is the session leader
 * (the "shell"), the command gets its own process group and the terminal's
 * foreground.  So Ctrl-C, Ctrl-Z and job-control stops behave as they do
 * for a user (a command alone in a session would be in an orphaned process
 * group, where the kernel discards Ctrl-Z).  The terminal is the command's
 * stdin and stderr, and its stdout unless --stdout FILE sends that to a
 * file, so a test can tell data from prompts.
 *
 * SCRIPT has one step a line; blank lines and lines starting with # are
 * skipped.  TEXT is the rest of the line, taken literally (blanks too)
 * except for the escapes \n \r \t \e \\ \xHH.
 *
 *   expect TEXT      wait until TEXT appears in the terminal output since
 *                    the last match (fails on the step timeout)
 *   send TEXT        type TEXT (e.g. \x03 Ctrl-C, \x04 Ctrl-D, \x1a Ctrl-Z)
 *   sendpaste TEXT   type TEXT wrapped in the bracketed-paste markers
 *                    \e[200~ ... \e[201~
 *   sleep MS         wait MS milliseconds (the output is still read)
 *   signal NAME      send a signal (TERM, INT, CONT, HUP, ... or a number)
 *                    to the command
 *   stopped          wait until the command is stopped (Ctrl-Z)
 *   modes COND...    check the terminal's modes now: "initial" (all equal
 *                    to the modes before the command started), +FLAG or
 *                    -FLAG (a termios flag such as ECHO, ICANON, ICRNL set
 *                    or clear); fails when they do not hold
 *   waitmodes COND.. wait until the modes hold (polled every millisecond)
 *   idle             wait until the command is asleep waiting (in poll,
 *                    select, read, nanosleep...: /proc/PID/syscall;
 *                    where that cannot be read, a 200 ms pause), so that
 *                    a signal sent next finds it waiting, not starting up
 *   wait             wait until the command exits
 *
 * After the last step the command must exit by itself within the step
 * timeout.  The driver then reads what is left of the output, writes the
 * raw transcript (--transcript), compares the terminal's modes with those
 * before the start and prints "ptydrive: modes restored" or "ptydrive:
 * modes changed: ..." on stderr, and "ptydrive: exit N".
 *
 * Exit status: the command's (128+N when killed by signal N); 125 when a
 * step failed, the global timeout (--timeout, default 60 s; steps wait at
 * most --step-timeout, default 10 s) was reached, or with --check-modes
 * the modes changed; 125 also for bad usage.  On a failure the command is
 * killed and the end of the transcript is shown on stderr.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define DRIVER_FAILED 125

typedef struct {
    char *data;
    size_t len, cap;
} buffer;

static struct {
    /* options */
    double timeout_s, step_timeout_s;
    unsigned short rows, cols;
    const char *stdout_file, *transcript_file, *script_file;
    bool check_modes;
    char **cmd;
    /* the terminal */
    int master, slave;
    struct termios initial;
    /* the processes: the helper (session leader) and the command */
    pid_t helper, child;
    int events; /* the helper's reports; -1 at EOF */
    char event_line[64];
    size_t event_len;
    bool exited, stopped;
    int wait_status;
    /* output: all of it, and what is not yet consumed by `expect` */
    buffer transcript, seen;
    double deadline; /* the global one, on the monotonic clock */
    int line_no;
} D = {
    .timeout_s = 60,
    .step_timeout_s = 10,
    .rows = 24,
    .cols = 80,
    .master = -1,
    .slave = -1,
    .events = -1,
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void buffer_add(buffer *b, const char *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len + 1)
            cap *= 2;
        char *grown = realloc(b->data, cap);
        if (grown == NULL) {
            fputs("ptydrive: out of memory\n", stderr);
            _exit(DRIVER_FAILED);
        }
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static void buffer_drop(buffer *b, size_t count)
{
    memmove(b->data, b->data + count, b->len - count);
    b->len -= count;
    if (b->data != NULL)
        b->data[b->len] = '\0';
}

/* Shows bytes readably: control characters escaped, line feeds kept. */
static void show_bytes(FILE *out, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\n')
            fputs("\\n\n", out);
        else if (c == '\r')
            fputs("\\r", out);
        else if (c == '\\')
            fputs("\\\\", out);
        else if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else
            fputc(c, out);
    }
}

static void write_transcript(void)
{
    if (D.transcript_file == NULL)
        return;
    FILE *f = fopen(D.transcript_file, "w");
    if (f == NULL ||
        fwrite(D.transcript.data ? D.transcript.data : "", 1, D.transcript.len,
               f) != D.transcript.len ||
        fclose(f) != 0)
        fprintf(stderr, "ptydrive: cannot write %s: %s\n", D.transcript_file,
                strerror(errno));
}

static void kill_all(void)
{
    if (D.child > 0 && !D.exited) {
        kill(-D.child, SIGKILL);
        kill(D.child, SIGKILL);
    }
    if (D.helper > 0) {
        kill(D.helper, SIGKILL);
        waitpid(D.helper, NULL, 0);
        D.helper = 0;
    }
}

static void fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fputs("ptydrive: ", stderr);
    if (D.line_no > 0)
        fprintf(stderr, "%s:%d: ", D.script_file, D.line_no);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
    kill_all();
    size_t shown = D.transcript.len > 3000 ? 3000 : D.transcript.len;
    fprintf(stderr, "--- the last %zu bytes of the terminal output ---\n",
            shown);
    show_bytes(stderr, D.transcript.data + D.transcript.len - shown, shown);
    fputs("\n--- end ---\n", stderr);
    write_transcript();
    exit(DRIVER_FAILED);
}

/* ---- the terminal's modes ----------------------------------------------- */

typedef struct {
    const char *name;
    int field; /* 0 iflag, 1 oflag, 2 cflag, 3 lflag */
    tcflag_t bit;
} mode_flag;

#define FLAG(field, name)                                                      \
    {                                                                          \
#name, field, name                                                     \
    }
static const mode_flag mode_flags[] = {
    FLAG(0, IGNBRK),  FLAG(0, BRKINT),  FLAG(0, IGNPAR),  FLAG(0, PARMRK),
    FLAG(0, INPCK),   FLAG(0, ISTRIP),  FLAG(0, INLCR),   FLAG(0, IGNCR),
    FLAG(0, ICRNL),   FLAG(0, IUCLC),   FLAG(0, IXON),    FLAG(0, IXANY),
    FLAG(0, IXOFF),   FLAG(0, IMAXBEL), FLAG(0, IUTF8),   FLAG(1, OPOST),
    FLAG(1, OLCUC),   FLAG(1, ONLCR),   FLAG(1, OCRNL),   FLAG(1, ONOCR),
    FLAG(1, ONLRET),  FLAG(1, OFILL),   FLAG(1, OFDEL),   FLAG(2, CSTOPB),
    FLAG(2, CREAD),   FLAG(2, PARENB),  FLAG(2, PARODD),  FLAG(2, HUPCL),
    FLAG(2, CLOCAL),  FLAG(2, CRTSCTS), FLAG(3, ISIG),    FLAG(3, ICANON),
    FLAG(3, ECHO),    FLAG(3, ECHOE),   FLAG(3, ECHOK),   FLAG(3, ECHONL),
    FLAG(3, NOFLSH),  FLAG(3, TOSTOP),  FLAG(3, ECHOCTL), FLAG(3, ECHOPRT),
    FLAG(3, ECHOKE),  FLAG(3, FLUSHO),  FLAG(3, PENDIN),  FLAG(3, IEXTEN),
    FLAG(3, EXTPROC),
};
#undef FLAG

static const char *const field_names[] = {"iflag", "oflag", "cflag", "lflag"};

#define CC(name)                                                               \
    {                                                                          \
#name, name                                                            \
    }
static const struct {
    const char *name;
    int index;
} cc_names[] = {
    CC(VINTR),    CC(VQUIT),    CC(VERASE),  CC(VKILL),  CC(VEOF),  CC(VTIME),
    CC(VMIN),     CC(VSWTC),    CC(VSTART),  CC(VSTOP),  CC(VSUSP), CC(VEOL),
    CC(VREPRINT), CC(VDISCARD), CC(VWERASE), CC(VLNEXT), CC(VEOL2),
};
#undef CC

static tcflag_t *field_of(struct termios *t, int field)
{
    switch (field) {
    case 0: return &t->c_iflag;
    case 1: return &t->c_oflag;
    case 2: return &t->c_cflag;
    default: return &t->c_lflag;
    }
}

static void current_modes(struct termios *t)
{
    if (tcgetattr(D.slave, t) != 0)
        fail("tcgetattr on the terminal: %s", strerror(errno));
}

/* Describes how `now` differs from `then` into out ("" when equal). */
static void describe_changes(const struct termios *then_c,
                             const struct termios *now_c, char *out,
                             size_t size)
{
    struct termios then = *then_c, now = *now_c;
    size_t used = 0;
    out[0] = '\0';
#define ADD(...)                                                               \
    (used +=                                                                   \
     (size_t)snprintf(out + used, used < size ? size - used : 0, __VA_ARGS__), \
     used = used < size ? used : size - 1)
    for (int field = 0; field < 4; field++) {
        tcflag_t a = *field_of(&then, field), b = *field_of(&now, field);
        if (a == b)
            continue;
        ADD("%s%s", used ? "; " : "", field_names[field]);
        tcflag_t named = 0;
        for (size_t i = 0; i < sizeof(mode_flags) / sizeof(mode_flags[0]);
             i++) {
            if (mode_flags[i].field != field)
                continue;
            named |= mode_flags[i].bit;
            if ((a & mode_flags[i].bit) != (b & mode_flags[i].bit))
                ADD(" %c%s", b & mode_flags[i].bit ? '+' : '-',
                    mode_flags[i].name);
        }
        if ((a & ~named) != (b & ~named))
            ADD(" other bits %#lo -> %#lo", (unsigned long)(a & ~named),
                (unsigned long)(b & ~named));
    }
    for (size_t i = 0; i < sizeof(cc_names) / sizeof(cc_names[0]); i++) {
        cc_t a = then.c_cc[cc_names[i].index], b = now.c_cc[cc_names[i].index];
        if (a != b)
            ADD("%s%s %u -> %u", used ? "; " : "", cc_names[i].name,
                (unsigned)a, (unsigned)b);
    }
    if (cfgetispeed(&then) != cfgetispeed(&now) ||
        cfgetospeed(&then) != cfgetospeed(&now))
        ADD("%sspeed", used ? "; " : "");
#undef ADD
}

/* Checks "initial", "+FLAG", "-FLAG" words against the modes now; false
 * with *why filled when one does not hold. */
static bool modes_hold(char *words, char *why, size_t size)
{
    struct termios now;
    current_modes(&now);
    why[0] = '\0';
    for (char *save = NULL, *word = strtok_r(words, " \t", &save); word != NULL;
         word = strtok_r(NULL, " \t", &save)) {
        if (strcmp(word, "initial") == 0) {
            char changes[1024];
            describe_changes(&D.initial, &now, changes, sizeof(changes));
            if (changes[0] != '\0') {
                snprintf(why, size, "modes differ from the initial ones: %s",
                         changes);
                return false;
            }
            continue;
        }
        if (word[0] != '+' && word[0] != '-')
            fail("modes: '%s' is neither initial, +FLAG nor -FLAG", word);
        const mode_flag *flag = NULL;
        for (size_t i = 0; i < sizeof(mode_flags) / sizeof(mode_flags[0]); i++)
            if (strcmp(mode_flags[i].name, word + 1) == 0)
                flag = &mode_flags[i];
        if (flag == NULL)
            fail("modes: unknown flag '%s'", word + 1);
        bool set = (*field_of(&now, flag->field) & flag->bit) != 0;
        if (set != (word[0] == '+')) {
            snprintf(why, size, "%s is %s", flag->name, set ? "set" : "clear");
            return false;
        }
    }
    return true;
}

/* ---- the processes ----------------------------------------------------- */

static void reset_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int signo = 1; signo < NSIG; signo++)
        if (signo != SIGKILL && signo != SIGSTOP)
            signal(signo, SIG_DFL);
}

/* The command: its own process group, the terminal's foreground. */
static void __attribute__((noreturn)) run_command(int slave, int events)
{
    close(events);
    setpgid(0, 0);
    signal(SIGTTOU, SIG_IGN);
    if (tcsetpgrp(slave, getpid()) != 0) {
        dprintf(slave, "ptydrive: tcsetpgrp: %s\r\n", strerror(errno));
        _exit(127);
    }
    reset_signals();
    int out = slave;
    if (D.stdout_file != NULL) {
        out =
            open(D.stdout_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (out < 0) {
            dprintf(slave, "ptydrive: %s: %s\r\n", D.stdout_file,
                    strerror(errno));
            _exit(127);
        }
    }
    if (dup2(slave, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
        dup2(slave, STDERR_FILENO) < 0)
        _exit(127);
    closefrom(3);
    execvp(D.cmd[0], D.cmd);
    fprintf(stderr, "ptydrive: cannot run %s: %s\n", D.cmd[0], strerror(errno));
    _exit(127);
}

/* The helper: session leader and controlling process of the terminal,
 * parent of the command; reports the command's pid, stops, continues and
 * exit on `events` as lines "P pid", "S signal", "C", "X wait-status". */
static void __attribute__((noreturn)) run_helper(pid_t driver, int events)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != driver)
        _exit(1);
    close(D.master);
    if (setsid() < 0 || ioctl(D.slave, TIOCSCTTY, 0) != 0) {
        dprintf(events, "E %d\n", errno);
        _exit(1);
    }
    pid_t child = fork();
    if (child < 0) {
        dprintf(events, "E %d\n", errno);
        _exit(1);
    }
    if (child == 0)
        run_command(D.slave, events);
    setpgid(child, child);
    close(D.slave);
    dprintf(events, "P %d\n", (int)child);
    for (;;) {
        int status;
        pid_t got = waitpid(child, &status, WUNTRACED | WCONTINUED);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            dprintf(events, "E %d\n", errno);
            _exit(1);
        }
        if (WIFSTOPPED(status)) {
            dprintf(events, "S %d\n", WSTOPSIG(status));
        } else if (WIFCONTINUED(status)) {
            dprintf(events, "C\n");
        } else {
            dprintf(events, "X %d\n", status);
            _exit(0);
        }
    }
}

static void handle_event(const char *line)
{
    int value = 0;
    char kind = line[0];
    if (kind != 'C' && sscanf(line + 1, "%d", &value) != 1)
        fail("bad report from the helper: %s", line);
    switch (kind) {
    case 'P': D.child = (pid_t)value; break;
    case 'S': D.stopped = true; break;
    case 'C': D.stopped = false; break;
    case 'X':
        D.exited = true;
        D.stopped = false;
        D.wait_status = value;
        break;
    case 'E': fail("could not start the command: %s", strerror(value));
    default: fail("bad report from the helper: %s", line);
    }
}

static void read_events(void)
{
    char chunk[256];
    ssize_t got = read(D.events, chunk, sizeof(chunk));
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        close(D.events);
        D.events = -1;
        return;
    }
    for (ssize_t i = 0; i < got; i++) {
        if (chunk[i] == '\n') {
            D.event_line[D.event_len] = '\0';
            handle_event(D.event_line);
            D.event_len = 0;
        } else if (D.event_len + 1 < sizeof(D.event_line)) {
            D.event_line[D.event_len++] = chunk[i];
        }
    }
}

/* "exit N" or "killed by signal N" for the command's wait status. */
static const char *status_text(int status)
{
    static char text[48];
    if (WIFEXITED(status))
        snprintf(text, sizeof(text), "exit %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(text, sizeof(text), "killed by signal %d", WTERMSIG(status));
    else
        snprintf(text, sizeof(text), "wait status %#x", (unsigned)status);
    return text;
}

static void check_global_deadline(void)
{
    if (now_s() >= D.deadline)
        fail("global timeout (%g s) reached", D.timeout_s);
}

/* Reads output and reports for at most `wait_s` seconds, returning after
 * the first thing read.  False when there is nothing left to wait for. */
static bool pump(double wait_s)
{
    struct pollfd fds[2] = {{.fd = D.master, .events = POLLIN},
                            {.fd = D.events, .events = POLLIN}};
    double left = D.deadline - now_s();
    if (wait_s > left)
        wait_s = left;
    int ms = wait_s > 0 ? (int)(wait_s * 1000 + 0.999) : 0;
    int ready = poll(fds, 2, ms);
    if (ready < 0 && errno != EINTR)
        fail("poll: %s", strerror(errno));
    if (ready <= 0)
        return D.master >= 0 || D.events >= 0;
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
        char chunk[65536];
        ssize_t got = read(D.master, chunk, sizeof(chunk));
        if (got > 0) {
            buffer_add(&D.transcript, chunk, (size_t)got);
            buffer_add(&D.seen, chunk, (size_t)got);
        } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
            /* EIO: every process closed the terminal. */
            close(D.master);
            D.master = -1;
        }
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR))
        read_events();
    return true;
}

static void start(void)
{
    D.master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (D.master < 0 || grantpt(D.master) != 0 || unlockpt(D.master) != 0)
        fail("cannot make a pseudo-terminal: %s", strerror(errno));
    const char *name = ptsname(D.master);
    if (name == NULL)
        fail("ptsname: %s", strerror(errno));
    /* The driver keeps the terminal open too: to read its modes, and so
     * that output written just before the command exits is not lost. */
    D.slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (D.slave < 0)
        fail("%s: %s", name, strerror(errno));
    struct winsize size = {.ws_row = D.rows, .ws_col = D.cols};
    if (ioctl(D.master, TIOCSWINSZ, &size) != 0)
        fail("TIOCSWINSZ: %s", strerror(errno));
    current_modes(&D.initial);
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) != 0)
        fail("pipe: %s", strerror(errno));
    if (getenv("TERM") == NULL)
        setenv("TERM", "xterm", 1);
    fflush(NULL);
    pid_t driver = getpid();
    D.helper = fork();
    if (D.helper < 0)
        fail("fork: %s", strerror(errno));
    if (D.helper == 0) {
        close(pipe_fds[0]);
        run_helper(driver, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    D.events = pipe_fds[0];
    int flags = fcntl(D.master, F_GETFL);
    fcntl(D.master, F_SETFL, flags | O_NONBLOCK);
    double until = now_s() + D.step_timeout_s;
    while (D.child == 0 && D.events >= 0 && now_s() < until)
        pump(until - now_s());
    if (D.child == 0)
        fail("the command did not start");
}

/* ---- the script -------------------------------------------------------- */

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes the escapes of TEXT into out; returns the length. */
static size_t unescape(const char *text, char *out)
{
    size_t len = 0;
    for (const char *c = text; *c; c++) {
        if (*c != '\\') {
            out[len++] = *c;
            continue;
        }
        c++;
        switch (*c) {
        case 'n': out[len++] = '\n'; break;
        case 'r': out[len++] = '\r'; break;
        case 't': out[len++] = '\t'; break;
        case 'e': out[len++] = '\033'; break;
        case '\\': out[len++] = '\\'; break;
        case 'x': {
            int high = hex_digit(c[1]), low = high < 0 ? -1 : hex_digit(c[2]);
            if (low < 0)
                fail("\\x needs two hex digits");
            out[len++] = (char)(high * 16 + low);
            c += 2;
            break;
        }
        default: fail("unknown escape '\\%c'", *c ? *c : ' ');
        }
    }
    return len;
}

static void send_bytes(const char *data, size_t len)
{
    double until = now_s() + D.step_timeout_s;
    while (len > 0) {
        if (D.master < 0)
            fail("the terminal is closed");
        ssize_t put = write(D.master, data, len);
        if (put > 0) {
            data += put;
            len -= (size_t)put;
        } else if (put < 0 && errno != EAGAIN && errno != EINTR) {
            fail("write to the terminal: %s", strerror(errno));
        } else {
            if (now_s() >= until)
                fail("the command does not read its input");
            pump(0.01);
        }
    }
}

/* After the command exited: what it wrote last may still be on its way. */
static void drain_after_exit(double quiet_s)
{
    size_t before;
    do {
        before = D.transcript.len;
        pump(quiet_s);
    } while (D.transcript.len != before && D.master >= 0);
}

static void step_expect(const char *text, size_t len)
{
    double until = now_s() + D.step_timeout_s;
    for (;;) {
        char *at = D.seen.len >= len
                       ? memmem(D.seen.data, D.seen.len, text, len)
                       : NULL;
        if (at != NULL) {
            buffer_drop(&D.seen, (size_t)(at - D.seen.data) + len);
            return;
        }
        if (D.exited) {
            size_t before = D.transcript.len;
            drain_after_exit(0.2);
            if (D.transcript.len == before)
                fail("the command ended (%s) before this output came",
                     status_text(D.wait_status));
            continue;
        }
        check_global_deadline();
        if (now_s() >= until)
            fail("timeout waiting for the text");
        pump(until - now_s());
    }
}

static void wait_for(bool *flag, bool want, const char *what)
{
    double until = now_s() + D.step_timeout_s;
    while (*flag != want) {
        if (D.exited && flag != &D.exited)
            fail("the command ended (%s) while waiting until %s",
                 status_text(D.wait_status), what);
        if (D.events < 0 && !D.exited)
            fail("lost the helper while waiting until %s", what);
        check_global_deadline();
        if (now_s() >= until)
            fail("timeout waiting until %s", what);
        pump(until - now_s());
    }
}

/* 1 when the command sleeps in a call that waits for input, 0 when not,
 * -1 when /proc does not tell. */
static char last_proc_state[128];

static int blocked_on_input(void)
{
    static const long waits[] = {
        SYS_read,        SYS_poll,      SYS_ppoll,
        SYS_select,      SYS_pselect6,  SYS_epoll_wait,
        SYS_epoll_pwait, SYS_nanosleep, SYS_clock_nanosleep,
    };
    char path[64], text[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)D.child);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    size_t got = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[got] = '\0';
    const char *state = strrchr(text, ')');
    if (state == NULL || state[1] != ' ')
        return -1;
    snprintf(last_proc_state, sizeof(last_proc_state), "state %c", state[2]);
    if (state[2] != 'S')
        return 0;
    snprintf(path, sizeof(path), "/proc/%d/syscall", (int)D.child);
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    got = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[got] = '\0';
    snprintf(last_proc_state, sizeof(last_proc_state), "state S, syscall %.60s",
             text);
    char *end;
    long number = strtol(text, &end, 10);
    if (end == text)
        return got > 0 ? 0 : -1; /* "running" */
    for (size_t i = 0; i < sizeof(waits) / sizeof(waits[0]); i++)
        if (number == waits[i])
            return 1;
    return 0;
}

static void step_idle(void)
{
    double until = now_s() + D.step_timeout_s;
    for (;;) {
        if (D.exited)
            fail("the command ended (%s) instead of waiting",
                 status_text(D.wait_status));
        int blocked = blocked_on_input();
        if (blocked == 1)
            return;
        if (blocked < 0) {
            double pause = now_s() + 0.2;
            while (now_s() < pause)
                pump(pause - now_s());
            return;
        }
        check_global_deadline();
        if (now_s() >= until)
            fail("timeout waiting until the command waits (%s)",
                 last_proc_state);
        pump(0.002);
    }
}

static int signal_number(const char *name)
{
    static const struct {
        const char *name;
        int number;
    } names[] = {
        {"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT},
        {"KILL", SIGKILL}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2},
        {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
        {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},
        {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU}, {"WINCH", SIGWINCH},
    };
    if (strncmp(name, "SIG", 3) == 0)
        name += 3;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].number;
    char *end;
    long number = strtol(name, &end, 10);
    if (end != name && *end == '\0' && number > 0 && number < NSIG)
        return (int)number;
    fail("unknown signal '%s'", name);
}

static long parse_ms(const char *text)
{
    char *end;
    long ms = strtol(text, &end, 10);
    if (end == text || *end != '\0' || ms < 0 || ms > 600000)
        fail("'%s' is not a number of milliseconds", text);
    return ms;
}

static void run_step(char *line)
{
    char *arg = strchr(line, ' ');
    if (arg != NULL)
        *arg++ = '\0';
    else
        arg = line + strlen(line);
    const char *verb = line;
    char *text = malloc(strlen(arg) + 32);
    if (text == NULL)
        fail("out of memory");
    if (strcmp(verb, "expect") == 0) {
        size_t len = unescape(arg, text);
        if (len == 0)
            fail("expect needs a text");
        step_expect(text, len);
    } else if (strcmp(verb, "send") == 0) {
        send_bytes(text, unescape(arg, text));
    } else if (strcmp(verb, "sendpaste") == 0) {
        size_t len = unescape(arg, text + 6);
        memcpy(text, "\033[200~", 6);
        memcpy(text + 6 + len, "\033[201~", 6);
        send_bytes(text, len + 12);
    } else if (strcmp(verb, "sleep") == 0) {
        double until = now_s() + (double)parse_ms(arg) / 1000;
        while (now_s() < until) {
            check_global_deadline();
            pump(until - now_s());
        }
    } else if (strcmp(verb, "signal") == 0) {
        int signo = signal_number(arg);
        if (D.exited)
            fail("the command already ended (%s)", status_text(D.wait_status));
        if (kill(D.child, signo) != 0)
            fail("kill: %s", strerror(errno));
    } else if (strcmp(verb, "stopped") == 0) {
        wait_for(&D.stopped, true, "the command is stopped");
    } else if (strcmp(verb, "idle") == 0) {
        step_idle();
    } else if (strcmp(verb, "wait") == 0) {
        wait_for(&D.exited, true, "the command exits");
    } else if (strcmp(verb, "modes") == 0 || strcmp(verb, "waitmodes") == 0) {
        bool poll_them = verb[0] == 'w';
        double until = now_s() + D.step_timeout_s;
        char why[1200];
        for (;;) {
            strcpy(text, arg);
            if (modes_hold(text, why, sizeof(why)))
                break;
            if (!poll_them)
                fail("%s", why);
            check_global_deadline();
            if (now_s() >= until)
                fail("timeout waiting for the modes: %s", why);
            pump(0.001);
        }
    } else {
        fail("unknown step '%s'", verb);
    }
    free(text);
}

static void run_script(void)
{
    FILE *script = fopen(D.script_file, "r");
    if (script == NULL) {
        fprintf(stderr, "ptydrive: %s: %s\n", D.script_file, strerror(errno));
        exit(DRIVER_FAILED);
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int number = 0;
    while ((len = getline(&line, &cap, script)) >= 0) {
        number++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '\0' || line[0] == '#')
            continue;
        D.line_no = number;
        check_global_deadline();
        run_step(line);
    }
    D.line_no = 0;
    free(line);
    fclose(script);
}

static void __attribute__((noreturn)) usage(void)
{
    fputs("usage: ptydrive [--timeout S] [--step-timeout S] "
          "[--rows R --cols C]\n"
          "                [--stdout FILE] [--transcript FILE] "
          "[--check-modes]\n"
          "                SCRIPT -- CMD [ARGS...]\n",
          stderr);
    exit(DRIVER_FAILED);
}

static double parse_seconds(const char *text)
{
    char *end;
    double value = strtod(text, &end);
    if (end == text || *end != '\0' || !(value > 0) || value > 3600)
        usage();
    return value;
}

static unsigned short parse_size(const char *text)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < 1 || value > 1000)
        usage();
    return (unsigned short)value;
}

int main(int argc, char **argv)
{
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *option = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(option, "--check-modes") == 0)
            D.check_modes = true;
        else if (option[0] != '-' && D.script_file == NULL)
            D.script_file = option;
        else if (!has_value)
            usage();
        else if (strcmp(option, "--timeout") == 0)
            D.timeout_s = parse_seconds(argv[++i]);
        else if (strcmp(option, "--step-timeout") == 0)
            D.step_timeout_s = parse_seconds(argv[++i]);
        else if (strcmp(option, "--rows") == 0)
            D.rows = parse_size(argv[++i]);
        else if (strcmp(option, "--cols") == 0)
            D.cols = parse_size(argv[++i]);
        else if (strcmp(option, "--stdout") == 0)
            D.stdout_file = argv[++i];
        else if (strcmp(option, "--transcript") == 0)
            D.transcript_file = argv[++i];
        else
            usage();
    }
    if (D.script_file == NULL || i + 1 >= argc)
        usage();
    D.cmd = argv + i + 1;
    signal(SIGPIPE, SIG_IGN);
    D.deadline = now_s() + D.timeout_s;

    start();
    run_script();
    wait_for(&D.exited, true, "the command exits (after the last step)");

    /* The modes as the command left them, then the rest of its output:
     * with the driver's copy of the terminal closed, the master reads EOF
     * (EIO) once everything written is read. */
    struct termios after;
    current_modes(&after);
    close(D.slave);
    D.slave = -1;
    double until = now_s() + 2;
    while (D.master >= 0 && now_s() < until)
        pump(until - now_s());
    while (D.events >= 0 && now_s() < until)
        pump(until - now_s());
    if (D.helper > 0) {
        waitpid(D.helper, NULL, 0);
        D.helper = 0;
    }
    write_transcript();

    char changes[1024];
    describe_changes(&D.initial, &after, changes, sizeof(changes));
    if (changes[0] == '\0')
        fputs("ptydrive: modes restored\n", stderr);
    else
        fprintf(stderr, "ptydrive: modes changed: %s\n", changes);
    int code = WIFEXITED(D.wait_status)     ? WEXITSTATUS(D.wait_status)
               : WIFSIGNALED(D.wait_status) ? 128 + WTERMSIG(D.wait_status)
                                            : DRIVER_FAILED;
    if (WIFSIGNALED(D.wait_status))
        fprintf(stderr, "ptydrive: killed by signal %d\n",
                WTERMSIG(D.wait_status));
    fprintf(stderr, "ptydrive: exit %d\n", code);
    free(D.transcript.data);
    free(D.seen.data);
    if (D.master >= 0)
        close(D.master);
    if (D.check_modes && changes[0] != '\0')
        return DRIVER_FAILED;
    return code;
}
