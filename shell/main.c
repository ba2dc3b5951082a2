/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - the hf-auth command: process hardening, subcommand dispatch,
 * and the exit-code and usage-error conventions every subcommand uses
 * (messages themselves: output.c).
 */
#include "cli.h"
#include "init.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>

static const char usage_text[] =
    "usage: hf-auth <command> [options]\n"
    "\n"
    "Hugging Face Hub access tokens, in the files huggingface_hub uses.\n"
    "\n"
    "commands:\n"
    "  login     validate a token with the Hub, save it and make it active\n"
    "  logout    remove one stored token, or all of them\n"
    "  switch    make another stored token the active one\n"
    "  list, ls  list stored tokens (masked)\n"
    "  token     print the current token\n"
    "  whoami    show who the current token logs in as\n"
    "  status    where the token comes from, paths, modes, git helper\n"
    "  init      print the shell hook for bash, zsh or fish\n"
    "  completion  print the completion for bash, zsh or fish (no hook)\n"
    "\n"
    "Run `hf-auth <command> --help` for a command's options.\n"
    "Exit status: 0 done, 1 failed, 2 bad usage, 3 token rejected by the\n"
    "Hub, 4 Hub unreachable or no answer in time.\n";

int cli_exit_code(hfa_status status)
{
    if (status == HFA_OK)
        return EXIT_OK;
    if (status == HFA_ERR_REJECTED)
        return EXIT_REJECTED;
    if (hfa_status_is_network(status))
        return EXIT_UNREACHABLE;
    return EXIT_FAILED;
}

int cli_fail(const hfa_error *err)
{
    cli_error("%s", err->message);
    return cli_exit_code(err->code);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    cli_vsay("error: ", fmt, args); /* it may quote any argument */
    va_end(args);
    fprintf(stderr, "Run `hf-auth %s --help` for usage.\n", command);
    return EXIT_USAGE;
}

int cli_print_help(const char *text)
{
    fputs(text, stdout);
    return EXIT_OK;
}

void cli_reset_getopt(void)
{
    optind = 0; /* 0, not 1: also resets getopt's internal state */
    opterr = 0; /* errors are reported by cli_bad_option() */
}

hfa_ctx *cli_context(int *exit_code)
{
    hfa_ctx *ctx = NULL;
    hfa_error err;
    if (hfa_ctx_new_from_env(&ctx, &err) != HFA_OK)
        *exit_code = cli_fail(&err);
    return ctx;
}

void cli_refresh(hfa_ctx *ctx)
{
    hfa_refresh_outcome outcome;
    hfa_error err;
    /* Shown here, so the library must not try a second time. */
    hfa_ctx_set_auto_refresh(ctx, false);
    if (hfa_refresh_if_expiring(ctx, &outcome, &err) != HFA_OK)
        cli_warn("%s", err.message);
    else if (outcome == HFA_REFRESH_DONE)
        cli_say("Refreshed the OAuth token: it was about to expire.");
}

static const struct {
    const char *name;
    cli_command_fn run;
} commands[] = {
    {"completion", hfa_cmd_completion},
    {"init", cmd_init},
    {"list", cmd_list},
    {"login", cmd_login},
    {"logout", cmd_logout},
    {"ls", cmd_list},
    {"status", cmd_status},
    {"switch", cmd_switch},
    {"token", cmd_token},
    {"whoami", cmd_whoami},
};

/* A token may sit in this process's memory: keep it out of core files
 * and away from ptrace by other processes of the same user. */
static void harden_process(void)
{
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
#if !defined(__SANITIZE_ADDRESS__) && !defined(HFA_SANITIZE)
    /* Not in the sanitizer build: LeakSanitizer ptrace()s its own process
     * at exit, which a non-dumpable process forbids to non-root users. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

/* The names of the commands, for suggestions. */
static int unknown_command(const char *word)
{
    const char *names[sizeof(commands) / sizeof(commands[0])];
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        names[i] = commands[i].name;
    return cli_unknown_command(word, names,
                               sizeof(commands) / sizeof(commands[0]));
}

int main(int argc, char **argv)
{
    harden_process();
    cli_remember_words(argc, argv);
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
        strcmp(name, "help") == 0) {
        if (strcmp(name, "help") == 0 && argc > 2) {
            /* `hf-auth help login` is `hf-auth login --help`. */
            char *help_argv[] = {argv[2], "--help", NULL};
            for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
                if (strcmp(commands[i].name, argv[2]) == 0)
                    return commands[i].run(2, help_argv);
            return unknown_command(argv[2]);
        }
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("hf-auth %s\n", HFA_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    }
    return unknown_command(name);
}
