/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - what the hf-auth command's files share: the subcommand signature,
 * message helpers (stderr; data goes to stdout; shell/output.c), the output
 * options and JSON, and the mapping from library status to the exit codes
 * (hf-auth(1), EXIT STATUS).
 */
#ifndef HFAUTH_CLI_H
#define HFAUTH_CLI_H

#include "hfauth.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

enum {
    EXIT_OK = 0,
    EXIT_FAILED = 1,
    EXIT_USAGE = 2,
    EXIT_REJECTED = 3,
    EXIT_UNREACHABLE = 4,
};

typedef int (*cli_command_fn)(int argc, char **argv);

/* One line each on stderr ("error: ...", "warning: ...", as is), the
 * whole formatted message passed through hfa_safe_text(): whatever the
 * arguments hold, no control character reaches the terminal.  So a
 * message never holds a newline; a blank line is cli_blank(). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_blank(void);
void cli_vsay(const char *prefix, const char *fmt, va_list args)
    __attribute__((format(printf, 2, 0)));
/* The same for one line of data on stdout. */
void cli_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Shows the library's message and returns the exit code for it. */
int cli_fail(const hfa_error *err);
int cli_exit_code(hfa_status status);
/* "error: ..." plus a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Text from the Hub or from a file, printed through hfa_safe_text(): every
 * control character (C0, DEL, C1, raw or in UTF-8) and every byte that is
 * not UTF-8 is shown as '?'. */
void cli_put_text(const char *text, FILE *out);

/* JSON on stdout as Python's json.dumps(indent=2) writes it: two-space
 * indentation, ASCII only (\uXXXX), every string through hfa_safe_text().
 * Frees `root`; NULL (out of memory) is an error.  Returns the exit code. */
int cli_print_json(cJSON *root);
/* An exact integer member (cJSON's numbers are doubles). */
cJSON *cli_json_int(cJSON *object, const char *key, int64_t value);

/* An expiry in local time, "2026-12-06 17:42", then " (expired)" when
 * past; with `relative`, " (in 7h 59m)" or " (expired 2h ago)" instead. */
void cli_format_expiry(int64_t when, bool relative, char *out, size_t size);
bool cli_stdout_is_terminal(void);

/* The output options hf auth takes: --format VALUE, --json, -q/--quiet
 * (at most one of them).  CLI_OUTPUT_LONG_OPTIONS goes in a getopt_long
 * table; cli_output_option() takes what getopt_long returned for them. */
typedef enum { CLI_FORMAT_TABLE, CLI_FORMAT_JSON, CLI_FORMAT_QUIET } cli_format;
typedef struct {
    cli_format format;
    const char *given;       /* the first output option seen, or NULL */
    bool quiet_ok;           /* the command has a quiet form */
    const char *quiet_alias; /* another --format name for it, or NULL */
} cli_output;
#define CLI_OUTPUT_LONG_OPTIONS                                                \
    {"format", required_argument, NULL, 'F'},                                  \
        {"json", no_argument, NULL, 'J'},                                      \
    {                                                                          \
        "quiet", no_argument, NULL, 'q'                                        \
    }
/* True when `option` is one of them (handled: *output updated, or a usage
 * error shown and *code set, *failed true). */
bool cli_output_option(cli_output *output, int option, const char *command,
                       bool *failed, int *code);

/* Every subcommand's --help: on stdout, exit 0. */
int cli_print_help(const char *text);
/* Subcommand options are parsed with getopt_long from a fresh state,
 * with ":" first in the option string so a missing value is reported. */
void cli_reset_getopt(void);

/* ---- shell/suggest.c: words the command did not expect ----------------
 * A word typed in the wrong place may be a token: it is echoed only when
 * plain (letters, digits and '-', at most 32), else named by its position
 * on the command line.  Each of these prints "error: ..." and one hint
 * line, and returns EXIT_USAGE. */
struct option;
/* main() hands over argv before anything reorders it. */
void cli_remember_words(int argc, char **argv);
/* Where `word` (a pointer into argv) was typed: 1 for the first word
 * after hf-auth; 0 when not known. */
int cli_word_position(const char *word);
bool cli_word_is_plain(const char *word, size_t len);
/* "Did you mean 'x'?" (or 'x' or 'y', up to three) naming the `names`
 * closest to the first `len` bytes of `typed`, each after `dashes`; ""
 * when none is close or `typed` is not plain. */
void cli_did_you_mean(const char *typed, size_t len, const char *const *names,
                      size_t count, const char *dashes, char *out, size_t size);
/* hf-auth WORD where WORD is no command (`names` are the commands). */
int cli_unknown_command(const char *word, const char *const *names,
                        size_t count);
/* A word left over after a command's options; `advice` ("" or "; ...")
 * ends the error line. */
int cli_unexpected_argument(const char *command, const char *word,
                            const char *advice);
/* "--format takes table or json, not 'x'" */
int cli_bad_value(const char *command, const char *option, const char *takes,
                  const char *value);
/* getopt_long returned '?' or ':' while parsing `options`. */
int cli_bad_option(const char *command, int option, char **argv,
                   const struct option *options);

/* A context from the environment, or an error shown and NULL. */
hfa_ctx *cli_context(int *exit_code);

/* Refreshes an expiring OAuth token before a command uses it, saying
 * what happened; the old token stays usable when it fails. */
void cli_refresh(hfa_ctx *ctx);

/* True when HF_TOKEN / HUGGING_FACE_HUB_TOKEN holds a token and the
 * active token file does not hold the same one. */
bool cli_env_overrides_file(hfa_ctx *ctx);
/* The warning when it does (the PAM module and the shell hooks set
 * HF_TOKEN to the file's token: that is no news). */
void cli_warn_env_override(hfa_ctx *ctx, const char *what);
/* The note when the token's folder can be entered by other users. */
void cli_note_shared_folder(const hfa_ctx *ctx);
void cli_report_git(const hfa_git_result *git);

/* ---- shell/browser.c: the browser login's address on a desktop ----- */
/* The path of xdg-open when this session has a display and `url` is a
 * plain http(s) address to hand it; else NULL.  free() it. */
char *cli_browser_opener(const char *url);
/* Runs `opener url` (no shell, its own session, stdio on /dev/null, no
 * HF_TOKEN) and gives it a few seconds: 0 when it succeeded or still runs
 * (then *running is its pid, for cli_reap_browser), its failing exit
 * status, or -1 when it could not be started. */
int cli_open_in_browser(const char *opener, const char *url, pid_t *running);
void cli_reap_browser(pid_t running);

/* shell/export.c: the one place that turns a token into shell code. */
int cli_shell_from_name(const char *name); /* -1 when unknown */
int cli_print_export(FILE *out, int shell, const char *name, const char *value);

int cmd_login(int argc, char **argv);
int cmd_logout(int argc, char **argv);
int cmd_switch(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_whoami(int argc, char **argv);
int cmd_status(int argc, char **argv);

#endif
