#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tests/fuzz/make_seeds.py - writes the seed corpora of the fuzz targets.

    python3 tests/fuzz/make_seeds.py           (re)write tests/fuzz/corpus/
    python3 tests/fuzz/make_seeds.py --check   exit 1 if a seed is stale

corpus/ini/ starts from what Python's configparser itself writes, the way
huggingface_hub's _save_stored_tokens() writes stored_tokens (a fresh
ConfigParser, one section per token name in sorted order, key hf_token),
plus hand-made files configparser reads or rejects, lines of the
NAME<TAB>VALUE form fuzz_ini.c applies as set operations, and the unit
tests' fixtures (tests/unit/fixtures/*.ini).  The other corpora are small
hand-made lists below.  Output is deterministic.

Files named regress-* are inputs the fuzzers once failed on: they are added
by hand, this script never writes or removes them.
"""

import configparser
import glob
import io
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
FIXTURES = os.path.join(HERE, "..", "unit", "fixtures")

# configparser's writer as the unit fixtures use it: one definition.
sys.path.insert(0, os.path.join(HERE, "..", "unit"))
from make_fixtures import raw_write  # noqa: E402


def hf_write(tokens, interpolation=True):
    """huggingface_hub's _save_stored_tokens(): sorted names, hf_token."""
    config = (configparser.ConfigParser() if interpolation
              else configparser.ConfigParser(interpolation=None))
    for name in sorted(tokens):
        config.add_section(name)
        for key, value in tokens[name].items():
            config.set(name, key, value)
    out = io.StringIO()
    config.write(out)
    return out.getvalue().encode("utf-8")


def ini_seeds():
    tok = "hf_aliceWriteToken0001"
    seeds = {
        "hf-one": hf_write({"work": {"hf_token": tok}}),
        "hf-three": hf_write({
            "work": {"hf_token": tok},
            "personal": {"hf_token": "hf_aliceReadToken00002"},
            "ci token": {"hf_token": "hf_bobFineGrained00003"},
        }),
        "hf-oauth": hf_write({
            "oauth-alice": {"hf_token": "hf_oauth_0123456789abcdef",
                            "refresh_token": "hf_oauth_refresh_0123456789",
                            "expires_at": "1700000000"},
            "work": {"hf_token": tok},
        }, interpolation=False),
        "hf-odd-names": hf_write({
            "caf\u00e9": {"hf_token": tok},
            "\u65e5\u672c\u8a9e": {"hf_token": tok},
            "a]b": {"hf_token": tok},
            "[x": {"hf_token": tok},
            "]": {"hf_token": tok},
            "k = v": {"hf_token": tok},
            "k: v": {"hf_token": tok},
            "#hash": {"hf_token": tok},
            ";semi": {"hf_token": tok},
            " lead": {"hf_token": tok},
            "trail ": {"hf_token": tok},
            "default": {"hf_token": tok},
            "\u00a0nbsp\u00a0": {"hf_token": tok},
            "\U0001f917 hugging": {"hf_token": tok},
        }, interpolation=False),
        "hf-extra-keys": raw_write(
            {"work": {"hf_token": tok, "note": "kept as is",
                      "x-custom": "a = b : c"}},
        ),
        "cp-default": raw_write(
            {"work": {"hf_token": tok}, "other": {}},
            defaults={"hf_token": "hf_fromDefault0000000", "extra": "1"}),
        "cp-multiline": raw_write(
            {"work": {"hf_token": tok, "note": "line one\nline two\n\nline four"}}),
        "cp-empty-value": raw_write({"work": {"hf_token": "", "empty": ""}}),
        "cp-empty": raw_write({}),
        "hand-continuation":
            b"[work]\nhf_token = first\n    second\n\tthird\n\n  fourth\n"
            b"next = x\n",
        "hand-cr-lf-mix":
            b"[a]\r\nhf_token = one\r[b]\nhf_token = two\r\n\r\n[c]\rhf_token"
            b" = three",
        "hand-colons-spacing":
            b"[work]\n  HF_Token   :   hf_abc  \n\tRefresh_Token=hf_def\n",
        "hand-comments":
            b"# comment\n; other\n[work]\n# inside\nhf_token = a # not a"
            b" comment\n  ; indented comment\n",
        "hand-default-middle":
            b"[a]\nhf_token = x\n[DEFAULT]\nshared = y\n[b]\nhf_token = z\n",
        "hand-unicode-ws":
            "[work]\n\u3000hf_token\u2003=\u00a0tok\u2029\n"
            "\u2028continued\n\u0085\n".encode("utf-8"),
        "hand-indent-levels":
            b"[s]\n   k = v\n  j = w\n     deeper\n   [not a section]\n",
        "hand-header-tricks":
            b"[a]b = c]\nk = v\n[]]\nk = v\n[[]\nk = v\n[]\n",
        "bad-dup-section": b"[a]\nhf_token = x\n[a]\nhf_token = y\n",
        "bad-dup-key": b"[a]\nhf_token = x\nHF_TOKEN = y\n",
        "bad-no-header": b"hf_token = x\n[a]\n",
        "bad-no-delimiter": b"[a]\njust words\n",
        "bad-bom": b"\xef\xbb\xbf[a]\nhf_token = x\n",
        "bad-nul": b"[a]\nhf_token = x\x00y\n",
        "bad-empty-key": b"[a]\n = x\n",
        "bad-latin1": b"[caf\xe9]\nhf_token = x\n",
        # str.lower() is Python's key transform: full case mapping, so
        # U+0130 gives "i" + U+0307 and a final capital sigma gives U+03C2.
        "compat-dotted-capital-i": "[a]\nK\u0130 = v\n".encode("utf-8"),
        "compat-final-sigma": "[a]\n\u0391\u03a3 = v\n".encode("utf-8"),
        "compat-final-sigma-duplicate":
            "[a]\nx\u03a3 = v\nx\u03c2 = w\n".encode("utf-8"),
        "ops-names":
            b"work\thf_aliceWriteToken0001\n"
            b"a]b\thf_x\n"
            b"[x]\thf_y\n"
            b"k = v\t1700000000\n"
            b"\xe2\x80\xa8sep\thf_z\n"
            b"#hash\thf_w\n"
            b"work\trotated_token\n",
        "ops-rejected":
            b"DEFAULT\thf_a\n"
            b"ctl\x1b[31m\thf_b\n"
            b"c1\xc2\x85x\thf_c\n"
            b"ok\thf has space\n",
    }
    for path in sorted(glob.glob(os.path.join(FIXTURES, "*.ini"))):
        name = os.path.basename(path)[:-len(".ini")]
        with open(path, "rb") as f:
            seeds["fixture-" + name] = f.read()
    return seeds


def token_clean_seeds():
    tok = b"hf_aliceWriteToken0001"
    return {
        "plain": tok,
        "newline": tok + b"\n",
        "crlf": tok + b"\r\n",
        "spaces": b"  \t" + tok + b" \n\n",
        "inner-crlf": b"hf_alice\r\nWrite\nToken",
        "inner-space": b"hf_alice WriteToken",
        "equals": b"hf_a=b",
        "empty": b"",
        "blank-lines": b"\n\r\n \t\x0b\x0c\x1c\x1d\x1e\x1f\n",
        "nul": b"hf_abc\x00def",
        "nul-only": b"\x00",
        "escape": b"hf_\x1b[31mred",
        "del": b"hf_abc\x7f",
        "latin1": b"hf_caf\xe9",
        "utf8": "hf_caf\u00e9".encode("utf-8"),
        "c1-nel": b"\xc2\x85" + tok,
        "max-len": b"hf_" + b"a" * 4093,
        "over-len": b"hf_" + b"a" * 4094,
        "over-len-stripped": b" " * 10 + b"hf_" + b"a" * 4083 + b"\n",
    }


def export_seeds():
    return {
        "plain": b"hf_aliceWriteToken0001",
        "empty": b"",
        "single-quote": b"it's",
        "quotes-only": b"'''",
        "double-quote": b'say "hi"',
        "dollar-paren": b"$(hfa_canary)",
        "backquote": b"`hfa_canary`",
        "dollar-var": b"$HOME ${HOME} $0 $$ $? $@",
        "fish-cmdsub": b"(hfa_canary) $(hfa_canary)",
        "break-out-posix": b"'; hfa_canary; '",
        "break-out-fish": b"\\'; hfa_canary; echo \\'",
        "backslashes": b"\\ \\\\ \\' \\\" \\n \\x41 \\",
        "trailing-backslash": b"abc\\",
        "newline": b"a\nhfa_canary\nb",
        "crlf": b"a\r\nb\r",
        "trailing-newlines": b"abc\n\n",
        "semicolon-amp": b"a; hfa_canary & hfa_canary | hfa_canary && b",
        "glob": b"* ? [a-z] ~ ~root {a,b}",
        "history": b"!! !-1 !hfa_canary ^a^b",
        "comment": b"# not a comment ; end",
        "non-ascii": "caf\u00e9 \u65e5\u672c \U0001f917".encode("utf-8"),
        "invalid-utf8": b"\xff\xfe\xc3\x28\xe2\x82",
        "fish-pua": "\uf600\uf6ff\ufdd0".encode("utf-8"),
        "dash-ctl": bytes(range(0x80, 0x90)),
        "bash-ctl": b"\x01\x7f\x01\x01\x7f",
        "controls": bytes(range(1, 32)) + b"\x7f",
        "high-bytes": bytes(range(0x90, 0x100)),
        "brace-fish": b"{a,b} %self \\x41",
        "long": b"x'" * 300,
    }


def whoami_seeds():
    user = {
        "type": "user", "id": "65a1b2c3d4e5f60718293a4b", "name": "alice",
        "fullname": "Alice Example", "email": "alice@example.com",
        "emailVerified": True, "canPay": False, "periodEnd": None,
        "isPro": False,
        "avatarUrl": "https://cdn-avatars.huggingface.co/v1/production/a.png",
        "orgs": [{"type": "org", "id": "65a1b2c3d4e5f60718293a4c",
                  "name": "acme", "fullname": "Acme", "email": None,
                  "canPay": False, "periodEnd": None, "avatarUrl": "x",
                  "roleInOrg": "write", "isEnterprise": False}],
        "auth": {"type": "access_token",
                 "accessToken": {"displayName": "work", "role": "write",
                                 "createdAt": "2024-01-01T00:00:00.000Z"}},
    }
    fine = json.loads(json.dumps(user))
    fine["auth"]["accessToken"] = {
        "displayName": "ci token", "role": "fineGrained",
        "createdAt": "2024-01-01T00:00:00.000Z",
        "fineGrained": {"canReadGatedRepos": True, "global": [],
                        "scoped": [{"entity": {"_id": "x", "type": "user",
                                               "name": "alice"},
                                    "permissions": ["repo.content.read"]}]}}
    oauth = json.loads(json.dumps(user))
    oauth["auth"] = {"type": "oauth", "expiresAt": "2024-01-01T08:00:00Z"}
    org = {"type": "org", "id": "1", "name": "acme", "fullname": "Acme",
           "auth": {"type": "access_token",
                    "accessToken": {"displayName": "org", "role": "write"}}}
    good = json.dumps(user).encode()
    return {
        "user": good,
        "fine-grained": json.dumps(fine).encode(),
        "oauth": json.dumps(oauth).encode(),
        "org": json.dumps(org).encode(),
        "minimal": b'{"name":"a"}',
        "no-name": b'{"fullname":"x","orgs":[]}',
        "empty-name": b'{"name":""}',
        "wrong-types": b'{"name":1,"orgs":{"name":"x"},"auth":[1]}',
        "orgs-mixed": b'{"name":"a","orgs":[1,null,{"name":2},{"name":"ok"},'
                      b'{},"s",[{"name":"n"}]]}',
        "nul-escape": b'{"name":"a\\u0000b","auth":{"accessToken":'
                      b'{"displayName":"x\\u0000\\n[evil]","role":"write"}}}',
        "escapes": '{"name":"\\ud83e\\udd17 \\u00e9\\t\\"\\\\\\/",'
                   '"fullname":"\\ud800","type":"\\udfff"}'.encode(),
        "dup-keys": b'{"name":"a","name":"b","orgs":[],"orgs":[{"name":"c"}]}',
        "truncated": good[: len(good) // 2],
        "deep-array": b"[" * 2000 + b"]" * 2000,
        "deep-object": b'{"a":' * 1100 + b"1" + b"}" * 1100,
        "deep-auth": b'{"name":"a","auth":' + b'{"accessToken":' * 900 +
                     b"{}" + b"}" * 900 + b"}",
        "huge-numbers": b'{"name":"a","canPay":1e999999,"periodEnd":'
                        b'-1e999999,"id":123456789012345678901234567890}',
        "not-object": b'"just a string"',
        "null": b"null",
        "empty": b"",
        "trailing-garbage": good + b" trailing",
        "bom": b"\xef\xbb\xbf" + good,
        "invalid-utf8": b'{"name":"\xff\xfe","orgs":[{"name":"\xc3\x28"}]}',
        "many-orgs": json.dumps(
            {"name": "a", "orgs": [{"name": "o%d" % i} for i in range(300)]}
        ).encode(),
    }


def oauth_seeds():
    device = {
        "device_code": "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5",
        "user_code": "ABCD-EFGH",
        "verification_uri": "https://huggingface.co/oauth/device",
        "verification_uri_complete":
            "https://huggingface.co/oauth/device?user_code=ABCD-EFGH",
        "expires_in": 900, "interval": 5}
    grant = {"access_token": "hf_oauth_0123456789abcdef0123456789abcdef",
             "token_type": "bearer", "expires_in": 28800,
             "scope": "openid profile read-repos write-repos manage-repos "
                      "inference-api",
             "refresh_token": "hf_oauth_refresh_0123456789abcdef"}

    def with_(base, **changes):
        d = dict(base)
        for k, v in changes.items():
            if v is None:
                d.pop(k, None)
            else:
                d[k] = v
        return json.dumps(d).encode()

    return {
        "device": json.dumps(device).encode(),
        "device-minimal": with_(device, verification_uri_complete=None,
                                expires_in=None, interval=None),
        "device-no-code": with_(device, device_code=None),
        "device-escape-user-code": with_(device, user_code="AB\u001b[2JCD"),
        "device-c1-user-code": with_(device, user_code="AB\u009b2JCD"),
        "device-newline-uri": with_(device, verification_uri="https://a\nb"),
        "device-interval-fraction": with_(device, interval=0.5),
        "device-expires-fraction": with_(device, expires_in=0.9),
        "device-interval-zero": with_(device, interval=0),
        "device-interval-negative": with_(device, interval=-5),
        "device-interval-huge": with_(device, interval=1e300,
                                      expires_in=99999999999),
        "device-wrong-types": with_(device, interval="5", expires_in=None,
                                    user_code=5),
        "grant": json.dumps(grant).encode(),
        "grant-no-refresh": with_(grant, refresh_token=None, expires_in=None),
        "grant-bad-token": with_(grant, access_token="hf has space"),
        "grant-bad-refresh": with_(grant, refresh_token="line\nbreak"),
        "grant-nul-token": b'{"access_token":"hf_a\\u0000b c"}',
        "grant-expires-fraction": with_(grant, expires_in=0.5),
        "grant-expires-huge": with_(grant, expires_in=1e308),
        "grant-long-token": with_(grant, access_token="hf_" + "a" * 5000),
        "error-pending": b'{"error":"authorization_pending"}',
        "error-slow-down": b'{"error":"slow_down","error_description":"x"}',
        "both": json.dumps({**device, **grant}).encode(),
        "truncated": json.dumps(device).encode()[:40],
        "deep": b'{"device_code":' * 1100 + b'"x"' + b"}" * 1100,
        "huge-number": b'{"interval":' + b"9" * 400 + b"}",
        "empty": b"",
        "not-json": b"<html>502 Bad Gateway</html>",
    }


def safe_text_seeds():
    return {
        "plain": b"alice",
        "printable": bytes(range(0x20, 0x7F)),
        "c0-del": bytes(range(1, 0x20)) + b"\x7f",
        "osc-title": b"mal\x1b]0;owned\x07lory",
        "osc52-clipboard": b"\x1b]52;c;SGVsbG8=\x07\x1b]52;c;SGk=\x1b\\",
        "csi-clear": b"\x1b[2J\x1b[H\x1b[31mred\r\n",
        "c1-utf8": b"a\xc2\x80\xc2\x85\xc2\x9b31m\xc2\x9d0;t\xc2\x9c\xc2\x9f",
        "c1-raw": b"a\x80\x85\x9b31m\x9d0;t\x9c\x9f",
        "forged-log": b"/home/a\nDec  1 12:00:00 host sshd[1]: Accepted "
                      b"publickey for root/token",
        "utf8": "caf\u00e9 \u65e5\u672c \U0001f917 \u00a0\u00a9\ufffd"
                .encode("utf-8"),
        "bidi": "a\u202ecba\u202a\u202b\u202c\u202d\u2066\u2067\u2068"
                "\u2069\u2028\u2029\u2027\u202f\u2065\u206a".encode("utf-8"),
        "bad-utf8": b"caf\xe9 \xff\xfe \xc3\x28 \xc0\xaf \xe0\x80\xaf "
                    b"\xed\xa0\x80 \xf4\x90\x80\x80 \xf8\x88\x80\x80\x80",
        "cut-sequences": b"a\xe2\x82 b\xf0\x9f\xa4 c\xc2",
        "nul-inside": b"before\x00\x1b[2Jafter",
        "question-marks": b"??\x1b?\x9b?",
        "long": (b"ab\xc3\xa9\x1b" * 900)[:4096],
    }


CORPORA = {
    "ini": ini_seeds,
    "token_clean": token_clean_seeds,
    "export": export_seeds,
    "whoami": whoami_seeds,
    "oauth": oauth_seeds,
    "safe_text": safe_text_seeds,
}


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    for target, make in CORPORA.items():
        folder = os.path.join(CORPUS, target)
        os.makedirs(folder, exist_ok=True)
        for name, data in make().items():
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as f:
                    current = f.read()
            except FileNotFoundError:
                current = None
            if current == data:
                continue
            if check:
                stale.append(path)
            else:
                with open(path, "wb") as f:
                    f.write(data)
    if stale:
        print("stale seeds (run tests/fuzz/make_seeds.py):", *stale,
              sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
