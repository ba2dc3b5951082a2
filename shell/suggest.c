/* SPDX-License-Identifier: Apache-2.0 */
/*
 * suggest.c - what hf-auth says about a word it did not expect: an unknown
 * command or option gets the closest known ones ("Did you mean 'login'?"),
 * as git, gh and hf do, and any word is echoed only when it is short and
 * plain.  A word typed in the wrong place may be a token (`hf-auth login
 * hf_...` without --token), and a usage error must not copy it into a
 * terminal's scrollback or a CI log: such a word is named by its position
 * on the command line instead.
 */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Longer words are never echoed, nor compared: no command or option is
 * this long, and a token is longer. */
#define WORD_MAX 32
#define SUGGESTIONS_MAX 3

/* The command line as main() received it: getopt_long reorders argv, and
 * positions are counted as the user typed them. */
static char **typed_words;
static int typed_count;

void cli_remember_words(int argc, char **argv)
{
    typed_words = malloc((size_t)argc * sizeof(*typed_words));
    if (typed_words == NULL)
        return; /* positions are then left out of messages */
    memcpy(typed_words, argv, (size_t)argc * sizeof(*typed_words));
    typed_count = argc;
}

int cli_word_position(const char *word)
{
    for (int i = 1; i < typed_count; i++)
        if (typed_words[i] == word)
            return i;
    return 0;
}

/* Letters, digits and '-', at most WORD_MAX of them.  Every Hub token
 * holds a '_' (hf_..., api_org_..., hf_oauth_...), so none is plain. */
bool cli_word_is_plain(const char *word, size_t len)
{
    if (len == 0 || len > WORD_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

/* ASCII only: the words compared are plain (letters, digits, '-'). */
static unsigned char lower(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 'A' && u <= 'Z' ? (unsigned char)(u | 0x20) : u;
}

/* Optimal string alignment distance (Levenshtein plus the swap of two
 * neighbours: "lgoin" is one step from "login"), ignoring case.  Both
 * words are at most WORD_MAX long. */
static size_t edit_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[WORD_MAX + 1][WORD_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++) {
        for (size_t j = 1; j <= m; j++) {
            size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
            size_t best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[n][m];
}

static bool is_prefix_of(const char *typed, size_t len, const char *name)
{
    for (size_t i = 0; i < len; i++)
        if (name[i] == '\0' || lower(typed[i]) != lower(name[i]))
            return false;
    return true;
}

/* How far `name` is from what was typed, or SIZE_MAX when too far to
 * suggest: one edit for a word of up to three letters, two for a longer
 * one, and a word the typed one begins ("who" -> "whoami") counts as
 * one. */
static size_t closeness(const char *typed, size_t len, const char *name)
{
    size_t name_len = strlen(name);
    if (name_len > WORD_MAX)
        return SIZE_MAX;
    if (len >= 2 && is_prefix_of(typed, len, name))
        return 1;
    size_t distance = edit_distance(typed, len, name, name_len);
    size_t limit = len <= 3 ? 1 : 2;
    return distance <= limit ? distance : SIZE_MAX;
}

void cli_did_you_mean(const char *typed, size_t len, const char *const *names,
                      size_t count, const char *dashes, char *out, size_t size)
{
    size_t best = SIZE_MAX, picked = 0;
    const char *chosen[SUGGESTIONS_MAX];
    out[0] = '\0';
    if (!cli_word_is_plain(typed, len))
        return;
    for (size_t i = 0; i < count; i++) {
        size_t score = closeness(typed, len, names[i]);
        if (score == SIZE_MAX || score > best)
            continue;
        if (score < best) {
            best = score;
            picked = 0;
        }
        if (picked < SUGGESTIONS_MAX)
            chosen[picked++] = names[i];
    }
    if (picked == 0)
        return;
    size_t used = (size_t)snprintf(out, size, "Did you mean");
    for (size_t i = 0; i < picked && used < size; i++) {
        const char *joint = i == 0 ? " " : i + 1 == picked ? " or " : ", ";
        used += (size_t)snprintf(out + used, size - used, "%s'%s%s'", joint,
                                 dashes, chosen[i]);
    }
    if (used < size)
        snprintf(out + used, size - used, "?");
}

/* ---- the messages --------------------------------------------------- */

/* The line after every usage error: one hint, nothing more. */
static int usage_hint(const char *command)
{
    if (command[0] == '\0')
        fputs("Run `hf-auth --help` for the list of commands.\n", stderr);
    else
        fprintf(stderr, "Run `hf-auth %s --help` for usage.\n", command);
    return EXIT_USAGE;
}

static void error_line(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void error_line(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fflush(stdout);
    fputs("error: ", stderr);
    vfprintf(stderr, fmt, args);
    fputc('\n', stderr);
    va_end(args);
}

/* "argument N (not shown, ...)" for a word that is not echoed (NULL:
 * its position is not known either). */
static void hidden_word(const char *what, const char *word, const char *advice)
{
    int position = word != NULL ? cli_word_position(word) : 0;
    if (position > 0)
        error_line("%s %d (not shown, in case it is a token)%s", what, position,
                   advice);
    else
        error_line("%s (not shown, in case it is a token)%s", what, advice);
}

static const struct option top_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static int bad_long_option(const char *command, const char *arg,
                           const struct option *options);

int cli_unknown_command(const char *word, const char *const *names,
                        size_t count)
{
    char suggestion[160];
    size_t len = strlen(word);
    if (strncmp(word, "--", 2) == 0)
        return bad_long_option("", word, top_options);
    if (word[0] == '\0') {
        error_line("unknown command ''");
    } else if (word[0] == '-' && cli_word_is_plain(word, len)) {
        error_line("unknown option '%s'", word);
    } else if (word[0] == '-') {
        hidden_word("unknown option, argument", word, "");
    } else if (cli_word_is_plain(word, len)) {
        cli_did_you_mean(word, len, names, count, "", suggestion,
                         sizeof(suggestion));
        error_line("unknown command '%s'%s%s", word, suggestion[0] ? ". " : "",
                   suggestion);
    } else {
        hidden_word("unexpected argument", word, "");
    }
    return usage_hint("");
}

int cli_unexpected_argument(const char *command, const char *word,
                            const char *advice)
{
    if (cli_word_is_plain(word, strlen(word)))
        error_line("unexpected argument '%s'%s", word, advice);
    else
        hidden_word("unexpected argument", word, advice);
    return usage_hint(command);
}

int cli_bad_value(const char *command, const char *option, const char *takes,
                  const char *value)
{
    if (cli_word_is_plain(value, strlen(value)))
        error_line("%s takes %s, not '%s'", option, takes, value);
    else
        error_line("%s takes %s", option, takes);
    return usage_hint(command);
}

static const struct option *option_by_val(const struct option *options, int val)
{
    for (; options->name != NULL; options++)
        if (options->val == val)
            return options;
    return NULL;
}

/* An unknown or ambiguous long option: the name up to '=', never the
 * value after it (--tokne=hf_...). */
static int bad_long_option(const char *command, const char *arg,
                           const struct option *options)
{
    const char *names[32];
    size_t count = 0, len = strcspn(arg + 2, "=");
    char suggestion[160];
    for (; options->name != NULL && count < 32; options++)
        names[count++] = options->name;
    if (len == 0) {
        error_line("unknown option '--'");
        return usage_hint(command);
    }
    if (!cli_word_is_plain(arg + 2, len)) {
        hidden_word("unknown option, argument", arg, "");
        return usage_hint(command);
    }
    cli_did_you_mean(arg + 2, len, names, count, "--", suggestion,
                     sizeof(suggestion));
    error_line("unknown option '--%.*s'%s%s", (int)len, arg + 2,
               suggestion[0] ? ". " : "", suggestion);
    return usage_hint(command);
}

int cli_bad_option(const char *command, int option, char **argv,
                   const struct option *options)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    const struct option *known =
        optopt != 0 ? option_by_val(options, optopt) : NULL;
    bool long_form = strncmp(arg, "--", 2) == 0;
    char letter[2] = {(char)optopt, '\0'};
    if (option == ':' && known != NULL)
        error_line("option '--%s' needs a value", known->name);
    else if (optopt == 0 && long_form)
        return bad_long_option(command, arg, options);
    else if (known != NULL && known->has_arg == no_argument && long_form &&
             strchr(arg, '=') != NULL)
        error_line("option '--%s' takes no value", known->name);
    else if (cli_word_is_plain(letter, 1))
        /* A short option: getopt gives its letter alone (in a cluster
         * such as -Zq, argv[optind - 1] is not even the right word). */
        error_line("unknown option '-%c'", optopt);
    else
        hidden_word("unknown option", NULL, "");
    return usage_hint(command);
}
