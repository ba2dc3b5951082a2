# SPDX-License-Identifier: Apache-2.0
"""tests/docblocks.py - the code examples of the documentation, read once
for every test that runs them (tests/pam/test-pam-manpage.sh,
tests/slurm/test-spank-cluster.sh): the .EX/.EE blocks of a man page's
EXAMPLES section, with the roff undone, and the code blocks of a Markdown
file.  Imported by the tests' embedded Python (sys.path gets tests/)."""
import sys

def unroff(line):
    for a, b in [("\\(dq", '"'), ("\\(aq", "'"), ("\\-", "-"), ("\\&", ""),
                 ("\\e", "\x00")]:
        line = line.replace(a, b)
    return line.replace("\\\\", "\\").replace("\x00", "\\")

def joined(lines):
    """Lines with a trailing backslash joined to the next (as PAM and sh do)."""
    result, pending = [], ""
    for line in lines:
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        result.append(pending + line)
        pending = ""
    if pending:
        result.append(pending)
    return result

def roff_examples(path, name):
    """The .EX/.EE blocks of a man page's EXAMPLES section."""
    blocks, block, inside = [], None, False
    for raw in open(path, encoding="utf-8").read().splitlines():
        if raw.startswith(".SH"):
            inside = raw.split(None, 1)[1].strip('"') == "EXAMPLES"
        elif inside and raw.startswith(".EX"):
            block = []
        elif inside and raw.startswith(".EE"):
            blocks.append(joined(block))
            block = None
        elif block is not None and not raw.startswith("."):
            block.append(unroff(raw))
    if not blocks:
        sys.exit(f"{name}: no example in an EXAMPLES section")
    return blocks

def markdown_blocks(path):
    """Fenced and indented code blocks, with their first line's number."""
    lines = open(path, encoding="utf-8").read().splitlines()
    blocks, i = [], 0
    while i < len(lines):
        if lines[i].startswith("```"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            blocks.append((i + 2, lines[i + 1:j]))
            i = j + 1
        elif lines[i].startswith("    ") and (i == 0 or not lines[i - 1].strip()):
            j = i
            while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
                j += 1
            body = [l[4:] for l in lines[i:j]]
            while body and not body[-1].strip():
                body.pop()
            blocks.append((i + 1, body))
            i = j
        else:
            i += 1
    return lines, blocks
