#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tests/clean_text.py - checks that output holds no control character.

    clean_text.py [--terminal] FILE...

Plain mode (what a command wrote to a pipe or a file, a log): the bytes
must be well-formed UTF-8 (so no raw 0x80-0x9F byte, which an 8-bit
terminal reads as a C1 control: 0x9B is CSI) and hold no C0 control but
the newline, no DEL and no C1 control U+0080..U+009F (C2 80..C2 9F).

--terminal (a pty transcript, where readline draws with escape sequences
of its own): none of what the tests inject may appear: no BEL, no OSC
(ESC ]), no ESC [2J (clear screen), no ESC [31m, no C1 control, raw or
as UTF-8.

Exit 0 when clean; 1, naming each file, offset and byte, when not.
"""

import sys

INJECTED = [b"\x07", b"\x1b]", b"\x1b[2J", b"\x1b[31m"]


def c1_or_bad_bytes(data):
    """Offsets of C1 controls (UTF-8) and of bytes that are not UTF-8."""
    found = []
    at = 0
    while at < len(data):
        for width in (1, 2, 3, 4):
            try:
                char = data[at:at + width].decode("utf-8")
            except UnicodeDecodeError:
                continue
            break
        else:
            found.append((at, data[at:at + 1]))
            at += 1
            continue
        if 0x80 <= ord(char) <= 0x9F:
            found.append((at, data[at:at + width]))
        at += width
    return found


def problems(data, terminal):
    found = c1_or_bad_bytes(data)
    if terminal:
        for needle in INJECTED:
            at = data.find(needle)
            while at >= 0:
                found.append((at, needle))
                at = data.find(needle, at + 1)
    else:
        found += [(i, bytes([b])) for i, b in enumerate(data)
                  if (b < 0x20 and b != 0x0A) or b == 0x7F]
    return sorted(found)


def main(argv):
    terminal = "--terminal" in argv
    files = [a for a in argv if a != "--terminal"]
    if not files:
        print(__doc__, file=sys.stderr)
        return 2
    dirty = False
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        for at, piece in problems(data, terminal)[:5]:
            dirty = True
            context = data[max(0, at - 20):at + 20]
            print(f"{path}: offset {at}: {piece!r} in {context!r}")
    return 1 if dirty else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
