/* SPDX-License-Identifier: Apache-2.0 */
/*
 * status.c - `hf-auth status`: where the current token comes from, the
 * paths and their modes, the active name and its expiry, git's helpers,
 * and with --check whether the Hub accepts the token.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char status_help[] =
    "usage: hf-auth status [--check] [--format table|json | --json]\n"
    "\n"
    "Shows where the current token comes from (HF_TOKEN,\n"
    "HUGGING_FACE_HUB_TOKEN or the token file), the paths in use and their\n"
    "modes, the name of the token in use and its expiry (local time), the\n"
    "git credential helper, and the endpoint.\n"
    "\n"
    "  --check         also ask the Hub whether it accepts the token\n"
    "  --format json   the same as a JSON object; also --json\n"
    "  -h, --help      this help\n"
    "\n"
    "Exit status: 0, or with --check: 1 not logged in, 3 the Hub rejected\n"
    "the token, 4 the Hub could not be reached.\n";

typedef struct {
    const char *source; /* "HF_TOKEN", ..., "file" or "none" */
    char token_problem[sizeof(((hfa_error *)0)->message)]; /* "": none */
    char *active_name;
    bool has_expiry;
    int64_t expires_at;
    char **helpers;
    size_t helper_count;
    bool checked;
    hfa_status check_status;
    hfa_error check_err;
    hfa_whoami_info who;
} status_report;

static void file_mode(const char *path, char *out, size_t size)
{
    struct stat st;
    if (stat(path, &st) != 0)
        snprintf(out, size, "missing");
    else
        snprintf(out, size, "%04o", (unsigned)(st.st_mode & 07777));
}

static void gather(hfa_ctx *ctx, bool check, status_report *report)
{
    hfa_error err;
    char *token = NULL;
    hfa_token_source source = HFA_SOURCE_NONE;
    memset(report, 0, sizeof(*report));
    hfa_status found = hfa_get_token(ctx, &token, &source, &err);
    if (found == HFA_OK) {
        report->source =
            source == HFA_SOURCE_FILE ? "file" : hfa_source_env_name(source);
    } else if (found == HFA_ERR_INVALID) {
        /* A token file that holds no token (a NUL byte, not UTF-8...):
         * said, never shown. */
        report->source = "file";
        snprintf(report->token_problem, sizeof(report->token_problem), "%s",
                 err.message);
    } else {
        report->source = "none";
    }
    hfa_secret_free(token);

    hfa_token_list list;
    if (hfa_auth_list(ctx, &list, &err) == HFA_OK) {
        for (size_t i = 0; i < list.count; i++) {
            if (!list.entries[i].in_use)
                continue;
            free(report->active_name); /* two names may share a token */
            report->active_name = strdup(list.entries[i].name);
            report->has_expiry = list.entries[i].has_expiry;
            report->expires_at = list.entries[i].expires_at;
        }
        hfa_token_list_clear(&list);
    }
    hfa_git_credential_helpers(ctx, &report->helpers, &report->helper_count,
                               &err);
    if (check) {
        report->checked = true;
        report->check_status =
            hfa_whoami(ctx, &report->who, &report->check_err);
    }
}

static void release(status_report *report)
{
    free(report->active_name);
    hfa_string_list_free(report->helpers, report->helper_count);
    hfa_whoami_info_clear(&report->who);
}

/* Paths, names and helpers come from the environment, stored_tokens and
 * git config: every line goes out through cli_line()'s filter. */
static void print_table(const hfa_ctx *ctx, const status_report *report)
{
    char mode[16];
    if (report->token_problem[0] != '\0')
        cli_line("token source:  the token file, which holds no usable token");
    else if (strcmp(report->source, "file") == 0)
        cli_line("token source:  the token file");
    else if (strcmp(report->source, "none") == 0)
        cli_line("token source:  none (not logged in)");
    else
        cli_line("token source:  the %s environment variable", report->source);
    file_mode(hfa_ctx_hf_home(ctx), mode, sizeof(mode));
    cli_line("HF_HOME:       %s (%s)", hfa_ctx_hf_home(ctx), mode);
    file_mode(hfa_ctx_token_path(ctx), mode, sizeof(mode));
    cli_line("token file:    %s (%s)", hfa_ctx_token_path(ctx), mode);
    file_mode(hfa_ctx_stored_tokens_path(ctx), mode, sizeof(mode));
    cli_line("stored tokens: %s (%s)", hfa_ctx_stored_tokens_path(ctx), mode);
    cli_line("active name:   %s",
             report->active_name ? report->active_name : "(none)");
    if (report->has_expiry) {
        char when[80];
        cli_format_expiry(report->expires_at, cli_stdout_is_terminal(), when,
                          sizeof(when));
        cli_line("expires:       %s", when);
    }
    fputs("git helper:    ", stdout);
    for (size_t i = 0; i < report->helper_count; i++) {
        fputs(i ? ", " : "", stdout);
        cli_put_text(report->helpers[i], stdout);
    }
    fputs(report->helper_count ? "\n" : "(none configured)\n", stdout);
    cli_line("endpoint:      %s", hfa_ctx_endpoint(ctx));
    if (report->checked && report->check_status == HFA_OK)
        cli_line("hub check:     accepted (user %s)", report->who.user);
    else if (report->checked)
        cli_line("hub check:     %s", report->check_err.message);
}

/* A non-empty regular file of this user, not followed if a link. */
static bool is_my_file(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           st.st_uid == getuid() && st.st_size > 0;
}

/* No token file where this session looks, but one where hf-auth and
 * Python put it by default ($HF_HOME/token, ~/.cache/huggingface/token):
 * the login happened under other HF_TOKEN_PATH or HF_HOME values. */
static void note_token_elsewhere(const hfa_ctx *ctx)
{
    const char *path = hfa_ctx_token_path(ctx), *home = getenv("HOME");
    char *places[2] = {NULL, NULL};
    struct stat st;
    if (lstat(path, &st) == 0 || (errno != ENOENT && errno != ENOTDIR))
        return;
    if (asprintf(&places[0], "%s/token", hfa_ctx_hf_home(ctx)) < 0)
        places[0] = NULL;
    if (home != NULL && home[0] != '\0' &&
        asprintf(&places[1], "%s/.cache/huggingface/token", home) < 0)
        places[1] = NULL;
    for (size_t i = 0; i < 2; i++) {
        if (places[i] == NULL || strcmp(places[i], path) == 0 ||
            !is_my_file(places[i]))
            continue;
        /* Paths are the environment's and the user's: shown, not obeyed. */
        fflush(stdout);
        fputs("note: no token at ", stderr);
        cli_put_text(path, stderr);
        fputs(", but one exists at ", stderr);
        cli_put_text(places[i], stderr);
        fputs(": you logged in where this session does not look; check "
              "HF_TOKEN_PATH and HF_HOME\n",
              stderr);
        break;
    }
    free(places[0]);
    free(places[1]);
}

static int print_json(const hfa_ctx *ctx, const status_report *report)
{
    cJSON *root = cJSON_CreateObject();
    char mode[16];
    if (root == NULL)
        return cli_print_json(NULL);
    cJSON_AddStringToObject(root, "source", report->source);
    if (report->token_problem[0] != '\0')
        cJSON_AddStringToObject(root, "token_error", report->token_problem);
    cJSON_AddStringToObject(root, "hf_home", hfa_ctx_hf_home(ctx));
    cJSON_AddStringToObject(root, "token_path", hfa_ctx_token_path(ctx));
    file_mode(hfa_ctx_token_path(ctx), mode, sizeof(mode));
    cJSON_AddStringToObject(root, "token_path_mode", mode);
    cJSON_AddStringToObject(root, "stored_tokens_path",
                            hfa_ctx_stored_tokens_path(ctx));
    file_mode(hfa_ctx_stored_tokens_path(ctx), mode, sizeof(mode));
    cJSON_AddStringToObject(root, "stored_tokens_mode", mode);
    if (report->active_name)
        cJSON_AddStringToObject(root, "active_name", report->active_name);
    else
        cJSON_AddNullToObject(root, "active_name");
    if (report->has_expiry)
        cli_json_int(root, "expires_at", report->expires_at);
    else
        cJSON_AddNullToObject(root, "expires_at");
    cJSON *helpers = cJSON_AddArrayToObject(root, "git_helpers");
    for (size_t i = 0; helpers && i < report->helper_count; i++)
        cJSON_AddItemToArray(helpers, cJSON_CreateString(report->helpers[i]));
    cJSON_AddStringToObject(root, "endpoint", hfa_ctx_endpoint(ctx));
    if (report->checked) {
        cJSON *check = cJSON_AddObjectToObject(root, "check");
        if (check != NULL) {
            cJSON_AddBoolToObject(check, "ok", report->check_status == HFA_OK);
            if (report->check_status == HFA_OK)
                cJSON_AddStringToObject(check, "user", report->who.user);
            else
                cJSON_AddStringToObject(check, "error",
                                        report->check_err.message);
        }
    }
    return cli_print_json(root);
}

int cmd_status(int argc, char **argv)
{
    static const struct option options[] = {
        {"check", no_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'F'},
        {"json", no_argument, NULL, 'J'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_output output = {.quiet_ok = false};
    bool check = false, failed;
    int option, code;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        if (cli_output_option(&output, option, "status", &failed, &code)) {
            if (failed)
                return code;
            continue;
        }
        switch (option) {
        case 'c': check = true; break;
        case 'h': return cli_print_help(status_help);
        default: return cli_bad_option("status", option, argv, options);
        }
    }
    bool json = output.format == CLI_FORMAT_JSON;
    if (optind < argc)
        return cli_unexpected_argument("status", argv[optind], "");
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    status_report report;
    if (check)
        cli_refresh(ctx);
    else
        hfa_ctx_set_auto_refresh(ctx, false); /* a report changes nothing */
    gather(ctx, check, &report);
    code = json ? print_json(ctx, &report) : (print_table(ctx, &report), 0);
    if (!json) {
        if (report.token_problem[0] != '\0')
            cli_warn("%s", report.token_problem);
        cli_warn_env_override(ctx, "the token file");
        note_token_elsewhere(ctx);
        cli_note_shared_folder(ctx);
    }
    if (code == EXIT_OK && check)
        code = cli_exit_code(report.check_status);
    release(&report);
    hfa_ctx_free(ctx);
    return code;
}
