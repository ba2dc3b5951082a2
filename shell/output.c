/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c - everything hf-auth prints goes through here: the messages on
 * stderr, untrusted text on stdout, JSON, expiry times.
 *
 * A name, a path, a git helper or a whoami field is someone else's text:
 * each line is written through hfa_safe_text(), so no control character
 * of theirs (ESC, CSI, OSC 52, a CR, a raw 0x9B) reaches the terminal.  A
 * line break the command needs is its own: messages are one line each,
 * and a blank line is a message of its own.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* prefix + the formatted message, filtered whole, + a newline. */
static void put_message(FILE *out, const char *prefix, const char *fmt,
                        va_list args) __attribute__((format(printf, 3, 0)));
static void put_message(FILE *out, const char *prefix, const char *fmt,
                        va_list args)
{
    char *text = NULL;
    fflush(stdout); /* keep data and messages in order on a terminal */
    if (vasprintf(&text, fmt, args) < 0)
        text = NULL;
    fputs(prefix, out);
    if (text != NULL) {
        hfa_safe_text(text, strlen(text) + 1, text);
        fputs(text, out);
    } else {
        fputs("(out of memory)", out);
    }
    fputc('\n', out);
    free(text);
}

void cli_error(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    put_message(stderr, "error: ", fmt, args);
    va_end(args);
}

void cli_warn(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    put_message(stderr, "warning: ", fmt, args);
    va_end(args);
}

void cli_say(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    put_message(stderr, "", fmt, args);
    va_end(args);
}

void cli_blank(void)
{
    fflush(stdout);
    fputc('\n', stderr);
}

void cli_vsay(const char *prefix, const char *fmt, va_list args)
{
    put_message(stderr, prefix, fmt, args);
}

void cli_line(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    put_message(stdout, "", fmt, args);
    va_end(args);
}

void cli_put_text(const char *text, FILE *out)
{
    char *safe = hfa_safe_text_dup(text);
    fputs(safe != NULL ? safe : "?", out);
    free(safe);
}

/* ---- output options ------------------------------------------------------ */

static const char *option_name(int option)
{
    return option == 'F' ? "--format" : option == 'J' ? "--json" : "--quiet";
}

/* What an output option asks for: --json is --format json, -q --format
 * quiet.  False when the command has no such format. */
static bool requested_format(const cli_output *output, int option,
                             const char *value, cli_format *format)
{
    if (option == 'J')
        value = "json";
    else if (option == 'q')
        value = "quiet";
    bool quiet = strcmp(value, "quiet") == 0 ||
                 (output->quiet_alias != NULL &&
                  strcmp(value, output->quiet_alias) == 0);
    if (strcmp(value, "table") == 0 || strcmp(value, "human") == 0)
        *format = CLI_FORMAT_TABLE;
    else if (strcmp(value, "json") == 0)
        *format = CLI_FORMAT_JSON;
    else if (quiet && output->quiet_ok)
        *format = CLI_FORMAT_QUIET;
    else
        return false;
    return true;
}

bool cli_output_option(cli_output *output, int option, const char *command,
                       bool *failed, int *code)
{
    *failed = false;
    if (option != 'F' && option != 'J' && option != 'q')
        return false;
    /* As hf auth: one output option, not a last-one-wins pile. */
    if (output->given != NULL) {
        *failed = true;
        *code = cli_usage_error(command,
                                "'%s' and '%s' are mutually "
                                "exclusive",
                                output->given, option_name(option));
        return true;
    }
    output->given = option_name(option);
    if (requested_format(output, option, optarg, &output->format))
        return true;
    *failed = true;
    if (option == 'q')
        *code = cli_usage_error(command, "unknown option '--quiet'");
    else {
        char takes[96];
        snprintf(takes, sizeof(takes), "table, human, json%s%s%s",
                 output->quiet_ok
                     ? (output->quiet_alias ? ", quiet" : " or quiet")
                     : "",
                 output->quiet_alias ? " or " : "",
                 output->quiet_alias ? output->quiet_alias : "");
        /* The value is echoed only when it cannot be a token. */
        *code = cli_bad_value(command, "--format", takes, optarg);
    }
    return true;
}

/* ---- JSON ------------------------------------------------------------- */

/* One UTF-8 character (the filter made the text well-formed) as JSON's
 * \uXXXX, a surrogate pair above U+FFFF: ASCII output, as Python's
 * json.dumps() writes it by default. */
static size_t put_escaped_char(const unsigned char *p, FILE *out)
{
    uint32_t code;
    size_t width;
    if (p[0] < 0xe0) {
        code = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
        width = 2;
    } else if (p[0] < 0xf0) {
        code = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 |
               (p[2] & 0x3f);
        width = 3;
    } else {
        code = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
               (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
        width = 4;
    }
    if (code > 0xffff) {
        code -= 0x10000;
        fprintf(out, "\\u%04x\\u%04x", 0xd800 + (code >> 10),
                0xdc00 + (code & 0x3ff));
    } else {
        fprintf(out, "\\u%04x", code);
    }
    return width;
}

static void put_json_string(const char *value, FILE *out)
{
    char *safe = hfa_safe_text_dup(value);
    const unsigned char *p = (const unsigned char *)(safe ? safe : "?");
    fputc('"', out);
    while (*p != '\0') {
        if (*p == '"' || *p == '\\') {
            fputc('\\', out);
            fputc(*p++, out);
        } else if (*p < 0x80) {
            fputc(*p++, out);
        } else {
            p += put_escaped_char(p, out);
        }
    }
    fputc('"', out);
    free(safe);
}

static void put_indent(int depth, FILE *out)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", out);
}

/* Python's json.dumps(value, indent=2): "key": value, one per line.
 * Recursive over the trees this command builds, three levels at most.
 * NOLINTNEXTLINE(misc-no-recursion) */
static void put_json(const cJSON *item, int depth, FILE *out)
{
    if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        bool object = cJSON_IsObject(item);
        const cJSON *child = item->child;
        if (child == NULL) {
            fputs(object ? "{}" : "[]", out);
            return;
        }
        fputc(object ? '{' : '[', out);
        for (; child != NULL; child = child->next) {
            fputc('\n', out);
            put_indent(depth + 1, out);
            if (object) {
                put_json_string(child->string, out);
                fputs(": ", out);
            }
            put_json(child, depth + 1, out);
            if (child->next != NULL)
                fputc(',', out);
        }
        fputc('\n', out);
        put_indent(depth, out);
        fputc(object ? '}' : ']', out);
    } else if (cJSON_IsString(item)) {
        put_json_string(item->valuestring, out);
    } else if (cJSON_IsRaw(item)) {
        fputs(item->valuestring, out); /* our own numbers, exact */
    } else if (cJSON_IsBool(item)) {
        fputs(cJSON_IsTrue(item) ? "true" : "false", out);
    } else if (cJSON_IsNumber(item)) {
        fprintf(out, "%.17g", item->valuedouble);
    } else {
        fputs("null", out);
    }
}

int cli_print_json(cJSON *root)
{
    if (root == NULL) {
        cli_error("out of memory");
        return EXIT_FAILED;
    }
    put_json(root, 0, stdout);
    fputc('\n', stdout);
    cJSON_Delete(root);
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAILED;
}

cJSON *cli_json_int(cJSON *object, const char *key, int64_t value)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)value);
    return cJSON_AddRawToObject(object, key, text);
}

/* ---- times -------------------------------------------------------------- */

/* "7h 59m", "2d 3h", "12m", "<1m": the two largest units of a span. */
static void format_span(int64_t seconds, char *out, size_t size)
{
    static const struct {
        int64_t length;
        char unit;
    } units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}};
    for (size_t i = 0; i < 3; i++) {
        if (seconds < units[i].length)
            continue;
        long long major = (long long)(seconds / units[i].length);
        long long minor =
            i < 2 ? (long long)(seconds % units[i].length / units[i + 1].length)
                  : 0;
        if (minor > 0)
            snprintf(out, size, "%lld%c %lld%c", major, units[i].unit, minor,
                     units[i + 1].unit);
        else
            snprintf(out, size, "%lld%c", major, units[i].unit);
        return;
    }
    snprintf(out, size, "<1m");
}

void cli_format_expiry(int64_t when, bool relative, char *out, size_t size)
{
    time_t seconds = (time_t)when;
    int64_t now = (int64_t)time(NULL);
    struct tm parts;
    /* expires_at is the user's to write: a year localtime cannot hold is
     * shown as "?", never a crash. */
    if (localtime_r(&seconds, &parts) == NULL ||
        strftime(out, size, "%Y-%m-%d %H:%M", &parts) == 0)
        snprintf(out, size, "?");
    size_t used = strlen(out);
    if (!relative) {
        if (when < now)
            snprintf(out + used, size - used, " (expired)");
        return;
    }
    int64_t left;
    if (__builtin_sub_overflow(when, now, &left))
        left = when < 0 ? INT64_MIN : INT64_MAX;
    char span[48];
    if (left >= 0) {
        format_span(left, span, sizeof(span));
        snprintf(out + used, size - used, " (in %s)", span);
    } else {
        format_span(left == INT64_MIN ? INT64_MAX : -left, span, sizeof(span));
        snprintf(out + used, size - used, " (expired %s ago)", span);
    }
}

bool cli_stdout_is_terminal(void)
{
    return isatty(STDOUT_FILENO) == 1;
}
