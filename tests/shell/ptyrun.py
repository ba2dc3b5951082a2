#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tests/shell/ptyrun.py - drives an interactive shell through a pseudo-terminal.

Prompt hooks and TAB completion only run in interactive shells, so these
tests type into a real one:

    python3 ptyrun.py [--timeout SECONDS] CMD [ARGS...] < SCRIPT

SCRIPT, one action a line:
    >TEXT    type TEXT; \\t \\r \\n \\\\ \\xHH \\uHHHH are escapes
    ?REGEX   wait until what the shell printed since the last match matches
    !CMD     run CMD with sh -c and wait for it (e.g. switch from "elsewhere")
    #...     a comment

After the last line the shell must exit by itself (end the script with
`>exit\\r`).  Exit status: 0 when all went as scripted, 1 on a timeout or
when the shell did not exit (the transcript goes to stderr), 2 bad usage.
"""
import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time


def unescape(text):
    return (text.encode('latin-1', 'backslashreplace')
            .decode('unicode_escape').encode('utf-8'))


def main():
    args = sys.argv[1:]
    timeout = 10.0
    if len(args) >= 2 and args[0] == '--timeout':
        timeout = float(args[1])
        args = args[2:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    script = sys.stdin.read().splitlines()
    env = dict(os.environ, TERM='xterm')

    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(args[0], args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 50, 200, 0, 0))

    seen = b''       # output not yet consumed by a `?` line
    transcript = b''

    def pump(wait):
        nonlocal seen, transcript
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:      # EIO: the shell has gone
            return False
        if not data:
            return False
        seen += data
        transcript += data
        return True

    def fail(why):
        sys.stderr.write('ptyrun.py: %s\n--- transcript ---\n%s\n' %
                         (why, transcript.decode('utf-8', 'replace')))
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        return 1

    for line in script:
        if line.startswith('>'):
            os.write(fd, unescape(line[1:]))
        elif line.startswith('?'):
            pattern = re.compile(line[1:].encode('utf-8'))
            deadline = time.monotonic() + timeout
            while True:
                m = pattern.search(seen)
                if m:
                    seen = seen[m.end():]
                    break
                left = deadline - time.monotonic()
                if left <= 0 or not pump(left):
                    return fail('no match for %r' % line[1:])
        elif line.startswith('!'):
            if subprocess.run(['sh', '-c', line[1:]]).returncode != 0:
                return fail('failed: %s' % line[1:])
        elif line and not line.startswith('#'):
            print('ptyrun.py: bad script line: %r' % line, file=sys.stderr)
            return 2

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pump(deadline - time.monotonic()):
            break
    else:
        return fail('the shell did not exit')
    _, status = os.waitpid(pid, 0)
    return 0 if os.WIFEXITED(status) else fail('the shell was killed')


if __name__ == '__main__':
    sys.exit(main())
