/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.h - the module's options: one struct, filled from the PAM
 * configuration line by one sorted table (options.c).
 */
#ifndef HFP_OPTIONS_H
#define HFP_OPTIONS_H

#include <stdbool.h>

#include <security/pam_modules.h>

/* Defaults (pam_hfauth(8), OPTIONS); the hf-auth path comes from the build. */
#ifndef HFA_HF_AUTH_PATH
#define HFA_HF_AUTH_PATH "/usr/local/bin/hf-auth"
#endif
#define HFP_DEFAULT_TIMEOUT_MS 2000L
#define HFP_DEFAULT_CACHE_S 300L
#define HFP_DEFAULT_CACHE_DIR "/run/hfauth"

struct hfp_options {
    long cache;            /* seconds a positive answer is trusted; 0: off */
    const char *cache_dir; /* root-owned 0700 folder of cache entries */
    bool debug;
    const char *endpoint;   /* HF_ENDPOINT for the child; NULL: PAM env */
    const char *hf_auth;    /* the hf-auth binary the child runs */
    long minimum_uid;       /* users below this uid are skipped; 0: none */
    bool override;          /* replace an HF_TOKEN already set */
    bool quiet;             /* no message to the user */
    bool refresh;           /* renew an expiring OAuth token (hf-auth token) */
    long timeout;           /* ms, hard cap on all child work of a session */
    const char *token_path; /* template: %u user, %h home, %% */
    bool validate;          /* ask the Hub (hf-auth whoami) */
};

/*
 * Fills `opt` with the defaults, then applies argv.  String options point
 * into argv (owned by libpam for the duration of the call).  An unknown
 * option or a bad value is logged at LOG_ERR and ignored: a typo in a PAM
 * file must never lock anybody out.
 */
void hfp_options_parse(pam_handle_t *pamh, struct hfp_options *opt, int argc,
                       const char **argv);

#endif /* HFP_OPTIONS_H */
