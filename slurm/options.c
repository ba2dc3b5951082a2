/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.c - parses the plugstack.conf arguments into struct hfs_options.
 *
 * As in the PAM module: one sorted table maps each option to a field and a
 * type, so a new option is one field and one row; a mistake is logged and
 * skipped, keeping the default.  The worst a typo may do is leave HF_TOKEN
 * as the job had it.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "options.h"
#include "template.h"

enum opt_type { OPT_FLAG, OPT_TEMPLATE };

struct opt_def {
    const char *name;
    enum opt_type type;
    size_t offset;
};

#define FIELD(f) offsetof(struct hfs_options, f)

/* Sorted by name (strcmp order): looked up with bsearch. */
static const struct opt_def opt_table[] = {
    {"debug", OPT_FLAG, FIELD(debug)},
    {"override", OPT_FLAG, FIELD(override)},
    {"strip", OPT_FLAG, FIELD(strip)},
    {"token_path", OPT_TEMPLATE, FIELD(token_path)},
};

/* bsearch key: the option name is the argument up to '='. */
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

static void apply_option(struct hfs_state *st, const char *arg)
{
    const char *eq = strchr(arg, '=');
    struct opt_key key = {arg, eq != NULL ? (size_t)(eq - arg) : strlen(arg)};
    const struct opt_def *def;
    const char *problem;
    char *field;
    char shown[256];

    def = bsearch(&key, opt_table, sizeof(opt_table) / sizeof(opt_table[0]),
                  sizeof(opt_table[0]), opt_compare);
    if (def == NULL) {
        hfs_error(st, "unknown option %s; ignored",
                  hfs_printable(arg, shown, sizeof(shown)));
        return;
    }
    field = (char *)&st->opt + def->offset;
    if (def->type == OPT_FLAG) {
        if (eq != NULL) {
            hfs_error(st, "option %s: takes no value; ignored",
                      hfs_printable(arg, shown, sizeof(shown)));
            return;
        }
        *(bool *)field = true;
        return;
    }
    if (eq == NULL || eq[1] == '\0') {
        hfs_error(st, "option %s: needs a value; ignored",
                  hfs_printable(arg, shown, sizeof(shown)));
        return;
    }
    problem = hfai_template_problem(eq + 1);
    if (problem != NULL) {
        hfs_error(st, "option %s: %s; ignored",
                  hfs_printable(arg, shown, sizeof(shown)), problem);
        return;
    }
    *(const char **)field = eq + 1;
}

void hfs_options_parse(struct hfs_state *st, int argc, char **argv)
{
    int i;

    memset(&st->opt, 0, sizeof(st->opt));
    for (i = 0; i < argc; i++)
        if (argv[i] != NULL)
            apply_option(st, argv[i]);
}
