/* SPDX-License-Identifier: Apache-2.0 */
/*
 * prompt.c - readline prompts on the controlling terminal.
 *
 * readline runs through its callback interface with its own signal handling
 * off: this file catches SIGINT, SIGTERM, SIGHUP and SIGTSTP itself, so that
 * each one first gives the terminal its modes back (Ctrl-Z included: the
 * shell gets a sane terminal while we are stopped) and a prompt can always
 * be left.  Hidden input swaps readline's redisplay for one that draws
 * nothing, so a pasted token never reaches the screen, and no line is ever
 * added to readline's history.
 */
#include "prompt.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/readline.h>

/* Signals and readline's line handler can only reach this state through
 * globals; the command is single-threaded. */
static volatile sig_atomic_t caught_signal;
static char *accepted_line;
static bool line_done;

static const char *const menu_choices[] = {
    "1) Log in with your browser",
    "2) Paste an access token",
};
static int menu_index;
static const hfa_token_list *picker_list;

bool prompt_have_terminal(void)
{
    return isatty(STDIN_FILENO) == 1;
}

int prompt_exit_code(prompt_status status)
{
    return status == PROMPT_INTERRUPTED ? 130 : 1;
}

static void on_signal(int signo)
{
    caught_signal = signo;
}

typedef struct {
    struct sigaction old[4];
} saved_signals;

static const int watched[] = {SIGINT, SIGTERM, SIGHUP, SIGTSTP};

static void catch_signals(saved_signals *saved)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: poll() must return EINTR so the loop sees it. */
    caught_signal = 0;
    for (size_t i = 0; i < 4; i++)
        sigaction(watched[i], &action, &saved->old[i]);
}

static void restore_signals(const saved_signals *saved)
{
    for (size_t i = 0; i < 4; i++)
        sigaction(watched[i], &saved->old[i], NULL);
}

static void on_line(char *line)
{
    accepted_line = line;
    line_done = true;
    /* Removing the handler here keeps readline from drawing a new prompt. */
    rl_callback_handler_remove();
}

static void draw_nothing(void)
{
}

static void wipe_line_buffer(void)
{
    if (rl_line_buffer != NULL)
        explicit_bzero(rl_line_buffer, (size_t)rl_end);
    rl_end = rl_point = 0;
}

/* Stops at Ctrl-Z with the terminal as the shell expects it, and takes
 * the prompt back up after `fg` (a hidden prompt is drawn again by hand:
 * readline draws nothing for it). */
static void suspend_self(const sigset_t *unblocked, FILE *tty,
                         const char *hidden_prompt)
{
    sigset_t blocked;
    rl_cleanup_after_signal();
    (void)signal(SIGTSTP, SIG_DFL);
    sigprocmask(SIG_SETMASK, unblocked, &blocked);
    (void)raise(SIGTSTP);
    /* raise() returns here after `fg`.  cppcheck-suppress unreachableCode */
    sigprocmask(SIG_SETMASK, &blocked, NULL);
    (void)signal(SIGTSTP, on_signal);
    rl_reset_after_signal();
    if (hidden_prompt != NULL) {
        fputs(hidden_prompt, tty);
        fflush(tty);
    }
    rl_forced_update_display();
}

/* One line from the terminal; NULL *line with PROMPT_EOF on Ctrl-D. */
static prompt_status read_line(const char *prompt, bool hidden, char **line)
{
    *line = NULL;
    int tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (tty_fd < 0)
        return PROMPT_NO_TERMINAL;
    FILE *tty = fdopen(tty_fd, "r+");
    if (tty == NULL) {
        close(tty_fd);
        return PROMPT_NO_TERMINAL;
    }
    /* The watched signals stay blocked except inside ppoll(), so one that
     * arrives between two checks waits there instead of being missed. */
    sigset_t watched_set, unblocked;
    sigemptyset(&watched_set);
    for (size_t i = 0; i < 4; i++)
        sigaddset(&watched_set, watched[i]);
    sigprocmask(SIG_BLOCK, &watched_set, &unblocked);
    saved_signals saved;
    catch_signals(&saved);
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_instream = tty;
    rl_outstream = tty;
    rl_voidfunc_t *old_redisplay = rl_redisplay_function;
    const char *hidden_prompt = hidden ? prompt : NULL;
    if (hidden) {
        rl_redisplay_function = draw_nothing;
        prompt = "";
    }
    accepted_line = NULL;
    line_done = false;
    rl_callback_handler_install(prompt, on_line);
    if (hidden) {
        /* Only now: installing the handler turned the terminal's echo
         * off, so nothing typed after this prompt can show. */
        fputs(hidden_prompt, tty);
        fflush(tty);
    }

    prompt_status status = PROMPT_OK;
    while (!line_done) {
        int signo = caught_signal;
        caught_signal = 0;
        if (signo == SIGTSTP) {
            suspend_self(&unblocked, tty, hidden_prompt);
            continue;
        }
        if (signo != 0) {
            status = PROMPT_INTERRUPTED;
            break;
        }
        struct pollfd pfd = {.fd = tty_fd, .events = POLLIN};
        int ready = ppoll(&pfd, 1, NULL, &unblocked);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0 || (pfd.revents & (POLLERR | POLLNVAL))) {
            status = PROMPT_EOF;
            break;
        }
        rl_callback_read_char();
    }
    if (!line_done) {
        if (hidden)
            wipe_line_buffer();
        rl_callback_sigcleanup();
        rl_callback_handler_remove(); /* gives the terminal back */
        fputc('\n', tty);
    } else if (accepted_line == NULL) {
        status = PROMPT_EOF;
        fputc('\n', tty);
    } else if (hidden) {
        wipe_line_buffer();
        fputc('\n', tty); /* readline drew nothing, not even the Enter */
    }
    rl_redisplay_function = old_redisplay;
    fflush(tty);
    (void)fclose(tty);
    restore_signals(&saved);
    sigprocmask(SIG_SETMASK, &unblocked, NULL);
    *line = accepted_line;
    accepted_line = NULL;
    return status;
}

/* Surrounding blanks go; a blank answer is PROMPT_EMPTY. */
static prompt_status trimmed(prompt_status status, char *line, char **out)
{
    *out = NULL;
    if (status != PROMPT_OK) {
        hfa_secret_free(line);
        return status;
    }
    char *start = line;
    while (*start == ' ' || *start == '\t')
        start++;
    char *end = start + strlen(start);
    while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
                           end[-1] == '\r' || end[-1] == '\n'))
        end--;
    if (end == start) {
        hfa_secret_free(line);
        return PROMPT_EMPTY;
    }
    *out = strndup(start, (size_t)(end - start));
    hfa_secret_free(line);
    return *out != NULL ? PROMPT_OK : PROMPT_EOF;
}

prompt_status prompt_secret(const char *prompt, char **secret)
{
    char *line;
    prompt_status status = read_line(prompt, true, &line);
    return trimmed(status, line, secret);
}

prompt_status prompt_enter(const char *prompt)
{
    char *line;
    prompt_status status = read_line(prompt, false, &line);
    free(line);
    return status;
}

prompt_status prompt_yes_no(const char *question, bool default_yes, bool *yes)
{
    char *prompt = NULL, *line, *answer;
    if (asprintf(&prompt, "%s [%s] ", question, default_yes ? "Y/n" : "y/N") <
        0)
        return PROMPT_EOF;
    for (;;) {
        prompt_status status = read_line(prompt, false, &line);
        status = trimmed(status, line, &answer);
        if (status == PROMPT_EMPTY) {
            *yes = default_yes;
            status = PROMPT_OK;
        } else if (status == PROMPT_OK && strchr("yYnN", answer[0]) &&
                   (answer[1] == '\0' || strcasecmp(answer, "yes") == 0 ||
                    strcasecmp(answer, "no") == 0)) {
            *yes = answer[0] == 'y' || answer[0] == 'Y';
        } else if (status == PROMPT_OK) {
            free(answer);
            continue; /* neither yes nor no: ask again */
        }
        free(answer);
        free(prompt);
        return status;
    }
}

/* Up and Down arrows cycle through the menu's choices. */
static int menu_step(int direction)
{
    int count = (int)(sizeof(menu_choices) / sizeof(menu_choices[0]));
    menu_index = (menu_index + direction + count) % count;
    rl_replace_line(menu_choices[menu_index], 0);
    rl_point = rl_end;
    return 0;
}

static int menu_up(int count, int key)
{
    (void)count;
    (void)key;
    return menu_step(-1);
}

static int menu_down(int count, int key)
{
    (void)count;
    (void)key;
    return menu_step(1);
}

/* The arrow keys' bindings while the menu is up, and what they were: they
 * live in readline's shared keymaps, so they are put back afterwards, and
 * the hidden token prompt never sees them. */
static const char *const arrow_keys[] = {"\033[A", "\033OA", "\033[B",
                                         "\033OB"};

static void bind_menu_arrows(rl_command_func_t **saved)
{
    for (size_t i = 0; i < 4; i++) {
        saved[i] = rl_function_of_keyseq(arrow_keys[i], rl_get_keymap(), NULL);
        rl_bind_keyseq(arrow_keys[i], i < 2 ? menu_up : menu_down);
    }
}

static void restore_arrows(rl_command_func_t *const *saved)
{
    for (size_t i = 0; i < 4; i++)
        rl_bind_keyseq(arrow_keys[i], saved[i]);
}

prompt_status prompt_login_method(bool *browser)
{
    rl_command_func_t *saved_arrows[4];
    /* Readline binds the arrow keys when it first initialises; do that
     * now, so that ours are not overwritten by it. */
    rl_initialize();
    bind_menu_arrows(saved_arrows);
    menu_index = 0;
    FILE *out = stderr;
    fputs("How do you want to log in?\n", out);
    for (size_t i = 0; i < 2; i++)
        fprintf(out, "  %s%s\n", menu_choices[i], i == 0 ? " (default)" : "");
    fputs("Type 1 or 2, or pick one with the arrow keys; Enter alone takes "
          "1.\n",
          out);
    prompt_status status;
    for (;;) {
        char *line, *answer;
        status = read_line("> ", false, &line);
        status = trimmed(status, line, &answer);
        if (status == PROMPT_EMPTY) {
            *browser = true;
            status = PROMPT_OK;
            break;
        }
        if (status != PROMPT_OK)
            break;
        char choice = answer[0];
        free(answer);
        if (choice == '1' || choice == '2') {
            *browser = choice == '1';
            break;
        }
        fputs("Please type 1 or 2.\n", out);
    }
    restore_arrows(saved_arrows);
    return status;
}

/* True when the filter leaves `name` as it is: nothing in it a terminal
 * would obey. */
static bool shows_as_is(const char *name)
{
    char *safe = hfa_safe_text_dup(name);
    bool same = safe != NULL && strcmp(safe, name) == 0;
    free(safe);
    return same;
}

/* Readline draws a completion as it is: a name it would not show safely
 * is never offered (its number still picks it). */
static char *complete_name(const char *text, int state)
{
    static size_t next;
    if (state == 0)
        next = 0;
    size_t len = strlen(text);
    while (picker_list != NULL && next < picker_list->count) {
        const char *name = picker_list->entries[next++].name;
        if (strncmp(name, text, len) == 0 && shows_as_is(name))
            return strdup(name);
    }
    return NULL;
}

prompt_status prompt_pick_token(const hfa_token_list *list, char **name)
{
    *name = NULL;
    fputs("Stored tokens ('*' is the active one):\n", stderr);
    /* The names are stored_tokens': shown through the filter. */
    for (size_t i = 0; i < list->count; i++) {
        fprintf(stderr, "%c %zu) ", list->entries[i].in_use ? '*' : ' ', i + 1);
        cli_put_text(list->entries[i].name, stderr);
        fputc('\n', stderr);
    }
    fputs("Token name or number (Tab completes; Enter on an empty line "
          "cancels):\n",
          stderr);
    picker_list = list;
    /* A name may hold blanks: the whole line is the word to complete. */
    const char *old_breaks = rl_completer_word_break_characters;
    rl_completer_word_break_characters = "";
    rl_completion_entry_function = complete_name;
    rl_completion_append_character = '\0';
    prompt_status status;
    for (;;) {
        char *line, *answer;
        status = read_line("> ", false, &line);
        status = trimmed(status, line, &answer);
        if (status != PROMPT_OK)
            break;
        char *end;
        long number = strtol(answer, &end, 10);
        for (size_t i = 0; i < list->count && *name == NULL; i++) {
            if (strcmp(list->entries[i].name, answer) == 0 ||
                (*end == '\0' && number == (long)i + 1))
                *name = strdup(list->entries[i].name);
        }
        if (*name != NULL) {
            free(answer);
            break;
        }
        cli_say("No stored token '%s'; type a name or a number from the "
                "list.",
                answer);
        free(answer);
    }
    rl_completion_entry_function = NULL;
    rl_completer_word_break_characters = old_breaks;
    picker_list = NULL;
    return status;
}

void prompt_watch_interrupts(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    caught_signal = 0;
}

void prompt_unwatch_interrupts(void)
{
    (void)signal(SIGINT, SIG_DFL);
    (void)signal(SIGTERM, SIG_DFL);
}

bool prompt_interrupted(void)
{
    return caught_signal != 0;
}
