/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - what the hf-auth command's files share: the subcommand signature,
 * message helpers (stderr; data goes to stdout) and the mapping from library
 * status to the exit codes of SPEC section 3.
 */
#ifndef HFAUTH_CLI_H
#define HFAUTH_CLI_H

#include "hfauth.h"

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

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Shows the library's message and returns the exit code for it. */
int cli_fail(const hfa_error *err);
int cli_exit_code(hfa_status status);
/* "error: ..." plus a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Text from the Hub or from a file, printed with every control character
 * (C0, DEL, C1) shown as '?': no escape sequence reaches the terminal. */
void cli_put_text(const char *text, FILE *out);

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
void cli_did_you_mean(const char *typed, size_t len,
                      const char *const *names, size_t count,
                      const char *dashes, char *out, size_t size);
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

/* The warning when HF_TOKEN / HUGGING_FACE_HUB_TOKEN overrides the file. */
void cli_warn_env_override(const hfa_ctx *ctx, const char *what);
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
int cli_shell_from_name(const char *name);   /* -1 when unknown */
int cli_print_export(FILE *out, int shell, const char *name,
                     const char *value);

int cmd_login(int argc, char **argv);
int cmd_logout(int argc, char **argv);
int cmd_switch(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_whoami(int argc, char **argv);
int cmd_status(int argc, char **argv);

#endif
