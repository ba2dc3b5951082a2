/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template.c - token_path=TEMPLATE, as the PAM module and the Slurm plugin
 * take it (lib/leaf/template.h).
 */
#include "template.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

const char *hfai_template_problem(const char *template)
{
    if (template[0] != '/' && strncmp(template, "%h", 2) != 0)
        return "must start with / or %h";
    for (const char *p = template; *p != '\0'; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p != 'u' && *p != 'h' && *p != '%')
            return "only %u, %h and %% may follow %";
    }
    return NULL;
}

char *hfai_template_expand(const char *template, const char *user,
                           const char *home)
{
    char out[PATH_MAX];
    size_t used = 0;
    for (const char *t = template; *t != '\0'; t++) {
        char one[2] = {*t, '\0'};
        const char *piece = one;
        if (*t == '%' && t[1] != '\0') {
            t++;
            piece = *t == 'u' ? user : *t == 'h' ? home : "%";
        }
        size_t add = strlen(piece);
        if (used + add >= sizeof(out))
            return NULL;
        memcpy(out + used, piece, add);
        used += add;
    }
    out[used] = '\0';
    return out[0] == '/' ? strdup(out) : NULL;
}
