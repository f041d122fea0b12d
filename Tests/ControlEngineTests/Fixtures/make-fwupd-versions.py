#!/usr/bin/env python3
"""Regenerates fwupd-versions.tsv from the real fwupd (Debian bookworm-backports fwupd 2.0.20).

    apt-get install fwupd && python3 make-fwupd-versions.py > fwupd-versions.tsv

`vercmp` rows come from running `fwupdtool vercmp A B [FORMAT]`; `render` and `parse` rows call
fwupd's own `fu_version_from_uint32` and `fu_version_parse_from_format` in libfwupdplugin through
ctypes (fwupdtool has no command that prints them).
"""
import ctypes, itertools, subprocess, sys

FORMATS = ("plain number pair triplet quad bcd intel-me intel-me2 intel-csme19 surface-legacy surface "
           "dell-bios dell-bios-msb hex").split()
VERSIONS = ["1.2", "1.2.0", "1.2.3", "1.2.3.4", "1.2.3~rc1", "1.2.3~rc2", "1.2.3~", "1.2.3a", "1.2.3b",
            "01.2", "1.02", "21.9", "21.10", "0x10", "0x0a", "0x00010017", "65559", "0.1.23", "a", "a.b",
            "1.a", "1.1a", "1.1~a", "~", "1..2", "1.2.", "9999999999999999999.1", "1.0.0-rc1",
            "1.0.0", "10.0", "1.2.3~beta", "1.2.3~alpha", "1 .2", "1.A", "1.Z", "0"]
RAWS = [0, 1, 23, 65559, 0x12345678, 0xFFFFFFFF, 0x80000000, 0x01020304, 0x00091234, 0x31415926,
        0x0B2C0145, 0xE0000000, 0x00FF00FF]
PARSE = ["0x00010017", "65559", "0", "0x0", "0x", "1.2", "4294967295", "4294967296", "0xffffffff",
         "0x100000000", "0X10", "12a", "0x1g", "abc", "007"]

def vercmp(a, b, fmt):
    args = ["fwupdtool", "vercmp", a, b] + ([fmt] if fmt else [])
    out = subprocess.run(args, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    rest = out[len(a):].lstrip(" ")  # "A < B" / "A == B" / "A > B"
    op = rest.split(" ", 1)[0]
    return {"<": -1, "==": 0, ">": 1}[op]

def main():
    print("# fwupd version vectors. Produced by make-fwupd-versions.py (beside this file) with fwupd 2.0.20")
    print("# (Debian bookworm package fwupd 2.0.20-1~deb12u2): `fwupdtool vercmp A B [FORMAT]` for vercmp rows,")
    print("# libfwupdplugin fu_version_from_uint32 / fu_version_parse_from_format (via ctypes) for render/parse rows.")
    print("# Columns (tab-separated): vercmp A B FORMAT(- = none) RESULT(-1|0|1) | render FORMAT RAW TEXT | parse FORMAT TEXT RESULT")
    pairs = list(itertools.combinations(VERSIONS, 2))
    for fmt in [None, "plain", "hex"]:
        for a, b in pairs:
            print(f"vercmp\t{a}\t{b}\t{fmt or '-'}\t{vercmp(a, b, fmt)}")
    for fmt in FORMATS:
        if fmt in ("plain", "hex"):
            continue
        for a, b in pairs[::9]:
            print(f"vercmp\t{a}\t{b}\t{fmt}\t{vercmp(a, b, fmt)}")
    lf = ctypes.CDLL("libfwupd.so.3")
    lp = ctypes.CDLL("/usr/lib/x86_64-linux-gnu/fwupd-2.0.20/libfwupdplugin.so")
    lf.fwupd_version_format_from_string.restype = ctypes.c_int
    lf.fwupd_version_format_from_string.argtypes = [ctypes.c_char_p]
    lp.fu_version_from_uint32.restype = ctypes.c_char_p
    lp.fu_version_from_uint32.argtypes = [ctypes.c_uint32, ctypes.c_int]
    lp.fu_version_parse_from_format.restype = ctypes.c_char_p
    lp.fu_version_parse_from_format.argtypes = [ctypes.c_char_p, ctypes.c_int]
    for fmt in FORMATS:
        code = lf.fwupd_version_format_from_string(fmt.encode())
        for raw in RAWS:
            print(f"render\t{fmt}\t{raw}\t{lp.fu_version_from_uint32(raw, code).decode()}")
    for fmt in ["hex", "triplet", "number"]:
        code = lf.fwupd_version_format_from_string(fmt.encode())
        for text in PARSE:
            print(f"parse\t{fmt}\t{text}\t{lp.fu_version_parse_from_format(text.encode(), code).decode()}")

main()
