/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stored.c - one stored token, read as its owner would, with no lock: the
 * compute-node side of the Slurm plugin (lib/leaf/stored.h).  A reader
 * never needs the lock (writers replace the file by rename).
 */
#include "stored.h"
#include "ini.h"
#include "token.h"

#include <stdlib.h>
#include <string.h>

static hfa_status token_of(const hfai_ini *ini, const char *path,
                           const char *name, char **token, hfa_error *err)
{
    hfai_ini_section *section = NULL;
    for (size_t i = 0; i < ini->count && section == NULL; i++)
        if (strcmp(ini->sections[i].name, name) == 0)
            section = &ini->sections[i];
    size_t len = 0;
    /* With its length: a NUL byte in it is refused, not cut at. */
    const char *value =
        section ? hfai_ini_value(ini, section, "hf_token", &len) : NULL;
    if (value == NULL || len == 0)
        return hfai_fail(err, HFA_ERR_NOT_FOUND,
                         "no stored token named '%s' in %s", name, path);
    char *what = hfai_asprintf("stored token '%s' in %s", name, path);
    hfa_status status =
        what ? hfai_token_from_bytes(value, len, what, token, err)
             : hfai_nomem(err);
    free(what);
    if (status == HFA_OK && *token == NULL)
        status = hfai_fail(err, HFA_ERR_NOT_FOUND,
                           "stored token '%s' in %s is empty", name, path);
    return status;
}

hfa_status hfai_read_owned_stored_token(const char *path, uid_t owner,
                                        const char *name, char **token,
                                        hfa_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *token = NULL;
    hfa_status status =
        hfai_read_owned_file(path, "stored tokens file", owner,
                             HFAI_STORE_FILE_MAX, &text, &len, NULL, err);
    if (status != HFA_OK)
        return status;
    if (text == NULL)
        return hfai_fail(err, HFA_ERR_NOT_FOUND,
                         "no stored token named '%s': %s does not exist", name,
                         path);
    hfai_ini ini;
    status = hfai_ini_parse(text, len, path, &ini, err);
    hfai_wipe(text, len);
    free(text);
    if (status != HFA_OK)
        return status;
    status = token_of(&ini, path, name, token, err);
    hfai_ini_free(&ini);
    return status;
}
