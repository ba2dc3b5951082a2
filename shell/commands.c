/*
 * commands.c - the subcommands of hf-auth that manage the store and ask the
 * Hub: login, logout, switch, list, token, whoami, status.  Each parses its
 * options, calls the library, and formats: messages to stderr, data to
 * stdout, exit codes from cli_exit_code().
 */
#include "cli.h"
#include "prompt.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FORMAT_TABLE, FORMAT_JSON, FORMAT_NAMES };

static bool parse_format(const char *value, bool names_allowed, int *format)
{
    if (strcmp(value, "table") == 0)
        *format = FORMAT_TABLE;
    else if (strcmp(value, "json") == 0)
        *format = FORMAT_JSON;
    else if (names_allowed && strcmp(value, "names") == 0)
        *format = FORMAT_NAMES;
    else
        return false;
    return true;
}

/* The options of list, whoami and token: --help, and --format when
 * `formats` names what it takes ("table, json or names"; NULL: none).
 * False with *code set when the command should stop. */
static bool parse_simple_options(int argc, char **argv, const char *command,
                                 const char *help, const char *formats,
                                 int *format, int *code)
{
    static const struct option with_format[] = {
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const struct option *options = formats ? with_format : with_format + 1;
    int option;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        if (option == 'f') {
            if (parse_format(optarg, strstr(formats, "names") != NULL,
                             format))
                continue;
            *code = cli_usage_error(command, "--format takes %s, not '%s'",
                                    formats, optarg);
        } else if (option == 'h') {
            *code = cli_print_help(help);
        } else {
            *code = cli_bad_option(command, option, argv);
        }
        return false;
    }
    if (optind < argc) {
        *code = cli_usage_error(command, "unexpected argument '%s'",
                                argv[optind]);
        return false;
    }
    return true;
}

void cli_warn_env_override(const hfa_ctx *ctx, const char *what)
{
    const char *variable = hfa_source_env_name(hfa_env_token_source(ctx));
    if (variable != NULL)
        cli_warn("%s is set in this environment and overrides %s for every "
                 "Hugging Face tool; unset it (or use hf-switch from the "
                 "shell hook) to use the stored token",
                 variable, what);
}

void cli_note_shared_folder(const hfa_ctx *ctx)
{
    char *dir = strdup(hfa_ctx_token_path(ctx));
    char *slash = dir ? strrchr(dir, '/') : NULL;
    struct stat st;
    if (slash != NULL) {
        *slash = '\0';
        if (dir[0] != '\0' && stat(dir, &st) == 0 &&
            (st.st_mode & (S_IXGRP | S_IXOTH)) != 0)
            cli_say("note: other users can enter %s (mode %04o); the token "
                    "file itself is 0600, but to keep tokens out of a "
                    "shared folder set a per-user path, e.g. "
                    "export HF_TOKEN_PATH=\"$HOME/.cache/huggingface/token\"",
                    dir, (unsigned)(st.st_mode & 07777));
    }
    free(dir);
}

void cli_report_git(const hfa_git_result *git)
{
    if (git->outcome == HFA_GIT_DONE)
        cli_say("%s", git->message);
    else if (git->outcome == HFA_GIT_NO_HELPER ||
             git->outcome == HFA_GIT_FAILED)
        cli_warn("%s", git->message);
}

/* ---- logout ------------------------------------------------------------ */

static const char logout_help[] =
    "usage: hf-auth logout [--token-name NAME]\n"
    "\n"
    "Without a name: removes the active token file and stored_tokens.\n"
    "With a name: removes that stored token (and the active token file when\n"
    "it held that token).  The Hub credential is also erased from git when\n"
    "the active token goes.\n"
    "\n"
    "  --token-name NAME  the stored token to remove\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit status: 0 logged out, 1 unknown name, not logged in or store\n"
    "error, 2 bad usage.\n";

int cmd_logout(int argc, char **argv)
{
    static const struct option options[] = {
        {"token-name", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *name = NULL;
    int option, code;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'n': name = optarg; break;
        case 'h': return cli_print_help(logout_help);
        default: return cli_bad_option("logout", option, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("logout", "unexpected argument '%s' (use "
                               "--token-name NAME)", argv[optind]);
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    hfa_error err;
    hfa_git_result git;
    if (hfa_logout(ctx, name, &git, &err) != HFA_OK) {
        code = cli_fail(&err);
    } else {
        if (name == NULL)
            cli_say("Logged out: removed every stored token and the active "
                    "token.");
        else
            cli_say("Logged out of '%s'.", name);
        /* No helper, nothing to erase: that is no news at logout. */
        if (git.outcome != HFA_GIT_NO_HELPER)
            cli_report_git(&git);
        const char *variable =
            hfa_source_env_name(hfa_env_token_source(ctx));
        if (variable != NULL)
            cli_warn("%s is still set in this environment, so Hugging Face "
                     "tools still log in with it; unset it (hf-logout from "
                     "the shell hook does)", variable);
        code = EXIT_OK;
    }
    hfa_ctx_free(ctx);
    return code;
}

/* ---- switch ------------------------------------------------------------ */

static const char switch_help[] =
    "usage: hf-auth switch [--token-name NAME | NAME]\n"
    "                      [--add-to-git-credential] [--export SHELL]\n"
    "\n"
    "Makes a stored token the active one (writes the active token file).\n"
    "With no name on a terminal, a picker lists the stored tokens (Tab\n"
    "completes names; Enter on an empty line cancels).\n"
    "\n"
    "  --token-name NAME        the stored token (or give NAME alone)\n"
    "  --add-to-git-credential  also give it to git's credential helper\n"
    "  --export SHELL           print only the shell code that sets HF_TOKEN\n"
    "                           in the calling shell: bash, zsh, sh or fish\n"
    "                           (used by the hf-switch shell function)\n"
    "  -h, --help               this help\n"
    "\n"
    "Exit status: 0 switched, 1 unknown name or store error, 2 bad usage.\n";

/* The terminal picker: *name is NULL when nothing was chosen, and the
 * return value then says why. */
static int pick_token(hfa_ctx *ctx, char **name)
{
    hfa_token_list list;
    hfa_error err;
    *name = NULL;
    if (hfa_auth_list(ctx, &list, &err) != HFA_OK)
        return cli_fail(&err);
    int code = EXIT_FAILED;
    if (list.count == 0) {
        cli_error("no stored tokens to switch to; log in with `hf-auth "
                  "login`");
    } else {
        prompt_status status = prompt_pick_token(&list, name);
        if (status == PROMPT_EMPTY)
            cli_say("No token chosen; nothing changed.");
        else if (status != PROMPT_OK)
            code = prompt_exit_code(status);
    }
    hfa_token_list_clear(&list);
    return code;
}

int cmd_switch(int argc, char **argv)
{
    static const struct option options[] = {
        {"token-name", required_argument, NULL, 'n'},
        {"add-to-git-credential", no_argument, NULL, 'g'},
        {"export", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *name = NULL;
    bool to_git = false;
    int shell = -1, option, code;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'n': name = optarg; break;
        case 'g': to_git = true; break;
        case 'e':
            shell = cli_shell_from_name(optarg);
            if (shell < 0)
                return cli_usage_error("switch", "--export takes bash, zsh, "
                                       "sh or fish, not '%s'", optarg);
            break;
        case 'h': return cli_print_help(switch_help);
        default: return cli_bad_option("switch", option, argv);
        }
    }
    if (optind < argc && name == NULL)
        name = argv[optind++];
    if (optind < argc)
        return cli_usage_error("switch", "unexpected argument '%s'",
                               argv[optind]);
    if (name == NULL && !prompt_have_terminal())
        return cli_usage_error("switch", "no token name given; "
                               "`hf-auth list` shows the stored ones");
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    hfa_error err;
    hfa_git_result git;
    char *token = NULL, *picked = NULL;
    if (name == NULL) {
        code = pick_token(ctx, &picked);
        if (picked == NULL) {
            hfa_ctx_free(ctx);
            return code;
        }
        name = picked;
    }
    hfa_status status = hfa_auth_switch(ctx, name, to_git, &git, &err);
    /* The value exported is the one now in the token file. */
    if (status == HFA_OK && shell >= 0)
        status = hfa_read_token_file(ctx, &token, &err);
    if (status != HFA_OK) {
        code = cli_fail(&err);
    } else {
        code = EXIT_OK;
        if (shell >= 0 && (token == NULL ||
                           cli_print_export(stdout, shell, "HF_TOKEN",
                                            token) != 0)) {
            /* The token file did change, but the shell will not: saying
             * "Switched" would make the user think HF_TOKEN followed. */
            cli_error("could not write the shell code; the active token "
                      "file now holds '%s', but HF_TOKEN in this shell is "
                      "unchanged", name);
            code = EXIT_FAILED;
        } else {
            cli_say("Switched to '%s'.", name);
        }
        if (code == EXIT_OK)
            cli_report_git(&git);
        if (code == EXIT_OK && shell < 0)
            cli_warn_env_override(ctx, "the active token file");
    }
    hfa_secret_free(token);
    free(picked);
    hfa_ctx_free(ctx);
    return code;
}

/* ---- list -------------------------------------------------------------- */

static const char list_help[] =
    "usage: hf-auth list [--format table|json|names]   (alias: ls)\n"
    "\n"
    "Lists the stored tokens: '*' marks the active one; tokens are masked.\n"
    "An expires column appears when any token has an expiry.\n"
    "\n"
    "  --format table  the default, for people\n"
    "  --format json   an array of {name, token, active, expires_at}\n"
    "  --format names  the names alone, one per line (for completion)\n"
    "  -h, --help      this help\n";

static void format_date(int64_t when, char *out, size_t size)
{
    time_t seconds = (time_t)when;
    struct tm parts;
    if (gmtime_r(&seconds, &parts) == NULL ||
        strftime(out, size, "%Y-%m-%d", &parts) == 0)
        snprintf(out, size, "?");
    if (when < (int64_t)time(NULL))
        strncat(out, " (expired)", size - strlen(out) - 1);
}

/* Display width of UTF-8 text: one column per code point. */
static size_t text_width(const char *text)
{
    size_t width = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        width += (*c & 0xc0) != 0x80;
    return width;
}

static void print_padded(const char *text, size_t width)
{
    cli_put_text(text, stdout);
    for (size_t used = text_width(text); used < width; used++)
        fputc(' ', stdout);
}

static void list_table(const hfa_token_list *list)
{
    size_t name_width = 4, token_width = 5;
    bool any_expiry = false;
    for (size_t i = 0; i < list->count; i++) {
        size_t width = text_width(list->entries[i].name);
        name_width = width > name_width ? width : name_width;
        width = strlen(list->entries[i].masked);
        token_width = width > token_width ? width : token_width;
        any_expiry |= list->entries[i].has_expiry;
    }
    fputs("  ", stdout);
    print_padded("NAME", name_width + 2);
    if (any_expiry) {
        print_padded("TOKEN", token_width + 2);
        fputs("EXPIRES\n", stdout);
    } else {
        fputs("TOKEN\n", stdout);
    }
    for (size_t i = 0; i < list->count; i++) {
        const hfa_token_entry *entry = &list->entries[i];
        fputs(entry->active ? "* " : "  ", stdout);
        print_padded(entry->name, name_width + 2);
        if (any_expiry && entry->has_expiry) {
            char date[40];
            format_date(entry->expires_at, date, sizeof(date));
            print_padded(entry->masked, token_width + 2);
            fputs(date, stdout);
        } else {
            fputs(entry->masked, stdout);
        }
        fputc('\n', stdout);
    }
}

static int print_json(cJSON *root)
{
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (text == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    puts(text);
    free(text);
    return EXIT_OK;
}

static int list_json(const hfa_token_list *list)
{
    cJSON *root = cJSON_CreateArray();
    for (size_t i = 0; root != NULL && i < list->count; i++) {
        const hfa_token_entry *entry = &list->entries[i];
        cJSON *item = cJSON_CreateObject();
        if (item == NULL) {
            cJSON_Delete(root);
            return print_json(NULL);
        }
        cJSON_AddItemToArray(root, item);
        cJSON_AddStringToObject(item, "name", entry->name);
        cJSON_AddStringToObject(item, "token", entry->masked);
        cJSON_AddBoolToObject(item, "active", entry->active);
        if (entry->has_expiry)
            cJSON_AddNumberToObject(item, "expires_at",
                                    (double)entry->expires_at);
        else
            cJSON_AddNullToObject(item, "expires_at");
    }
    return print_json(root);
}

/* Why no entry is marked: the token file may hold something that is not
 * a token, which is said (never shown). */
static void note_no_active(const hfa_ctx *ctx)
{
    char *token = NULL;
    hfa_error err;
    if (hfa_read_token_file(ctx, &token, &err) == HFA_ERR_INVALID)
        cli_warn("%s", err.message);
    else
        cli_say("\nNote: no stored token is active. Use `hf-auth switch "
                "NAME` to pick one.");
    hfa_secret_free(token);
}

int cmd_list(int argc, char **argv)
{
    int format = FORMAT_TABLE, code;
    if (!parse_simple_options(argc, argv, "list", list_help,
                              "table, json or names", &format, &code))
        return code;
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    hfa_token_list list;
    hfa_error err;
    if (hfa_auth_list(ctx, &list, &err) != HFA_OK) {
        code = cli_fail(&err);
        hfa_ctx_free(ctx);
        return code;
    }
    code = EXIT_OK;
    if (format == FORMAT_JSON) {
        code = list_json(&list);
    } else if (format == FORMAT_NAMES) {
        for (size_t i = 0; i < list.count; i++)
            puts(list.entries[i].name);
    } else if (list.count == 0) {
        cli_say("No stored tokens. Log in with `hf-auth login`.");
    } else {
        list_table(&list);
        const char *variable = hfa_source_env_name(hfa_env_token_source(ctx));
        if (variable != NULL)
            cli_say("\nNote: %s is set and is the token in use, whatever "
                    "the stored tokens above say.", variable);
        else if (!list.active_found)
            note_no_active(ctx);
    }
    hfa_token_list_clear(&list);
    hfa_ctx_free(ctx);
    return code;
}

/* ---- token ------------------------------------------------------------- */

static const char token_help[] =
    "usage: hf-auth token\n"
    "\n"
    "Prints the current token on standard output: HF_TOKEN, else\n"
    "HUGGING_FACE_HUB_TOKEN, else the active token file.\n"
    "Exit status: 0 printed, 1 not logged in.\n";


int cmd_token(int argc, char **argv)
{
    int code;
    if (!parse_simple_options(argc, argv, "token", token_help, NULL, NULL,
                              &code))
        return code;
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    char *token = NULL;
    hfa_error err;
    cli_refresh(ctx);
    if (hfa_get_token(ctx, &token, NULL, &err) != HFA_OK) {
        code = cli_fail(&err);
        if (err.code == HFA_ERR_NOT_LOGGED_IN)
            cli_say("Log in with `hf-auth login`.");
    } else {
        fputs(token, stdout);
        fputc('\n', stdout);
        code = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
    }
    hfa_secret_free(token);
    hfa_ctx_free(ctx);
    return code;
}

/* ---- whoami ------------------------------------------------------------ */

static const char whoami_help[] =
    "usage: hf-auth whoami [--format table|json]\n"
    "\n"
    "Asks the Hub who the current token belongs to: user, organizations,\n"
    "the token's name and role, and the endpoint when it is not the\n"
    "default.\n"
    "Exit status: 0 done, 1 not logged in, 3 the Hub rejected the token,\n"
    "4 the Hub could not be reached or did not answer in time.\n";

static int whoami_json(const hfa_ctx *ctx, const hfa_whoami_info *who)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *orgs = root ? cJSON_AddArrayToObject(root, "orgs") : NULL;
    if (orgs == NULL) {
        cJSON_Delete(root);
        return print_json(NULL);
    }
    cJSON_AddStringToObject(root, "user", who->user);
    for (size_t i = 0; i < who->org_count; i++)
        cJSON_AddItemToArray(orgs, cJSON_CreateString(who->orgs[i]));
    if (who->token_name)
        cJSON_AddStringToObject(root, "token_name", who->token_name);
    else
        cJSON_AddNullToObject(root, "token_name");
    if (who->token_role)
        cJSON_AddStringToObject(root, "role", who->token_role);
    else
        cJSON_AddNullToObject(root, "role");
    cJSON_AddStringToObject(root, "endpoint", hfa_ctx_endpoint(ctx));
    return print_json(root);
}

int cmd_whoami(int argc, char **argv)
{
    int format = FORMAT_TABLE, code;
    if (!parse_simple_options(argc, argv, "whoami", whoami_help,
                              "table or json", &format, &code))
        return code;
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    hfa_whoami_info who;
    hfa_error err;
    cli_refresh(ctx);
    if (hfa_whoami(ctx, &who, &err) != HFA_OK) {
        code = cli_fail(&err);
        if (err.code == HFA_ERR_REJECTED)
            cli_say("Log in again with `hf-auth login`.");
    } else if (format == FORMAT_JSON) {
        code = whoami_json(ctx, &who);
        hfa_whoami_info_clear(&who);
    } else {
        /* Every string here is the Hub's: shown, never obeyed. */
        fputs("user: ", stdout);
        cli_put_text(who.user, stdout);
        fputs("\norgs:", stdout);
        for (size_t i = 0; i < who.org_count; i++) {
            fputs(i ? ", " : " ", stdout);
            cli_put_text(who.orgs[i], stdout);
        }
        fputc('\n', stdout);
        if (who.token_name != NULL || who.token_role != NULL) {
            fputs("token: ", stdout);
            cli_put_text(who.token_name ? who.token_name : "(unnamed)",
                         stdout);
            fputs(" (", stdout);
            cli_put_text(who.token_role ? who.token_role : "unknown role",
                         stdout);
            fputs(")\n", stdout);
        }
        if (!hfa_ctx_endpoint_is_default(ctx))
            printf("endpoint: %s\n", hfa_ctx_endpoint(ctx));
        hfa_whoami_info_clear(&who);
        code = EXIT_OK;
    }
    hfa_ctx_free(ctx);
    return code;
}
