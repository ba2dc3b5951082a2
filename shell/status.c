/*
 * status.c - `hf-auth status`: where the current token comes from, the
 * paths and their modes, the active name and its expiry, git's helpers,
 * and with --check whether the Hub accepts the token.
 */
#include "cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char status_help[] =
    "usage: hf-auth status [--check] [--format table|json]\n"
    "\n"
    "Shows where the current token comes from (HF_TOKEN,\n"
    "HUGGING_FACE_HUB_TOKEN or the token file), the paths in use and their\n"
    "modes, the active token's name and expiry, the git credential helper,\n"
    "and the endpoint.\n"
    "\n"
    "  --check         also ask the Hub whether it accepts the token\n"
    "  --format json   the same as a JSON object\n"
    "  -h, --help      this help\n"
    "\n"
    "Exit status: 0, or with --check: 1 not logged in, 3 the Hub rejected\n"
    "the token, 4 the Hub could not be reached.\n";

typedef struct {
    const char *source;     /* "HF_TOKEN", ..., "file" or "none" */
    char token_problem[sizeof(((hfa_error *)0)->message)];  /* "": none */
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
        report->source = source == HFA_SOURCE_FILE
                             ? "file" : hfa_source_env_name(source);
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
            if (!list.entries[i].active)
                continue;
            free(report->active_name);  /* two names may share a token */
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
        report->check_status = hfa_whoami(ctx, &report->who,
                                          &report->check_err);
    }
}

static void release(status_report *report)
{
    free(report->active_name);
    hfa_string_list_free(report->helpers, report->helper_count);
    hfa_whoami_info_clear(&report->who);
}

static void print_table(const hfa_ctx *ctx, const status_report *report)
{
    char mode[16];
    if (report->token_problem[0] != '\0')
        printf("token source:  the token file, which holds no usable token\n");
    else if (strcmp(report->source, "file") == 0)
        printf("token source:  the token file\n");
    else if (strcmp(report->source, "none") == 0)
        printf("token source:  none (not logged in)\n");
    else
        printf("token source:  the %s environment variable\n",
               report->source);
    file_mode(hfa_ctx_hf_home(ctx), mode, sizeof(mode));
    printf("HF_HOME:       %s (%s)\n", hfa_ctx_hf_home(ctx), mode);
    file_mode(hfa_ctx_token_path(ctx), mode, sizeof(mode));
    printf("token file:    %s (%s)\n", hfa_ctx_token_path(ctx), mode);
    file_mode(hfa_ctx_stored_tokens_path(ctx), mode, sizeof(mode));
    printf("stored tokens: %s (%s)\n", hfa_ctx_stored_tokens_path(ctx), mode);
    fputs("active name:   ", stdout);
    cli_put_text(report->active_name ? report->active_name : "(none)",
                 stdout);
    fputc('\n', stdout);
    if (report->has_expiry) {
        char date[32];
        time_t when = (time_t)report->expires_at;
        struct tm parts;
        /* gmtime_r fails on a year out of range: stored_tokens is the
         * user's file, so print "?" as `list` does rather than crash. */
        if (gmtime_r(&when, &parts) == NULL ||
            strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", &parts) == 0)
            snprintf(date, sizeof(date), "?");
        printf("expires:       %s%s\n", date,
               when < time(NULL) ? " (expired)" : "");
    }
    printf("git helper:    ");
    for (size_t i = 0; i < report->helper_count; i++)
        printf("%s%s", i ? ", " : "", report->helpers[i]);
    printf("%s\n", report->helper_count ? "" : "(none configured)");
    printf("endpoint:      %s\n", hfa_ctx_endpoint(ctx));
    if (report->checked && report->check_status == HFA_OK) {
        fputs("hub check:     accepted (user ", stdout);
        cli_put_text(report->who.user, stdout);
        fputs(")\n", stdout);
    } else if (report->checked) {
        printf("hub check:     %s\n", report->check_err.message);
    }
}

static int print_json(const hfa_ctx *ctx, const status_report *report)
{
    cJSON *root = cJSON_CreateObject();
    char mode[16];
    if (root == NULL)
        return EXIT_FAILED;
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
        cJSON_AddNumberToObject(root, "expires_at",
                                (double)report->expires_at);
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
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL)
        return EXIT_FAILED;
    puts(text);
    free(text);
    return EXIT_OK;
}

int cmd_status(int argc, char **argv)
{
    static const struct option options[] = {
        {"check", no_argument, NULL, 'c'},
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool check = false, json = false;
    int option, code;
    cli_reset_getopt();
    while ((option = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (option) {
        case 'c': check = true; break;
        case 'f':
            if (strcmp(optarg, "json") != 0 && strcmp(optarg, "table") != 0)
                return cli_usage_error("status", "--format takes table or "
                                       "json, not '%s'", optarg);
            json = strcmp(optarg, "json") == 0;
            break;
        case 'h': return cli_print_help(status_help);
        default: return cli_bad_option("status", option, argv);
        }
    }
    if (optind < argc)
        return cli_usage_error("status", "unexpected argument '%s'",
                               argv[optind]);
    hfa_ctx *ctx = cli_context(&code);
    if (ctx == NULL)
        return code;
    status_report report;
    if (check)
        cli_refresh(ctx);
    else
        hfa_ctx_set_auto_refresh(ctx, false);  /* a report changes nothing */
    gather(ctx, check, &report);
    code = json ? print_json(ctx, &report) : (print_table(ctx, &report), 0);
    if (!json) {
        if (report.token_problem[0] != '\0')
            cli_warn("%s", report.token_problem);
        cli_warn_env_override(ctx, "the token file");
        cli_note_shared_folder(ctx);
    }
    if (code == EXIT_OK && check)
        code = cli_exit_code(report.check_status);
    release(&report);
    hfa_ctx_free(ctx);
    return code;
}
