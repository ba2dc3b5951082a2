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
int cli_bad_option(const char *command, int option, char **argv);

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
