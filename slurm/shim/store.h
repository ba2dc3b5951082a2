/* SPDX-License-Identifier: Apache-2.0 */
/* TEMPORARY stand-in for lib/store.h's readers; deleted by the merge. */
#ifndef HFS_SHIM_STORE_H
#define HFS_SHIM_STORE_H
#include <sys/types.h>
#include <hfauth.h>
hfa_status hfai_read_owned_stored_token(const char *path, uid_t owner,
                                        const char *name, char **token,
                                        hfa_error *err);
#endif
