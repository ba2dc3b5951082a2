/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prompt.h - the readline prompts of hf-auth, all drawn on the controlling
 * terminal (/dev/tty) so that standard output stays clean for data and
 * shell code.  Every prompt restores the terminal's modes on every exit
 * path, and can be left with Ctrl-C (PROMPT_INTERRUPTED, exit 130) or
 * Ctrl-D (PROMPT_EOF, exit 1).
 */
#ifndef HFAUTH_PROMPT_H
#define HFAUTH_PROMPT_H

#include "hfauth.h"

#include <stdbool.h>

typedef enum {
    PROMPT_OK = 0,
    PROMPT_EMPTY,       /* Enter on an empty line */
    PROMPT_INTERRUPTED, /* Ctrl-C, SIGTERM or SIGHUP */
    PROMPT_EOF,         /* Ctrl-D */
    PROMPT_NO_TERMINAL,
} prompt_status;

/* True when standard input is a terminal we can prompt on. */
bool prompt_have_terminal(void);

/* The exit code for a prompt that did not give an answer. */
int prompt_exit_code(prompt_status status);

/* The login menu; *browser is true for "log in with your browser". */
prompt_status prompt_login_method(bool *browser);

/* Hidden input: nothing echoed, not even stars; never in history.  The
 * answer, stripped of surrounding blanks, goes in *secret (wipe it with
 * hfa_secret_free). */
prompt_status prompt_secret(const char *prompt, char **secret);

/* Waits for Enter (whatever was typed before it). */
prompt_status prompt_enter(const char *prompt);

/* A y/N question; Enter takes `default_yes`. */
prompt_status prompt_yes_no(const char *question, bool default_yes, bool *yes);

/* Picks a stored token by name or number, with Tab completion of names;
 * Enter on an empty line is PROMPT_EMPTY. */
prompt_status prompt_pick_token(const hfa_token_list *list, char **name);

/* A flag set by SIGINT while a long wait (the browser login) runs;
 * prompt_watch_interrupts() installs the handler, prompt_unwatch removes. */
void prompt_watch_interrupts(void);
void prompt_unwatch_interrupts(void);
bool prompt_interrupted(void);

#endif
