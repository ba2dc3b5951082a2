/* SPDX-License-Identifier: Apache-2.0 */
/* TEMPORARY stand-in for lib/token.h (the library's leaf reader), until it
 * lands on main; deleted by the merge.  Same declarations. */
#ifndef HFS_SHIM_TOKEN_H
#define HFS_SHIM_TOKEN_H
#include <sys/types.h>
#include <hfauth.h>
#define HFAI_TOKEN_FILE_MAX 4096
hfa_status hfai_read_owned_token(const char *path, uid_t owner, char **token,
                                 hfa_error *err);
#endif
