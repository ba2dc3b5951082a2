/* SPDX-License-Identifier: Apache-2.0 */
/*
 * login.c - `hf-auth login`: a token given with --token or --token-stdin;
 * on a terminal without one, the readline menu (browser or pasted token);
 * without a terminal, the browser (device-code) login.
 */
#include "cli.h"
#include "prompt.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TOKEN_INPUT_MAX (64 * 1024)

static const char login_help[] =
    "usage: hf-auth login [--token TOKEN | --token-stdin]\n"
    "                     [--[no-]add-to-git-credential] [--[no-]force]\n"
    "\n"
    "Checks a token with the Hub (whoami-v2), saves it in stored_tokens\n"
    "under its name on the Hub, and makes it the active token.\n"
    "\n"
    "  --token TOKEN            the token; visible to other users in `ps`,\n"
    "                           so prefer --token-stdin\n"
    "  --token-stdin            read the token from standard input (one\n"
    "                           line)\n"
    "  --add-to-git-credential  also give it to git's credential helper\n"
    "  --no-add-to-git-credential  do not (the default)\n"
    "  --force                  without --token, log in even when a token\n"
    "                           is already active\n"
    "  --no-force               do not (the default)\n"
    "  -h, --help               this help\n"
    "\n"
    "With no token on a terminal: a menu to log in with your browser (the\n"
    "default) or to paste a token (hidden, never echoed).  With no token\n"
    "and no terminal: the browser login, whose address and code are printed.\n"
    "On a desktop (DISPLAY or WAYLAND_DISPLAY, and xdg-open), Enter opens\n"
    "the address in your browser.\n"
    "Either way, when a token is already in use and no --force is given,\n"
    "it says so and exits 0, as `hf auth login` does.\n"
    "Organization tokens (api_org_...) are refused: use a personal token.\n"
    "\n"
    "Exit status: 0 logged in, 1 failed, 2 bad usage, 3 the Hub rejected\n"
    "the token, 4 the Hub could not be reached, 130 interrupted.\n";

/* True when s[0..len) holds something other than blanks. */
static bool has_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return true;
    return false;
}

/* Reads the token from stdin into memory the caller wipes.  *lines gets
 * how many lines (ended by \n or \r) hold more than blanks: a caller must
 * refuse two, which cleaning as huggingface_hub does would join into one
 * token. */
static char *read_token_stdin(size_t *lines)
{
    size_t cap = TOKEN_INPUT_MAX + 1, len = 0;
    char *buf = malloc(cap);
    *lines = 0;
    while (buf != NULL && len < cap - 1) {
        ssize_t got = read(STDIN_FILENO, buf + len, cap - 1 - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
    }
    if (buf == NULL)
        return NULL;
    buf[len] = '\0';
    for (size_t at = 0, end; at < len; at = end + 1) {
        end = at + strcspn(buf + at, "\r\n");
        if (has_text(buf + at, end - at))
            (*lines)++;
    }
    /* What huggingface_hub does to a token: drop line breaks, strip. */
    char *out = buf;
    for (char *c = buf; *c != '\0'; c++)
        if (*c != '\r' && *c != '\n')
            *out++ = *c;
    *out = '\0';
    char *start = buf, *end;
    while (*start == ' ' || *start == '\t')
        start++;
    end = start + strlen(start);
    while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    char *token = strndup(start, (size_t)(end - start));
    explicit_bzero(buf, cap);
    free(buf);
    return token;
}

static bool git_helper_configured(hfa_ctx *ctx)
{
    char **helpers = NULL;
    size_t count = 0;
    hfa_error err;
    bool configured =
        hfa_git_credential_helpers(ctx, &helpers, &count, &err) == HFA_OK &&
        count > 0;
    hfa_string_list_free(helpers, count);
    return configured;
}

/* On a terminal, when git has a helper and the user did not already say:
 * "save as git credential? [y/N]". */
static int offer_git(hfa_ctx *ctx)
{
    bool yes = false;
    if (!prompt_have_terminal() || !git_helper_configured(ctx))
        return EXIT_OK;
    prompt_status status = prompt_yes_no("Save the token as a git credential "
                                         "for the Hub?",
                                         false, &yes);
    if (status != PROMPT_OK)
        return prompt_exit_code(status);
    if (!yes)
        return EXIT_OK;
    char *token = NULL;
    hfa_error err;
    if (hfa_read_token_file(ctx, &token, &err) == HFA_OK && token != NULL &&
        hfa_git_credential_approve(ctx, token, &err) == HFA_OK)
        cli_say("Token saved in git's credential helper.");
    else
        cli_warn("the token was not given to git: %s", err.message);
    hfa_secret_free(token);
    return EXIT_OK;
}

/* Every string here may be the Hub's (the role, the user, the name it
 * gave the token) or the environment's (the path): cli_say() filters. */
static void report_login(hfa_ctx *ctx, const hfa_login_result *result)
{
    cli_say("Token is valid (permission: %s).",
            result->who.token_role ? result->who.token_role : "unknown");
    cli_say("Token saved as '%s' in %s.", result->token_name,
            hfa_ctx_stored_tokens_path(ctx));
    cli_report_git(&result->git);
    cli_say("Login successful: the active token is now '%s' (user %s).",
            result->token_name, result->who.user);
    cli_warn_env_override(ctx, "the token just saved");
    cli_note_shared_folder(ctx);
}

static int login_with_token(hfa_ctx *ctx, const char *token, bool to_git,
                            bool ask_git)
{
    hfa_login_result result;
    hfa_error err;
    if (hfa_login(ctx, token, to_git ? HFA_LOGIN_ADD_TO_GIT : 0, &result,
                  &err) != HFA_OK) {
        int code = cli_fail(&err);
        cli_say("Nothing was saved.");
        return code;
    }
    report_login(ctx, &result);
    hfa_login_result_clear(&result);
    return ask_git && !to_git ? offer_git(ctx) : EXIT_OK;
}

/* Whole seconds since `start`, rounded down.  Not the difference of the
 * tv_sec fields: that counts a second as soon as the clock's second
 * changes, up to a second early, and gave up on a code before it expired. */
static long seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long seconds = (long)(now.tv_sec - start->tv_sec);
    if (now.tv_nsec < start->tv_nsec)
        seconds--;
    return seconds;
}

/* Waits `seconds`, drawing a spinner with the time left on a terminal;
 * false when interrupted. */
static bool wait_polling(long seconds, const struct timespec *start,
                         long expires_in)
{
    static const char spinner[] = "|/-\\";
    bool draw = isatty(STDERR_FILENO) == 1;
    for (long tick = 0; tick < seconds * 10; tick++) {
        if (prompt_interrupted())
            return false;
        if (draw) {
            long left = expires_in - seconds_since(start);
            fprintf(stderr,
                    "\r%c Waiting for you to approve the login in "
                    "the browser (%ld:%02ld left) ",
                    spinner[tick % 4], left / 60, left % 60);
            fflush(stderr);
        }
        struct timespec tenth = {0, 100 * 1000 * 1000};
        nanosleep(&tenth, NULL);
    }
    return !prompt_interrupted();
}

static void clear_spinner(void)
{
    if (isatty(STDERR_FILENO) == 1)
        fputs("\r\033[K", stderr);
}

/*
 * On a desktop, as gh does: "Press Enter to open <url> in your browser".
 * The address opened is the plain verification URI, never the complete
 * one: the user code in it would sit in the browser's argv, where `ps`
 * shows it to every user, for as long as a browser started by xdg-open
 * runs.  The user types the code, which the terminal shows.  EXIT_OK to
 * go on polling, or the exit code of a cancelled login.
 */
static int offer_browser(const char *opener, const char *url, pid_t *running)
{
    char *prompt = NULL;
    if (asprintf(&prompt, "Press Enter to open %s in your browser... ", url) <
        0)
        return EXIT_OK;
    prompt_status status = prompt_enter(prompt);
    free(prompt);
    if (status != PROMPT_OK) {
        cli_say("Login cancelled; nothing was saved.");
        return prompt_exit_code(status);
    }
    int failed = cli_open_in_browser(opener, url, running);
    if (failed < 0)
        cli_warn("could not start %s; open the address above yourself", opener);
    else if (failed > 0)
        cli_warn("xdg-open could not open a browser (exit status %d); open "
                 "the address above yourself",
                 failed);
    return EXIT_OK;
}

static int login_with_browser(hfa_ctx *ctx, bool to_git, bool ask_git)
{
    hfa_device_code code;
    hfa_error err;
    if (hfa_device_start(ctx, &code, &err) != HFA_OK)
        return cli_fail(&err);
    /* The code's lifetime runs from now, prompt included. */
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *opener = prompt_have_terminal()
                       ? cli_browser_opener(code.verification_uri)
                       : NULL;
    /* The address and the code are the Hub's: one filtered line each.
     * With a browser to open, the plain address (the complete one would
     * put the user code in the browser's argv, which ps shows). */
    bool complete = code.verification_uri_complete != NULL && opener == NULL;
    cli_say("To log in, open this address in a browser:");
    cli_blank();
    cli_say("    %s",
            complete ? code.verification_uri_complete : code.verification_uri);
    cli_blank();
    if (complete)
        cli_say("and check that the page shows the code %s.", code.user_code);
    else
        cli_say("and enter the code %s.", code.user_code);
    pid_t browser = -1;
    int exit_code = opener != NULL
                        ? offer_browser(opener, code.verification_uri, &browser)
                        : EXIT_OK;
    free(opener);
    if (exit_code != EXIT_OK) {
        hfa_device_code_clear(&code);
        return exit_code;
    }
    prompt_watch_interrupts();
    exit_code = EXIT_FAILED;
    bool network_noted = false;
    hfa_login_result result;
    for (;;) {
        if (!wait_polling(code.interval, &start, code.expires_in)) {
            clear_spinner();
            cli_say("Login cancelled; nothing was saved.");
            exit_code = 130;
            break;
        }
        if (seconds_since(&start) >= code.expires_in) {
            clear_spinner();
            cli_error("the login code expired before it was approved; run "
                      "`hf-auth login` again");
            break;
        }
        hfa_device_state state;
        hfa_status status = hfa_device_poll(ctx, &code, &state, &result, &err);
        if (status == HFA_OK && state == HFA_DEVICE_DONE) {
            clear_spinner();
            report_login(ctx, &result);
            if (to_git) {
                char *token = NULL;
                hfa_error git_err;
                if (hfa_read_token_file(ctx, &token, &git_err) == HFA_OK &&
                    token != NULL &&
                    hfa_git_credential_approve(ctx, token, &git_err) == HFA_OK)
                    cli_say("Token saved in git's credential helper.");
                else
                    cli_warn("the token was not given to git: %s",
                             git_err.message);
                hfa_secret_free(token);
            }
            hfa_login_result_clear(&result);
            exit_code = EXIT_OK;
            break;
        }
        if (status == HFA_OK)
            continue; /* pending, or slower from now on */
        if (hfa_status_is_network(status)) {
            /* The Hub may come back before the code expires. */
            if (!network_noted) {
                clear_spinner();
                cli_warn("%s; still trying until the code expires",
                         err.message);
                network_noted = true;
            }
            continue;
        }
        clear_spinner();
        exit_code = cli_fail(&err);
        break;
    }
    prompt_unwatch_interrupts();
    cli_reap_browser(browser);
    hfa_device_code_clear(&code);
    if (exit_code == EXIT_OK && ask_git && !to_git)
        exit_code = offer_git(ctx);
    return exit_code;
}

/* True (and said) when a token is already active: a login without a
 * token stops there, as hf auth login does, unless --force. */
static bool already_logged_in(hfa_ctx *ctx)
{
    char *current = NULL;
    hfa_token_source source;
    if (hfa_get_token(ctx, &current, &source, NULL) != HFA_OK)
        return false;
    hfa_secret_free(current);
    const char *variable = hfa_source_env_name(source);
    if (variable != NULL)
        cli_say("You are already logged in through %s. Use `hf-auth "
                "login --force` to log in anyway.",
                variable);
    else
        cli_say("You are already logged in (%s). Use `hf-auth login "
                "--force` to log in again, or `hf-auth switch`.",
                hfa_ctx_token_path(ctx));
    return true;
}

/* The terminal menu. */
static int login_interactive(hfa_ctx *ctx, bool to_git)
{
    char *token = NULL;
    bool browser = true;
    prompt_status status = prompt_login_method(&browser);
    if (status != PROMPT_OK)
        return prompt_exit_code(status);
    if (browser)
        return login_with_browser(ctx, to_git, true);
    status = prompt_secret("Paste your access token (the input will not be "
                           "shown): ",
                           &token);
    if (status == PROMPT_EMPTY) {
        cli_error("no token entered; nothing was saved");
        return EXIT_FAILED;
    }
    if (status != PROMPT_OK)
        return prompt_exit_code(status);
    int code = login_with_token(ctx, token, to_git, true);
    hfa_secret_free(token);
    return code;
}

int cmd_login(int argc, char **argv)
{
    static const struct option options[] = {
        {"token", required_argument, NULL, 't'},
        {"token-stdin", no_argument, NULL, 's'},
        {"add-to-git-credential", no_argument, NULL, 'g'},
        {"no-add-to-git-credential", no_argument, NULL, 'G'},
        {"force", no_argument, NULL, 'f'},
        {"no-force", no_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    char *token = NULL;
    bool from_stdin = false, to_git = false, force = false;
    int option, code;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 't':
            hfa_secret_free(token);
            token = strdup(optarg);
            /* Shortens the time `ps` can show it. */
            explicit_bzero(optarg, strlen(optarg));
            break;
        case 's': from_stdin = true; break;
        case 'g': to_git = true; break;
        case 'G': to_git = false; break;
        case 'f': force = true; break;
        case 'F': force = false; break;
        case 'h': hfa_secret_free(token); return cli_print_help(login_help);
        default:
            hfa_secret_free(token);
            return cli_bad_option("login", option, argv, options);
        }
    }
    if (optind < argc) {
        /* A word that is not plain is most likely a token given without
         * --token: say where tokens go, without showing it. */
        const char *word = argv[optind];
        hfa_secret_free(token);
        return cli_unexpected_argument(
            "login", word,
            cli_word_is_plain(word, strlen(word))
                ? ""
                : "; give a token on standard input with --token-stdin");
    }
    if (token != NULL && from_stdin) {
        hfa_secret_free(token);
        return cli_usage_error("login", "give either --token or "
                                        "--token-stdin");
    }
    if (from_stdin) {
        size_t lines;
        token = read_token_stdin(&lines);
        if (token == NULL) {
            cli_error("out of memory reading standard input");
            return EXIT_FAILED;
        }
        /* Neither line is shown: either may be a token. */
        if (lines > 1) {
            hfa_secret_free(token);
            return cli_usage_error("login",
                                   "standard input holds %zu "
                                   "lines; give one token on one line "
                                   "(nothing was saved)",
                                   lines);
        }
        if (!token[0]) {
            hfa_secret_free(token);
            cli_error("no token on standard input; nothing was saved");
            return EXIT_USAGE;
        }
    }
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL) {
        hfa_secret_free(token);
        return code;
    }
    if (token != NULL)
        code = login_with_token(ctx, token, to_git, false);
    else if (!force && already_logged_in(ctx))
        code = EXIT_OK;
    else if (prompt_have_terminal())
        code = login_interactive(ctx, to_git);
    else
        code = login_with_browser(ctx, to_git, false);
    hfa_secret_free(token);
    hfa_ctx_free(ctx);
    return code;
}
