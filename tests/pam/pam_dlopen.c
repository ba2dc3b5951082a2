/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pam_dlopen.c - loads a PAM module the way libpam does (RTLD_NOW), so an
 * unresolved symbol fails here rather than at a login, and checks what it
 * exports: both session entry points, none of its internals.
 *
 *   pam_dlopen MODULE
 */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    static const char *const wanted[] = {"pam_sm_open_session",
                                         "pam_sm_close_session"};
    static const char *const hidden[] = {
        "hfp_open_session",     "hfp_read_token", "hfp_options_parse",
        "hfa_ctx_new_for_user", "hfa_get_token",  "pam_sm_authenticate",
    };
    void *h;
    size_t i;
    int bad = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: pam_dlopen MODULE\n");
        return 2;
    }
    h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
        if (dlsym(h, wanted[i]) == NULL) {
            fprintf(stderr, "missing: %s\n", wanted[i]);
            bad = 1;
        }
    for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
        if (dlsym(h, hidden[i]) != NULL) {
            fprintf(stderr, "exported: %s\n", hidden[i]);
            bad = 1;
        }
    dlclose(h);
    if (!bad)
        printf("ok\n");
    return bad;
}
