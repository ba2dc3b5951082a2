/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.c - parses the PAM configuration arguments into struct
 * hfp_options.
 *
 * One sorted table maps each option name to a field, a type and its checks,
 * so a new option is one struct field and one row (the pam-krb5 habit).
 * Numbers go through strtol with an end and range check, never atoi.  A
 * mistake is logged at LOG_ERR and skipped, keeping the default: the worst
 * a typo may do is leave HF_TOKEN unset, never fail a login.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <security/pam_ext.h>

#include "options.h"
#include "template.h"

enum opt_type { OPT_FLAG, OPT_NUMBER, OPT_PATH, OPT_TEMPLATE, OPT_URL };

struct opt_def {
    const char *name;
    enum opt_type type;
    size_t offset;
    long min, max; /* OPT_NUMBER only */
};

#define FIELD(f) offsetof(struct hfp_options, f)

/* Sorted by name (strcmp order): looked up with bsearch. */
static const struct opt_def opt_table[] = {
    {"cache", OPT_NUMBER, FIELD(cache), 0, 7L * 24 * 3600},
    {"cache_dir", OPT_PATH, FIELD(cache_dir), 0, 0},
    {"debug", OPT_FLAG, FIELD(debug), 0, 0},
    {"endpoint", OPT_URL, FIELD(endpoint), 0, 0},
    {"hf_auth", OPT_PATH, FIELD(hf_auth), 0, 0},
    {"minimum_uid", OPT_NUMBER, FIELD(minimum_uid), 0, INT_MAX},
    {"override", OPT_FLAG, FIELD(override), 0, 0},
    {"quiet", OPT_FLAG, FIELD(quiet), 0, 0},
    {"refresh", OPT_FLAG, FIELD(refresh), 0, 0},
    {"timeout", OPT_NUMBER, FIELD(timeout), 1, 60000},
    {"token_path", OPT_TEMPLATE, FIELD(token_path), 0, 0},
    {"validate", OPT_FLAG, FIELD(validate), 0, 0},
};

/* bsearch key: the option name is the argument up to '=' (not a C
 * string of its own). */
struct opt_key {
    const char *name;
    size_t len;
};

static int opt_compare(const void *k, const void *d)
{
    const struct opt_key *key = k;
    const struct opt_def *def = d;
    int c = strncmp(key->name, def->name, key->len);

    if (c != 0)
        return c;
    return def->name[key->len] == '\0' ? 0 : -1;
}

static const char *value_problem(const struct opt_def *def, const char *value,
                                 long *number)
{
    char *end;
    long n;

    switch (def->type) {
    case OPT_FLAG: return "takes no value";
    case OPT_NUMBER:
        errno = 0;
        n = strtol(value, &end, 10);
        if (errno != 0 || end == value || *end != '\0' || n < def->min ||
            n > def->max)
            return "not a whole number in range";
        *number = n;
        return NULL;
    case OPT_PATH: return value[0] == '/' ? NULL : "must be an absolute path";
    case OPT_TEMPLATE: return hfai_template_problem(value);
    case OPT_URL:
        if (strncmp(value, "https://", 8) != 0 &&
            strncmp(value, "http://", 7) != 0)
            return "must start with https:// or http://";
        return NULL;
    }
    return "unhandled type";
}

static void apply_option(pam_handle_t *pamh, struct hfp_options *opt,
                         const char *arg)
{
    const char *eq = strchr(arg, '=');
    struct opt_key key = {arg, eq != NULL ? (size_t)(eq - arg) : strlen(arg)};
    const struct opt_def *def;
    const char *problem;
    char *field;
    long number = 0;

    def = bsearch(&key, opt_table, sizeof(opt_table) / sizeof(opt_table[0]),
                  sizeof(opt_table[0]), opt_compare);
    if (def == NULL) {
        pam_syslog(pamh, LOG_ERR, "unknown option %s; ignored", arg);
        return;
    }
    field = (char *)opt + def->offset;
    if (def->type == OPT_FLAG) {
        if (eq != NULL) {
            pam_syslog(pamh, LOG_ERR, "option %s: takes no value; ignored",
                       arg);
            return;
        }
        *(bool *)field = true;
        return;
    }
    if (eq == NULL || eq[1] == '\0') {
        pam_syslog(pamh, LOG_ERR, "option %s: needs a value; ignored", arg);
        return;
    }
    problem = value_problem(def, eq + 1, &number);
    if (problem != NULL) {
        if (def->type == OPT_NUMBER)
            pam_syslog(pamh, LOG_ERR,
                       "option %s: not a whole number from %ld to %ld; "
                       "ignored",
                       arg, def->min, def->max);
        else
            pam_syslog(pamh, LOG_ERR, "option %s: %s; ignored", arg, problem);
        return;
    }
    if (def->type == OPT_NUMBER)
        *(long *)field = number;
    else
        *(const char **)field = eq + 1;
}

void hfp_options_parse(pam_handle_t *pamh, struct hfp_options *opt, int argc,
                       const char **argv)
{
    int i;

    memset(opt, 0, sizeof(*opt));
    opt->cache = HFP_DEFAULT_CACHE_S;
    opt->cache_dir = HFP_DEFAULT_CACHE_DIR;
    opt->hf_auth = HFA_HF_AUTH_PATH;
    opt->timeout = HFP_DEFAULT_TIMEOUT_MS;
    for (i = 0; i < argc; i++)
        if (argv[i] != NULL)
            apply_option(pamh, opt, argv[i]);
}
