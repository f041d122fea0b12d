#!/usr/bin/env python3
"""Writes the checksum of every Boulder line of a hand-edited audit log, as Boulder would have.

    python3 Scripts/boulder-checksums.py Evidence/webpki/issuance/boulder-audit.log

A Boulder line is `<rfc3339> <host> datacenter <severity> <binary>[<pid>]: <checksum> <message>`; the
checksum is CRC-32/IEEE of the message, 4 bytes little-endian, base64url without padding (boulder
`log/log.go` `LogLineChecksum`). Write `-` (or any checksum) in the field and run this: the file is
rewritten in place. Lines of other programs (no `boulder` binary) are left as they are.
"""
import base64
import struct
import sys
import zlib


def checksum(message):
    crc = zlib.crc32(message.encode())
    return base64.urlsafe_b64encode(struct.pack("<I", crc)).decode().rstrip("=")


def fixed(line):
    fields = line.split(" ", 6)
    if len(fields) < 7 or fields[2] != "datacenter" or not fields[4].startswith("boulder"):
        return line
    fields[5] = checksum(fields[6])
    return " ".join(fields)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(fixed(line) for line in lines))
