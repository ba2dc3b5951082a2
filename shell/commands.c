/* SPDX-License-Identifier: Apache-2.0 */
/*
 * commands.c - the subcommands of hf-auth that manage the store and ask the
 * Hub: login, logout, switch, list, token, whoami, status.  Each parses its
 * options, calls the library, and formats: messages to stderr, data to
 * stdout, exit codes from cli_exit_code().
 */
#include "cli.h"
#include "prompt.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The options of list, whoami and token: --help and the output options
 * (`output` says whether the command has a quiet form).  False with *code
 * set when the command should stop. */
static bool parse_output_command(int argc, char **argv, const char *command,
                                 const char *help, cli_output *output,
                                 int *code)
{
    static const struct option options[] = {
        CLI_OUTPUT_LONG_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int option;
    bool failed;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":hq", options, NULL)) != -1) {
        if (cli_output_option(output, option, command, &failed, code)) {
            if (failed)
                return false;
            continue;
        }
        if (option == 'h')
            *code = cli_print_help(help);
        else
            *code = cli_bad_option(command, option, argv, options);
        return false;
    }
    if (optind < argc) {
        *code = cli_unexpected_argument(command, argv[optind], "");
        return false;
    }
    return true;
}

bool cli_env_overrides_file(hfa_ctx *ctx)
{
    if (hfa_env_token_source(ctx) == HFA_SOURCE_NONE)
        return false;
    char *from_env = NULL, *from_file = NULL;
    hfa_token_source source = HFA_SOURCE_NONE;
    bool differs = true;
    /* With the environment set, hfa_get_token() returns its token and
     * refreshes nothing.  A token file that cannot be read differs. */
    if (hfa_get_token(ctx, &from_env, &source, NULL) == HFA_OK &&
        source != HFA_SOURCE_FILE &&
        hfa_read_token_file(ctx, &from_file, NULL) == HFA_OK &&
        from_file != NULL)
        differs = strcmp(from_env, from_file) != 0;
    hfa_secret_free(from_env);
    hfa_secret_free(from_file);
    return differs;
}

void cli_warn_env_override(hfa_ctx *ctx, const char *what)
{
    const char *variable = hfa_source_env_name(hfa_env_token_source(ctx));
    if (variable != NULL && cli_env_overrides_file(ctx))
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
        default: return cli_bad_option("logout", option, argv, options);
        }
    }
    if (optind < argc)
        return cli_unexpected_argument("logout", argv[optind],
                                       "; use --token-name NAME");
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
        const char *variable = hfa_source_env_name(hfa_env_token_source(ctx));
        if (variable != NULL)
            cli_warn("%s is still set in this environment, so Hugging Face "
                     "tools still log in with it; unset it (hf-logout from "
                     "the shell hook does)",
                     variable);
        code = EXIT_OK;
    }
    hfa_ctx_free(ctx);
    return code;
}

/* ---- switch ------------------------------------------------------------ */

static const char switch_help[] =
    "usage: hf-auth switch [--token-name NAME | NAME]\n"
    "                      [--[no-]add-to-git-credential] [--export SHELL]\n"
    "\n"
    "Makes a stored token the active one (writes the active token file).\n"
    "With no name on a terminal, a picker lists the stored tokens (Tab\n"
    "completes names; Enter on an empty line cancels).\n"
    "\n"
    "  --token-name NAME        the stored token (or give NAME alone)\n"
    "  --add-to-git-credential  also give it to git's credential helper\n"
    "  --no-add-to-git-credential  do not (the default)\n"
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
        {"no-add-to-git-credential", no_argument, NULL, 'G'},
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
        case 'G': to_git = false; break;
        case 'e':
            shell = cli_shell_from_name(optarg);
            if (shell < 0)
                return cli_bad_value("switch", "--export",
                                     "bash, zsh, sh or fish", optarg);
            break;
        case 'h': return cli_print_help(switch_help);
        default: return cli_bad_option("switch", option, argv, options);
        }
    }
    if (optind < argc && name == NULL)
        name = argv[optind++];
    if (optind < argc)
        return cli_unexpected_argument("switch", argv[optind], "");
    if (name == NULL && !prompt_have_terminal())
        return cli_usage_error("switch",
                               "no token name given; "
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
        if (shell >= 0 &&
            (token == NULL ||
             cli_print_export(stdout, shell, "HF_TOKEN", token) != 0)) {
            /* The token file did change, but the shell will not: saying
             * "Switched" would make the user think HF_TOKEN followed. */
            cli_error("could not write the shell code; the active token "
                      "file now holds '%s', but HF_TOKEN in this shell is "
                      "unchanged",
                      name);
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
    "usage: hf-auth list [--format table|json|quiet | --json | -q]\n"
    "       (alias: ls)\n"
    "\n"
    "Lists the stored tokens in the file's order, masked: '*' marks the\n"
    "token in use (HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else the active\n"
    "token file), as `hf auth list` marks it.  An EXPIRES column, in local\n"
    "time, appears when any token has an expiry; on a terminal it also says\n"
    "how long is left.\n"
    "\n"
    "  --format table  the default, for people (also: human)\n"
    "  --format json   an array of {name, token, active, expires_at};\n"
    "                  also --json\n"
    "  --format quiet  the names alone, one per line; also -q, --quiet,\n"
    "                  --format names\n"
    "  -h, --help      this help\n";

/* Display width of UTF-8 text: one column per code point. */
static size_t text_width(const char *text)
{
    size_t width = 0;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        width += (*c & 0xc0) != 0x80;
    return width;
}

/* `text` is already safe: hfa_safe_text() made it, so its width in code
 * points is what the terminal shows. */
static void print_padded(const char *text, size_t width)
{
    fputs(text, stdout);
    for (size_t used = text_width(text); used < width; used++)
        fputc(' ', stdout);
}

/* The masked token as shown: its first and last characters are the
 * file's, whatever they are. */
static void safe_masked(const hfa_token_entry *entry, char *out, size_t size)
{
    hfa_safe_text(out, size, entry->masked);
}

static void list_table(const hfa_token_list *list, char **names)
{
    size_t name_width = 4, token_width = 5;
    bool any_expiry = false, relative = cli_stdout_is_terminal();
    char masked[sizeof(list->entries[0].masked)];
    for (size_t i = 0; i < list->count; i++) {
        size_t width = text_width(names[i]);
        name_width = width > name_width ? width : name_width;
        safe_masked(&list->entries[i], masked, sizeof(masked));
        width = text_width(masked);
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
        fputs(entry->in_use ? "* " : "  ", stdout);
        print_padded(names[i], name_width + 2);
        safe_masked(entry, masked, sizeof(masked));
        if (any_expiry && entry->has_expiry) {
            char when[80];
            cli_format_expiry(entry->expires_at, relative, when, sizeof(when));
            print_padded(masked, token_width + 2);
            fputs(when, stdout);
        } else {
            fputs(masked, stdout);
        }
        fputc('\n', stdout);
    }
}

static int list_json(const hfa_token_list *list)
{
    cJSON *root = cJSON_CreateArray();
    for (size_t i = 0; root != NULL && i < list->count; i++) {
        const hfa_token_entry *entry = &list->entries[i];
        cJSON *item = cJSON_CreateObject();
        if (item == NULL) {
            cJSON_Delete(root);
            return cli_print_json(NULL);
        }
        cJSON_AddItemToArray(root, item);
        cJSON_AddStringToObject(item, "name", entry->name);
        cJSON_AddStringToObject(item, "token", entry->masked);
        cJSON_AddBoolToObject(item, "active", entry->in_use);
        if (entry->has_expiry)
            cli_json_int(item, "expires_at", entry->expires_at);
        else
            cJSON_AddNullToObject(item, "expires_at");
    }
    return cli_print_json(root);
}

/* Why no entry is marked: the token file may hold something that is not
 * a token, which is said (never shown). */
static void note_no_active(const hfa_ctx *ctx)
{
    char *token = NULL;
    hfa_error err;
    if (hfa_read_token_file(ctx, &token, &err) == HFA_ERR_INVALID) {
        cli_warn("%s", err.message);
    } else {
        cli_blank();
        cli_say("Note: no stored token is active. Use `hf-auth switch NAME` "
                "to pick one.");
    }
    hfa_secret_free(token);
}

static void list_notes(hfa_ctx *ctx, const hfa_token_list *list)
{
    const char *variable = hfa_source_env_name(hfa_env_token_source(ctx));
    if (variable != NULL && cli_env_overrides_file(ctx)) {
        cli_blank();
        cli_say("Note: %s is set and is the token in use; the active token "
                "file holds another one.",
                variable);
    } else if (!list->in_use_found) {
        note_no_active(ctx);
    }
}

static int list_print(hfa_ctx *ctx, const hfa_token_list *list,
                      cli_format format)
{
    if (format == CLI_FORMAT_JSON)
        return list_json(list);
    char **names = calloc(list->count + 1, sizeof(*names));
    for (size_t i = 0; names != NULL && i < list->count; i++) {
        if ((names[i] = hfa_safe_text_dup(list->entries[i].name)) == NULL) {
            for (size_t j = 0; j < i; j++)
                free(names[j]);
            free(names);
            names = NULL;
        }
    }
    if (names == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    if (format == CLI_FORMAT_QUIET) {
        for (size_t i = 0; i < list->count; i++)
            puts(names[i]);
    } else if (list->count == 0) {
        cli_say("No stored tokens. Log in with `hf-auth login`.");
    } else {
        list_table(list, names);
        list_notes(ctx, list);
    }
    for (size_t i = 0; i < list->count; i++)
        free(names[i]);
    free(names);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
}

int cmd_list(int argc, char **argv)
{
    cli_output output = {.quiet_ok = true, .quiet_alias = "names"};
    int code;
    if (!parse_output_command(argc, argv, "list", list_help, &output, &code))
        return code;
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    hfa_token_list list;
    hfa_error err;
    if (hfa_auth_list(ctx, &list, &err) != HFA_OK) {
        code = cli_fail(&err);
    } else {
        code = list_print(ctx, &list, output.format);
        hfa_token_list_clear(&list);
    }
    hfa_ctx_free(ctx);
    return code;
}

/* ---- token ------------------------------------------------------------- */

static const char token_help[] =
    "usage: hf-auth token [--check]\n"
    "                     [--format table|json|quiet | --json | -q]\n"
    "\n"
    "Prints the current token on standard output: HF_TOKEN, else\n"
    "HUGGING_FACE_HUB_TOKEN, else the active token file.\n"
    "\n"
    "  --check         ask the Hub about that token first, as whoami does,\n"
    "                  and print it unless the Hub rejected it\n"
    "  --format, --json, -q, --quiet  taken as `hf auth token` takes them;\n"
    "                  as there, the token alone is printed whatever they say\n"
    "  -h, --help      this help\n"
    "\n"
    "Exit status: 0 printed, 1 not logged in.  With --check: 0 the Hub\n"
    "accepts it, 3 the Hub rejected it (nothing printed), 4 the Hub could\n"
    "not be reached or did not answer in time (printed, unchecked).\n";

/* --check: one process that refreshes, asks the Hub about the token it
 * then has, and prints that very token, for pam_hfauth's validate and
 * refresh together.  True when the token may be printed; *code gets the
 * exit status. */
static bool token_checked(hfa_ctx *ctx, const char *token, int *code)
{
    hfa_whoami_info who;
    hfa_error err;

    if (hfa_whoami_token(ctx, token, &who, &err) == HFA_OK) {
        hfa_whoami_info_clear(&who);
        *code = EXIT_OK;
        return true;
    }
    *code = cli_fail(&err);
    if (err.code == HFA_ERR_REJECTED)
        cli_say("Log in again with `hf-auth login`.");
    return *code == EXIT_UNREACHABLE;
}

int cmd_token(int argc, char **argv)
{
    static const struct option options[] = {
        CLI_OUTPUT_LONG_OPTIONS,
        {"check", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_output output = {.quiet_ok = true};
    bool check = false, failed;
    int option, code;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":hq", options, NULL)) != -1) {
        if (cli_output_option(&output, option, "token", &failed, &code)) {
            if (failed)
                return code;
            continue;
        }
        if (option == 'c')
            check = true;
        else if (option == 'h')
            return cli_print_help(token_help);
        else
            return cli_bad_option("token", option, argv, options);
    }
    if (optind < argc)
        return cli_unexpected_argument("token", argv[optind], "");
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
    } else if (!check || token_checked(ctx, token, &code)) {
        /* hfa_get_token() hands out only tokens hfa_check_token() passes:
         * printable ASCII, nothing to filter. */
        fputs(token, stdout);
        fputc('\n', stdout);
        if (fflush(stdout) != 0)
            code = EXIT_FAILED;
        else if (!check)
            code = EXIT_OK;
    }
    hfa_secret_free(token);
    hfa_ctx_free(ctx);
    return code;
}

/* ---- whoami ------------------------------------------------------------ */

static const char whoami_help[] =
    "usage: hf-auth whoami [--format table|json|quiet | --json | -q]\n"
    "\n"
    "Asks the Hub who the current token belongs to: user, organizations,\n"
    "the token's name and role, and the endpoint when it is not the\n"
    "default.\n"
    "\n"
    "  --format json   the keys of `hf auth whoami --format json`: user,\n"
    "                  orgs (comma-separated, or null), endpoint (null for\n"
    "                  the default Hub); and token_name, role; also --json\n"
    "  --format quiet  the user name alone; also -q, --quiet\n"
    "  -h, --help      this help\n"
    "\n"
    "Exit status: 0 done, 1 not logged in, 3 the Hub rejected the token,\n"
    "4 the Hub could not be reached or did not answer in time.\n";

/* "acme,bigco", as hf auth joins them; NULL for none (or no memory). */
static char *joined_orgs(const hfa_whoami_info *who)
{
    size_t size = 1;
    for (size_t i = 0; i < who->org_count; i++)
        size += strlen(who->orgs[i]) + 1;
    char *out = who->org_count ? malloc(size) : NULL;
    if (out == NULL)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < who->org_count; i++) {
        size_t len = strlen(who->orgs[i]);
        if (i > 0)
            out[used++] = ',';
        memcpy(out + used, who->orgs[i], len);
        used += len;
    }
    out[used] = '\0';
    return out;
}

static void add_string_or_null(cJSON *object, const char *key,
                               const char *value)
{
    if (value != NULL)
        cJSON_AddStringToObject(object, key, value);
    else
        cJSON_AddNullToObject(object, key);
}

static int whoami_json(const hfa_ctx *ctx, const hfa_whoami_info *who)
{
    cJSON *root = cJSON_CreateObject();
    char *orgs = joined_orgs(who);
    if (root != NULL) {
        cJSON_AddStringToObject(root, "user", who->user);
        add_string_or_null(root, "orgs", orgs);
        add_string_or_null(
            root, "endpoint",
            hfa_ctx_endpoint_is_default(ctx) ? NULL : hfa_ctx_endpoint(ctx));
        add_string_or_null(root, "token_name", who->token_name);
        add_string_or_null(root, "role", who->token_role);
    }
    free(orgs);
    return cli_print_json(root);
}

static void whoami_table(const hfa_ctx *ctx, const hfa_whoami_info *who)
{
    /* Every string here is the Hub's: shown, never obeyed. */
    fputs("user: ", stdout);
    cli_put_text(who->user, stdout);
    fputs("\norgs:", stdout);
    for (size_t i = 0; i < who->org_count; i++) {
        fputs(i ? ", " : " ", stdout);
        cli_put_text(who->orgs[i], stdout);
    }
    fputc('\n', stdout);
    if (who->token_name != NULL || who->token_role != NULL) {
        fputs("token: ", stdout);
        cli_put_text(who->token_name ? who->token_name : "(unnamed)", stdout);
        fputs(" (", stdout);
        cli_put_text(who->token_role ? who->token_role : "unknown role",
                     stdout);
        fputs(")\n", stdout);
    }
    if (!hfa_ctx_endpoint_is_default(ctx))
        cli_line("endpoint: %s", hfa_ctx_endpoint(ctx));
}

int cmd_whoami(int argc, char **argv)
{
    cli_output output = {.quiet_ok = true};
    int code;
    if (!parse_output_command(argc, argv, "whoami", whoami_help, &output,
                              &code))
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
        hfa_ctx_free(ctx);
        return code;
    }
    if (output.format == CLI_FORMAT_JSON) {
        code = whoami_json(ctx, &who);
    } else {
        if (output.format == CLI_FORMAT_QUIET)
            cli_line("%s", who.user);
        else
            whoami_table(ctx, &who);
        code = fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
    }
    hfa_whoami_info_clear(&who);
    hfa_ctx_free(ctx);
    return code;
}
