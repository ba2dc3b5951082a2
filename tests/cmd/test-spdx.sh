#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/cmd/test-spdx.sh - every tracked source file, script, hook,
# makefile and man page carries "SPDX-License-Identifier: Apache-2.0" in
# its first 3 lines (tools/spdx-check), and tools/spdx-add puts the line
# where each kind of file can take it, once, whatever it is run on twice.
. "$HFA_SRC/tests/lib.sh"
case $HFA_BUILD in */asan) skip "checked once, on the plain build";; esac
ID='SPDX-License-Identifier: Apache-2.0'

# --- spdx-add and spdx-check on one file of each kind -------------------------
S=$T/samples
mkdir -p "$S/tests/unit/fixtures"
cd "$S" || fail "cd $S"
printf 'int x;\n' >a.c
printf '#!/bin/sh\necho hi\n' >b.sh
chmod 0755 b.sh
printf '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n"""doc"""\n' >c.py
printf "'\\\\\" t\n.TH X 1\n" >d.1
printf '.TH Y 8\n' >e.8
printf 'all:\n\ttrue' >f.mk
printf '#!/bin/bash\n# %s\necho done\n' "$ID" >g.sh
printf '{"a": 1}\n' >h.json
printf '# a hook\nfoo\n' >i.bash
printf '#!/usr/bin/make -f\n%%:\n\tdh $@\n' >rules
printf '#compdef hf-auth\n_hf-auth() { :; }\n' >_hf-auth
printf '[s]\nk = v\n' >tests/unit/fixtures/j.ini
printf 'fixture\n' >tests/unit/fixtures/k.expected
FILES=(a.c b.sh c.py d.1 e.8 f.mk g.sh h.json i.bash rules _hf-auth
       tests/unit/fixtures/j.ini tests/unit/fixtures/k.expected)

run "$HFA_SRC/tools/spdx-check" "${FILES[@]}"
assert_rc 1
assert_err_has "a.c: no '$ID' line in its first 3 lines"
assert_err_has "spdx-check: 9 files lack the licence line"
assert_err_lacks "g.sh"
assert_err_lacks "h.json"
assert_err_lacks "fixtures"

run "$HFA_SRC/tools/spdx-add" "${FILES[@]}"
assert_rc 0
assert_out_eq "a.c
b.sh
c.py
d.1
e.8
f.mk
i.bash
rules
_hf-auth
"
assert_file_eq a.c "/* $ID */
int x;
"
assert_file_eq b.sh "#!/bin/sh
# $ID
echo hi
"
assert_mode b.sh 755
assert_file_eq c.py "#!/usr/bin/env python3
# -*- coding: utf-8 -*-
# $ID
\"\"\"doc\"\"\"
"
assert_file_eq d.1 "'\\\" t
.\\\" $ID
.TH X 1
"
assert_file_eq e.8 ".\\\" $ID
.TH Y 8
"
assert_file_eq f.mk "# $ID
all:
	true"
assert_file_eq g.sh "#!/bin/bash
# $ID
echo done
"
assert_file_eq h.json '{"a": 1}
'
assert_file_eq i.bash "# $ID
# a hook
foo
"
assert_file_eq rules "#!/usr/bin/make -f
# $ID
%:
	dh \$@
"
# zsh autoloads a completion function only if #compdef is its first line.
assert_file_eq _hf-auth "#compdef hf-auth
# $ID
_hf-auth() { :; }
"
assert_file_eq tests/unit/fixtures/j.ini '[s]
k = v
'
# What it wrote still runs, and a second run changes nothing.
run sh b.sh
assert_out_eq "hi
"
run python3 c.py
assert_rc 0
cp -a "$S" "$T/after-first"
run "$HFA_SRC/tools/spdx-add" "${FILES[@]}"
assert_rc 0
assert_out_empty
diff -r "$T/after-first" "$S" >/dev/null || fail "a second spdx-add changed files"
run "$HFA_SRC/tools/spdx-check" "${FILES[@]}"
assert_rc 0

# --- the tree ------------------------------------------------------------------
git -C "$HFA_SRC" rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    skip "not a git checkout: the tree's files are not checked"
run "$HFA_SRC/tools/spdx-check"
[ "$RC" = 0 ] || fail "files without the licence line (run tools/spdx-add):
$ERR"
echo ok
