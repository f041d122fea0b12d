#!/usr/bin/env python3
"""Makes the private-CA certificates of Vigil's x509/ari tests and of the shipped Web PKI demo.

    python3 Scripts/webpki-fixtures.py tests Tests/CollectorsTests/Fixtures/webpki
    python3 Scripts/webpki-fixtures.py demo  Evidence/webpki
    python3 Scripts/webpki-fixtures.py issuance Evidence/webpki/issuance Tests/EndToEndTests/Resources

Keys are fresh on every run (they are not kept): the outputs are committed, and the tests read
their structure (names, serials, key identifiers, SCTs), never their signatures. Embedded SCT lists
are hand-built RFC 6962 TLS structures whose log signatures are placeholders (valid layout, not
verifiable); log IDs are SHA-256 of a test log name. Needs python3-cryptography.
"""
import datetime as dt
import hashlib
import json
import struct
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID, ObjectIdentifier

SCT_LIST = ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2")
UTC = dt.timezone.utc


def when(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def log_id(name):
    return hashlib.sha256(name.encode()).digest()


def sct(log, timestamp):
    """One v1 SCT: version, log_id, timestamp (ms), no extensions, sha256/ecdsa, placeholder signature."""
    ms = int(when(timestamp).timestamp() * 1000)
    signature = b"\x30\x44\x02\x20" + hashlib.sha256(log + b"r").digest() + b"\x02\x20" + hashlib.sha256(log + b"s").digest()
    body = b"\x00" + log + struct.pack(">Q", ms) + struct.pack(">H", 0) + b"\x04\x03" + struct.pack(">H", len(signature)) + signature
    return struct.pack(">H", len(body)) + body


def sct_extension(scts, truncate=0):
    """The extension value: DER OCTET STRING around the TLS SignedCertificateTimestampList."""
    body = b"".join(scts)
    tls = struct.pack(">H", len(body)) + body
    if truncate:
        tls = tls[:-truncate]
    assert len(tls) < 0x10000
    length = bytes([len(tls)]) if len(tls) < 0x80 else (b"\x81" + bytes([len(tls)]) if len(tls) < 0x100 else b"\x82" + struct.pack(">H", len(tls)))
    return x509.UnrecognizedExtension(SCT_LIST, b"\x04" + length + tls)


def name(cn, org=None):
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "US")]
    if org:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


class Authority:
    def __init__(self, cn, org, ski=None, parent=None, not_before="2024-01-01T00:00:00Z", not_after="2034-01-01T00:00:00Z"):
        self.key = ec.generate_private_key(ec.SECP384R1())
        self.name = name(cn, org)
        public = self.key.public_key()
        self.ski = ski or x509.SubjectKeyIdentifier.from_public_key(public).digest
        signer = parent or self
        builder = (x509.CertificateBuilder().subject_name(self.name).issuer_name(signer.name).public_key(public)
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(when(not_before)).not_valid_after(when(not_after))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None if parent is None else 0), critical=True)
                   .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier(self.ski), critical=False))
        if parent is not None:  # a self-signed root carries no AKI, like most real roots
            builder = builder.add_extension(x509.AuthorityKeyIdentifier(parent.ski, None, None), critical=False)
        self.cert = builder.sign(signer.key, hashes.SHA384())

    def issue(self, dns=(), ips=(), serial=None, not_before="2026-01-01T00:00:00Z", days=90, scts=None, key=None,
              precert=False, extra=()):
        key = key or ec.generate_private_key(ec.SECP256R1())
        start = when(not_before)
        sans = [x509.DNSName(d) for d in dns] + [x509.IPAddress(__import__("ipaddress").ip_address(i)) for i in ips]
        builder = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, (list(dns) or list(ips))[0])]))
                   .issuer_name(self.name).public_key(key.public_key())
                   .serial_number(serial or x509.random_serial_number())
                   .not_valid_before(start).not_valid_after(start + dt.timedelta(days=days) - dt.timedelta(seconds=1))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.SubjectAlternativeName(sans), critical=False)
                   .add_extension(x509.AuthorityKeyIdentifier(self.ski, None, None), critical=False)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
        if precert:
            builder = builder.add_extension(x509.PrecertPoison(), critical=True)
        if scts is not None:
            builder = builder.add_extension(scts, critical=False)
        for extension in extra:
            builder = builder.add_extension(extension, critical=False)
        return builder.sign(self.key, hashes.SHA256())


def pem(*certs):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    print(path)


def tests(out):
    root = Authority("Vigil Test Root", "Vigil Test PKI")
    # The issuing CA's key identifier and the leaf's serial are RFC 9773 §4.1's worked example.
    rfc_ca = Authority("Vigil Test CA R9773", "Vigil Test PKI", parent=root,
                       ski=bytes.fromhex("69885B6B87464041E1B37B847BA0AE2CDE01C8D4"))
    logs = [log_id(f"vigil test log {n}") for n in (1, 2, 3)]
    three = sct_extension([sct(logs[0], "2026-03-01T10:00:00.123Z"), sct(logs[1], "2026-03-01T10:00:00.456Z"),
                           sct(logs[2], "2026-03-01T10:00:01Z")])
    leaf = rfc_ca.issue(dns=["www.example.test", "Example.test"], ips=["192.0.2.7", "2001:db8::1"], serial=0x87654321,
                        not_before="2026-03-01T09:00:00Z", scts=three)
    write(out / "rfc9773-leaf.pem", pem(leaf))
    write(out / "fullchain.pem", b"Subject: www.example.test (text outside PEM blocks is ignored)\n" + pem(leaf, rfc_ca.cert, root.cert))
    write(out / "precertificate.pem", pem(rfc_ca.issue(dns=["www.example.test"], serial=0x1234, precert=True)))
    write(out / "rsa-1024.pem", pem(rfc_ca.issue(dns=["old.example.test"], key=rsa.generate_private_key(65537, 1024), days=365)))
    write(out / "ed25519-no-scts.pem", pem(rfc_ca.issue(
        dns=["ed.example.test"], key=__import__("cryptography.hazmat.primitives.asymmetric.ed25519", fromlist=["x"]).Ed25519PrivateKey.generate())))
    write(out / "truncated-sct.pem", pem(rfc_ca.issue(dns=["bad.example.test"], scts=sct_extension([sct(logs[0], "2026-03-01T10:00:00Z")], truncate=5))))


def demo(out):
    ca_a = Authority("Example Trust A1", "Example Trust A", parent=Authority("Example Trust A Root", "Example Trust A"))
    ca_b = Authority("Example Trust B7", "Example Trust B", parent=Authority("Example Trust B Root", "Example Trust B"))
    logs = {n: log_id(f"demo log {n}") for n in ("argon", "xenon", "oak", "sabre", "nimbus")}

    def scts(names, at):
        return sct_extension([sct(logs[n], at) for n in names])

    def leaf(file, ca, dns, issued, days=90, logs_used=("argon", "oak", "sabre"), with_scts=True):
        # Boulder backdates notBefore by about an hour; the earliest SCT is the real issuance time.
        nb = (when(issued) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        cert = ca.issue(dns=dns, not_before=nb, days=days, scts=scts(logs_used, issued) if with_scts else None)
        write(out / "certs" / file, pem(cert, ca.cert))
        return cert

    def ari_id(cert):
        import base64
        aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
        serial = cert.serial_number.to_bytes((cert.serial_number.bit_length() + 8) // 8, "big")
        b64 = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
        return f"{b64(aki)}.{b64(serial)}"

    def ari(fetched_day, cert, start, end, url=None):
        body = {"suggestedWindow": {"start": start, "end": end}}
        if url:
            body["explanationURL"] = url
        write(out / "ari" / fetched_day / f"{ari_id(cert)}.json", json.dumps(body, indent=2) + "\n")

    shop1 = leaf("shop-2026-09.pem", ca_a, ["shop.example.com", "www.shop.example.com"], "2026-09-01T10:00:00Z")
    shop2 = leaf("shop-2026-10.pem", ca_b, ["shop.example.com", "www.shop.example.com"], "2026-10-31T10:00:00Z",
                 logs_used=("xenon", "nimbus"))
    api1 = leaf("api-2026-08.pem", ca_a, ["api.example.com"], "2026-08-15T10:00:00Z")
    api2 = leaf("api-2026-10.pem", ca_a, ["api.example.com"], "2026-10-12T10:00:00Z", logs_used=("argon",))
    legacy = leaf("legacy-2025-11.pem", ca_a, ["legacy.example.com"], "2025-11-01T10:00:00Z", days=397, with_scts=False)
    leaf("intranet-2026-06.pem", ca_a, ["intranet.example.com"], "2026-06-20T10:00:00Z")
    ari("2026-10-20", shop1, "2026-10-30T00:00:00Z", "2026-11-01T00:00:00Z")
    ari("2026-11-28", shop2, "2026-12-29T00:00:00Z", "2026-12-31T00:00:00Z")
    ari("2026-10-01", api1, "2026-10-13T00:00:00Z", "2026-10-15T00:00:00Z")
    # An incident: the CA pulled api's window forward; the renewal on 12 October came after it closed.
    ari("2026-10-10", api1, "2026-10-10T00:00:00Z", "2026-10-11T00:00:00Z", "https://acme.example.com/incidents/2026-10-09")
    ari("2026-11-28", api2, "2027-01-10T00:00:00Z", "2027-01-12T00:00:00Z")
    ari("2026-11-28", legacy, "2026-11-20T00:00:00Z", "2026-11-22T00:00:00Z")


def issuance(out, tests_out):
    """The certificate of the justified order in Evidence/webpki/issuance/boulder-audit.log (serial,
    names and validity as its "Certificate request - successful" line says, two SCTs at issuance),
    and for the tests one of the same serial naming a host the order did not ask for."""
    ca = Authority("Example Trust A1", "Example Trust A", parent=Authority("Example Trust A Root", "Example Trust A"))
    logs = [log_id(f"demo log {n}") for n in ("argon", "oak")]
    serial = 0x03a1f2e3d4c5b6a79881726354453627180f

    def certificate(dns):
        scts = sct_extension([sct(log, "2026-11-28T09:14:58.100Z") for log in logs])
        return ca.issue(dns=dns, serial=serial, not_before="2026-11-28T08:14:58Z", days=90, scts=scts)

    write(out / "certs" / "www.example.org.pem", pem(certificate(["www.example.org", "example.org"]), ca.cert))
    write(tests_out / "issuance-extra-name.pem", pem(certificate(["www.example.org", "example.org", "admin.example.org"])))


if __name__ == "__main__":
    {"tests": tests, "demo": demo, "issuance": issuance}[sys.argv[1]](*map(Path, sys.argv[2:]))
