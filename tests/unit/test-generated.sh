#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/unit/test-generated.sh - what is generated from Python and committed
# is what this machine's Python generates: lib/pylower.h (str.lower()'s
# exceptions to towlower(), tools/pylower.py) and the configparser fixtures
# (tests/unit/make_fixtures.py), which tests/unit/test_ini_compat.c reads.
# A stale copy would make the C side agree with an older Python, not this
# one.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in
*/asan | */clang) skip "checked once, on the plain build" ;;
esac
PY=$(command -v /usr/bin/python3 || command -v python3) || skip "no python3"
"$PY" "$HFA_SRC/tools/pylower.py" --check ||
    fail "lib/pylower.h is stale: python3 tools/pylower.py"
"$PY" "$HFA_SRC/tests/unit/make_fixtures.py" --check ||
    fail "the configparser fixtures are stale: python3 tests/unit/make_fixtures.py"
echo "test-generated: all passed"
