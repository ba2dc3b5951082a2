/* SPDX-License-Identifier: Apache-2.0 */
/*
 * template.h - the token_path=TEMPLATE option the PAM module and the Slurm
 * plugin share (lib/template.c): %u the user's name, %h their home, %% a
 * percent sign.  An admin's option, expanded for the user being logged in
 * or whose job starts; it uses nothing else of the library.
 */
#ifndef HFAUTH_TEMPLATE_H
#define HFAUTH_TEMPLATE_H

/* Why `template` is no token_path=, or NULL: it must start with '/' or %h
 * (a home is absolute) and may use only %u, %h and %%. */
const char *hfai_template_problem(const char *template);

/* The template expanded for `user` and `home`: a malloc'd absolute path,
 * or NULL when it does not fit PATH_MAX or is not absolute (a home that
 * is not), or memory runs out. */
char *hfai_template_expand(const char *template, const char *user,
                           const char *home);

#endif /* HFAUTH_TEMPLATE_H */
