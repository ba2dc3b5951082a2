#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""tests/unit/make_fixtures.py - writes the configparser compatibility
fixtures that tests/unit/test_ini_compat.c reads.

    python3 tests/unit/make_fixtures.py           (re)write tests/unit/fixtures/
    python3 tests/unit/make_fixtures.py --check   exit 1 if they are stale

Python's own configparser is the reference: each fixture NAME.ini comes
with NAME.expected.json, which is what configparser reads from it (or the
error it raises and the line it names).  Three kinds, listed in index.txt:

    roundtrip  written by configparser itself, sections in sorted order (as
               huggingface_hub writes stored_tokens): our reader must read
               exactly the expected data and our writer must give back the
               very same bytes.
    accepted   written by hand, read by configparser: our reader must read
               the expected data, and re-reading what our writer makes of it
               must give the same data again (the bytes may differ).
    rejected   configparser refuses them (strict mode): our reader must
               refuse them too, naming the same line.

Output is deterministic: the same Python gives the same bytes, so the
fixtures are committed and --check catches a stale set.
"""

import configparser
import io
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")


# --- how configparser writes ---------------------------------------------

def hf_write(tokens):
    """huggingface_hub's _save_stored_tokens(): a fresh ConfigParser (its
    default interpolation), one section per name in sorted order, key
    hf_token, config.write()."""
    config = configparser.ConfigParser()
    for name in sorted(tokens):
        config.add_section(name)
        config.set(name, "hf_token", tokens[name])
    out = io.StringIO()
    config.write(out)
    return out.getvalue().encode("utf-8")


def raw_write(sections, defaults=None):
    """ConfigParser(interpolation=None) with [DEFAULT] keys and sections
    added in sorted order (keys in the given order), config.write()."""
    config = configparser.ConfigParser(interpolation=None)
    for key, value in (defaults or {}).items():
        config.set(configparser.DEFAULTSECT, key, value)
    for name in sorted(sections):
        config.add_section(name)
        for key, value in sections[name].items():
            config.set(name, key, value)
    out = io.StringIO()
    config.write(out)
    return out.getvalue().encode("utf-8")


# --- how configparser reads -----------------------------------------------

def read(data):
    """What configparser reads from `data` opened as a file (universal
    newlines, UTF-8): a dict for the JSON, or raises configparser.Error."""
    fd, path = tempfile.mkstemp(suffix=".ini")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        config = configparser.ConfigParser(interpolation=None)
        config.read(path, encoding="utf-8")
    finally:
        os.unlink(path)
    # A section's own keys: CPython keeps them apart from [DEFAULT]'s in
    # _sections; the public items() merges the two (kept as "merged").
    data = {
        "defaults": dict(config.defaults()),
        "sections": {name: dict(config._sections[name])
                     for name in config.sections()},
        "merged": {name: dict(config.items(name, raw=True))
                   for name in config.sections()},
    }
    # A C reader of the JSON (cJSON) stops a string at a NUL: such values
    # are also given as UTF-8 in hex, for an exact comparison.
    nul = {name: {k: v.encode().hex() for k, v in keys.items() if "\0" in v}
           for name, keys in data["merged"].items()}
    nul = {name: keys for name, keys in nul.items() if keys}
    if nul:
        data["nul_values_hex"] = nul
    return data


def decode_error_line(data, e):
    """The line (universal newlines) of the byte Python could not decode."""
    before = data[:e.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return before.count(b"\n") + 1


def error_line(e):
    """The line configparser names for a strict-mode error."""
    if isinstance(e, configparser.MissingSectionHeaderError):
        return e.lineno
    if isinstance(e, configparser.ParsingError):
        return e.errors[0][0]
    return e.lineno


# --- the fixtures ----------------------------------------------------------

def roundtrip_fixtures():
    yield "hf_stored_tokens", hf_write({
        "work": "hf_aliceWriteToken0001",
        "personal": "hf_aliceReadToken00002",
        "ci token": "hf_bobFineGrained00003",
    })
    # Names as the Hub may give them (displayName): configparser writes
    # them verbatim inside [...] and reads them back up to the last ']'.
    yield "hf_odd_names", hf_write({
        "100% prod": "hf_percent000000000001",
        "données": "hf_accents000000000002",
        "トークン": "hf_katakana00000000003",
        "🤗 emoji": "hf_emoji00000000000004",
        "a]b": "hf_bracket000000000005",
        "[x": "hf_openbracket00000006",
        "x [y] z": "hf_brackets00000000007",
        "with  two spaces": "hf_spaces0000000000008",
        " padded ": "hf_padded0000000000009",
        "semi;colon": "hf_semicolon000000010",
        "#hash": "hf_hash00000000000011",
        "key = like": "hf_equals000000000012",
        "colon: like": "hf_colon0000000000013",
        "DEFAULT ": "hf_notdefault00000014",
        "default": "hf_lowerdefault000015",
        "tab\tinside": "hf_tab00000000000016",
        "中文 العربية": "hf_scripts0000000017",
        "a]": "hf_closing0000000018",
    })
    yield "extra_keys", raw_write({
        "oauth-alice": {
            "hf_token": "hf_oauth_0123456789abcdef",
            "refresh_token": "hf_oauth_refresh_fedcba9876543210",
            "expires_at": "1767225600",
        },
        "work": {
            "hf_token": "hf_aliceWriteToken0001",
            "note": "line one\nline two: with colon\n\nline = four",
        },
        "percent": {"hf_token": "hf_pct", "note": "100% done, %(x)s kept"},
        "urls": {"hf_token": "hf_u",
                 "endpoint": "https://user:pw@hub.example/?a=b&c=d"},
        "empty": {"hf_token": "", "note": "hf_token is empty"},
        "spaces": {"hf_token": "hf_s", "note": "inner   spaces  kept"},
    })
    yield "with_default", raw_write(
        {"a": {"hf_token": "hf_own_a"},
         "b": {},
         "c": {"note": "c's own note"}},
        defaults={"hf_token": "hf_from_default", "note": "inherited\nnote"})
    yield "only_default", raw_write({}, defaults={"hf_token": "hf_d"})
    yield "empty", raw_write({})
    yield "many_sections", hf_write(
        {f"token {i:03d}": f"hf_{i:020d}" for i in range(60)})


# Files configparser never writes but reads fine.
ACCEPTED = {
    "hand_colons": b"[work]\nhf_token: hf_x\nexpires_at:123\nnote :  a: b\n",
    "hand_spacing": (b"  [work]  \n   hf_token   =    hf_x   \n\n\n"
                     b"[b]\nk=v\n\t\n"),
    "hand_comments": (b"# written by hand\n; another\n\n[work]\n"
                      b"# about the token\nhf_token = hf_x\n  ; indented\n"
                      b"note = first\n# dropped from the value\n  second\n"),
    "hand_uppercase": (b"[Work]\nHF_TOKEN = hf_x\nRefresh_Token = r\n"
                       b"EXPIRES_AT = 9\n"),
    "hand_crlf": (b"[work]\r\nhf_token = hf_x\r\nnote = a\r\n  b\r\n\r\n"
                  b"[b]\r\nk = v\r\n"),
    "hand_cr": b"[work]\rhf_token = hf_x\rnote = a\r  b\r\r[b]\rk = v\r",
    "hand_unsorted": raw_write({"zeta": {"hf_token": "hf_z"}}) + raw_write(
        {"alpha": {"hf_token": "hf_a"}}) + raw_write({"Mid": {"k": "v"}}),
    "hand_continuation": (b"[a]\n  x = 1\n    y\n\n      z\n\n\n w = 2\n"
                          b"[b]\nk = v\n\n\n"),
    "hand_unicode_space": ("[work]\nhf_token =\u00a0hf_x\u00a0\n"
                           "note\u3000= \u2003v\u2003\n"
                           "other =\u0085x\x1c\n").encode(),
    "hand_no_final_newline": b"[work]\nhf_token = hf_x",
    "hand_default_middle": (b"[a]\nhf_token = hf_a\n[DEFAULT]\nnote = d\n"
                            b"[b]\nx = 1\n"),
    "hand_inline_hash": b"[work]\nhf_token = hf_x # not a comment\nk = a ; b\n",
    "hand_header_trailing": (b"[work] # trailing text\nhf_token = hf_x\n"
                             b"[a]b]\nk = v\n"),
    "hand_empty_value": b"[work]\nhf_token =\nnote:\n",
    # optionxform is str.lower(): non-ASCII capitals fold too.
    "hand_unicode_key": "[work]\nHF_TOKEN = hf_x\nNÖTE = über\n".encode(),
    # str.lower()'s two exceptions to towlower(): a capital sigma ends a
    # word as final sigma (case-ignorable characters such as ".", "'" and
    # combining marks skipped), and U+0130 becomes "i" + U+0307.
    "hand_unicode_key_sigma": ("[work]\nHF_TOKEN = hf_x\nX\u03a3 = a\n"
                               "\u03a3X = b\nA.\u03a3 = c\n"
                               "\u0391\u03a3'\u03a3 = d\n"
                               "Y\u03a3\u0301 = e\n\u03a3 = f\n"
                               "\u0130D = g\n").encode(),
    # Indentation is counted in characters: U+3000 is one, like a space.
    "hand_unicode_indent": "[work]\n\u3000note = a\n  b\n".encode(),
    # A NUL byte is a character like any other to configparser.
    "hand_nul_in_value": b"[work]\nhf_token = hf_x\nnote = a\x00b\n  c\x00\n",
}

# Files configparser refuses (strict mode).
REJECTED = {
    "bad_dup_section": b"[a]\nhf_token = 1\n\n[b]\n[a]\nhf_token = 2\n",
    "bad_dup_option": b"[a]\nhf_token = 1\nhf_token = 2\n",
    "bad_dup_option_case": b"[a]\nHF_TOKEN = 1\n\nhf_token: 2\n",
    "bad_dup_option_final_sigma": "[a]\nx\u03a3 = 1\nx\u03c2 = 2\n".encode(),
    "bad_dup_option_dotted_i": "[a]\n\u0130 = 1\ni\u0307 = 2\n".encode(),
    "bad_dup_default_option": b"[DEFAULT]\nk = 1\n[a]\n[DEFAULT]\nk = 2\n",
    "bad_missing_header": b"hf_token = 1\n[a]\n",
    "bad_missing_header_after_comments": b"# c\n\n; c\nhf_token = 1\n",
    "bad_no_delimiter": b"[a]\nhf_token = 1\njust words\n",
    "bad_empty_key": b"[a]\nhf_token = 1\n= 2\n",
    "bad_bom": b"\xef\xbb\xbf[a]\nhf_token = 1\n",
    "bad_dup_section_crlf": b"[a]\r\n\r\n[a]\r\n",
    "bad_dup_section_cr": b"[a]\r\r[b]\r[a]\r",
    # Python cannot decode it: UnicodeDecodeError, before configparser.
    "bad_not_utf8": b"[a]\nhf_token = 1\r\n# caf\xe9\n[b]\n",
}


def build():
    """{file name: bytes} for every fixture, index.txt included."""
    files, index = {}, []

    def dump(obj):
        return (json.dumps(obj, ensure_ascii=False, indent=1) + "\n").encode()

    for name, data in roundtrip_fixtures():
        expected = read(data)
        # configparser itself must write back the same bytes, or the
        # fixture would not be "written by configparser".
        again = configparser.ConfigParser(interpolation=None)
        again.read_string(data.decode())
        out = io.StringIO()
        again.write(out)
        assert out.getvalue().encode() == data, name
        files[name + ".ini"] = data
        files[name + ".expected.json"] = dump({"kind": "roundtrip", **expected})
        index.append(("roundtrip", name))
    for name, data in ACCEPTED.items():
        files[name + ".ini"] = data
        files[name + ".expected.json"] = dump({"kind": "accepted",
                                               **read(data)})
        index.append(("accepted", name))
    for name, data in REJECTED.items():
        try:
            read(data)
        except configparser.Error as e:
            expected = {"kind": "rejected", "error": type(e).__name__,
                        "line": error_line(e)}
        except UnicodeDecodeError as e:
            expected = {"kind": "rejected", "error": type(e).__name__,
                        "line": decode_error_line(data, e)}
        else:
            raise AssertionError(f"configparser accepts {name}")
        files[name + ".ini"] = data
        files[name + ".expected.json"] = dump(expected)
        index.append(("rejected", name))
    files["index.txt"] = (
        "# kind name: written by make_fixtures.py, read by test_ini_compat.c\n"
        + "".join(f"{kind} {name}\n" for kind, name in index)).encode()
    return files


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] and not check:
        print(__doc__, file=sys.stderr)
        return 2
    files = build()
    os.makedirs(OUT, exist_ok=True)
    existing = {f for f in os.listdir(OUT)
                if f.endswith((".ini", ".expected.json")) or f == "index.txt"}
    stale = sorted(existing - set(files))
    differ = []
    for name, data in sorted(files.items()):
        path = os.path.join(OUT, name)
        try:
            with open(path, "rb") as f:
                same = f.read() == data
        except FileNotFoundError:
            same = False
        if not same:
            differ.append(name)
            if not check:
                with open(path, "wb") as f:
                    f.write(data)
    if not check:
        for name in stale:
            os.unlink(os.path.join(OUT, name))
    if check and (differ or stale):
        print("stale fixtures (run tests/unit/make_fixtures.py): "
              + " ".join(differ + stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
