#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/shell/test-hook-lint.sh - `make lint-shell` is clean: shellcheck on
# the bash hook, the profile.d snippet and these tests, `zsh -n` and
# `fish --no-execute` on the zsh and fish hooks.
. "$HFA_SRC/tests/lib.sh"
for tool in shellcheck zsh fish; do
    command -v $tool >/dev/null || skip "$tool is not installed (make deps)"
done
unset MAKEFLAGS MAKELEVEL MFLAGS
run make -s -C "$HFA_SRC" lint-shell
assert_rc 0
assert_out_empty
assert_err_eq ""
