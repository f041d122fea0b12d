import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `x509` on certificates made by `Scripts/webpki-fixtures.py` (a private CA whose key identifier and
/// leaf serial are RFC 9773's worked example) and on a real www.google.com certificate (Fixtures/webpki/README.md).
struct X509CertificateCollectorTests {
    let collector = X509CertificateCollector()

    private func only(_ fixture: String) throws -> EvidenceRecord {
        let records = try CollectorHarness.records(collector, fixture: "webpki/" + fixture)
        try #require(records.count == 1)
        return records[0]
    }

    private func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

    @Test func ariCertificateIDMatchesRFC9773WorkedExample() {
        let aki: [UInt8] = [
            0x69, 0x88, 0x5B, 0x6B, 0x87, 0x46, 0x40, 0x41, 0xE1, 0xB3, 0x7B, 0x84, 0x7B, 0xA0, 0xAE, 0x2C,
            0xDE, 0x01, 0xC8, 0xD4,
        ]
        let id = ARICertificateID.make(authorityKeyIdentifier: aki, serial: [0x00, 0x87, 0x65, 0x43, 0x21])
        #expect(id == "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")
        #expect(ARICertificateID.isWellFormed(id))
        #expect(!ARICertificateID.isWellFormed("aYhba4dGQEHhs3uEe6CuLN4ByNQ"))
        #expect(!ARICertificateID.isWellFormed("aYhb+a4dG.AIdlQyE"))
    }

    @Test func leafIsKeyedByItsARICertificateIDIncludingTheSerialsLeadingZero() throws {
        let record = try only("rfc9773-leaf.pem")
        #expect(record.kind == "certificate")
        #expect(record.subject == "cert:aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")
        #expect(record.collector == "x509")
        #expect(record.observedAt == CollectorHarness.observedAt)
        #expect(record.data["serial"] == "0087654321")
        #expect(record.data["authority_key_id"] == "69885b6b87464041e1b37b847ba0ae2cde01c8d4")
        #expect(record.data["ari_cert_id"] == "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")
        #expect(record.data["issuer_dn"] == "CN=Vigil Test CA R9773,O=Vigil Test PKI,C=US")
        #expect(record.data["subject_dn"] == "CN=www.example.test")
        #expect(record.data["not_before"] == "2026-03-01T09:00:00Z")
        #expect(record.data["not_after"] == "2026-05-30T08:59:59Z")
    }

    @Test func leafRecordsNamesKeyAndFlags() throws {
        let data = try only("rfc9773-leaf.pem").data
        #expect(strings(data["dns_names"]) == ["www.example.test", "Example.test"])
        #expect(strings(data["ip_addresses"]) == ["192.0.2.7", "2001:db8:0:0:0:0:0:1"])
        #expect(strings(data["names"]) == ["192.0.2.7", "2001:db8:0:0:0:0:0:1", "example.test", "www.example.test"])
        #expect(data["name"] == "www.example.test")
        #expect(data["algorithm"] == "ECDSA")
        #expect(data["curve"] == "P-256")
        #expect(data["key_size"] == 256)
        #expect(data["signature_algorithm"] == "ecdsa-with-SHA256")
        #expect(data["is_ca"] == false)
        #expect(data["precertificate"] == false)
        #expect(data["platform"] == "x509")
        #expect(data["subject_key_id"]?.stringValue?.count == 40)
    }

    @Test func embeddedSCTListIsParsedWithLogIDsAndMillisecondTimestamps() throws {
        let scts = try #require(try only("rfc9773-leaf.pem").data["scts"]?.arrayValue)
        #expect(scts.count == 3)
        #expect(
            scts.map { $0["timestamp"]?.stringValue } == [
                "2026-03-01T10:00:00.123Z", "2026-03-01T10:00:00.456Z", "2026-03-01T10:00:01Z",
            ])
        // The fixture's log ID is SHA-256("vigil test log 1").
        #expect(scts[0]["log_id"] == "A0NXKMC4yDWcczfRFydzUCnRX2gobbB4YPw5wvmzv6w=")
        #expect(scts[0]["version"] == "v1")
        #expect(scts[0]["hash_algorithm"] == "sha256")
        #expect(scts[0]["signature_algorithm"] == "ecdsa")
    }

    @Test func realGoogleCertificateMatchesOpenSSL() throws {
        let record = try only("google-leaf-2023.pem")
        // AKI 8A:74:7F:AF:…:1D:27 and serial 11:19:91:…:4C:DC as `openssl x509 -text` prints them.
        #expect(record.subject == "cert:inR_r4XN7pXNPZzQ4kYU83E1HSc.ERmRWTzVoz0SMeozw2RM3A")
        #expect(record.data["sha256_fingerprint"] == "6263c84dc05ffa91ebe2b459377d22c3063d99bb765fe06c2275e6dc4e2c8334")
        #expect(record.data["issuer_dn"] == "CN=GTS CA 1C3,O=Google Trust Services LLC,C=US")
        #expect(record.data["algorithm"] == "RSA")
        #expect(record.data["key_size"] == 2048)
        #expect(record.data["signature_algorithm"] == "sha256WithRSAEncryption")
        let scts = try #require(record.data["scts"]?.arrayValue)
        #expect(
            scts.map { $0["log_id"]?.stringValue } == [
                "ejKMVNi3LbYg6jjgUh7phBZwMhOFTTvSK8E6V6NS61I=", "6D7Q2j71BjUy51covIlryQPTy9ERa+zraeF3fW0GvW4=",
            ])
        #expect(scts.map { $0["timestamp"]?.stringValue } == ["2023-01-02T09:19:20.101Z", "2023-01-02T09:19:20.052Z"])
    }

    @Test func bundleGivesOneRecordPerCertificateAndARootWithoutAKIIsKeyedByFingerprint() throws {
        let records = try CollectorHarness.records(collector, fixture: "webpki/fullchain.pem")
        #expect(records.count == 3)
        #expect(records.map { $0.data["is_ca"] } == [false, true, true])
        let root = records[2]
        #expect(root.data["ari_cert_id"] == nil)
        #expect(root.data["authority_key_id"] == nil)
        #expect(root.subject == "cert:sha256:" + (root.data["sha256_fingerprint"]?.stringValue ?? "?"))
        #expect(records[1].data["subject_key_id"] == "69885b6b87464041e1b37b847ba0ae2cde01c8d4")
    }

    @Test func theSameCertificateTwiceInABundleIsOneRecord() throws {
        let pem = String(decoding: try CollectorHarness.fixture("webpki/rfc9773-leaf.pem"), as: UTF8.self)
        let records = try CollectorHarness.records(collector, text: pem + pem, fileName: "twice.pem")
        #expect(records.count == 1)
    }

    @Test func windowsLineEndingsAreRead() throws {
        let pem = String(decoding: try CollectorHarness.fixture("webpki/rfc9773-leaf.pem"), as: UTF8.self)
        let records = try CollectorHarness.records(
            collector, text: pem.replacingOccurrences(of: "\n", with: "\r\n"),
            fileName: "crlf.pem")
        #expect(records.first?.subject == "cert:aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE")
    }

    @Test func precertificateIsFlaggedByThePoisonExtension() throws {
        #expect(try only("precertificate.pem").data["precertificate"] == true)
    }

    @Test func keysSwiftCertificatesRejectsAreStillRecorded() throws {
        let rsa = try only("rsa-1024.pem").data
        #expect(rsa["algorithm"] == "RSA")
        #expect(rsa["key_size"] == 1024)
        let ed = try only("ed25519-no-scts.pem").data
        #expect(ed["algorithm"] == "EdDSA")
        #expect(ed["curve"] == "Ed25519")
        #expect(ed["scts"] == .array([]))
    }

    @Test func mlDSAKeysAreNamedByParameterSet() {
        let profile = KeyAlgorithm.subjectPublicKey(algorithm: [2, 16, 840, 1, 101, 3, 4, 3, 18], parameters: nil, key: [])
        #expect(profile.family == "ML-DSA")
        #expect(profile.parameterSet == "65")
        #expect(profile.data["pq_readiness"] == "post-quantum")
    }

    @Test func truncatedSCTListFailsNamingBlockAndExtension() throws {
        let failure = CollectorHarness.failure(
            collector, bytes: try CollectorHarness.fixture("webpki/truncated-sct.pem"), fileName: "truncated-sct.pem")
        #expect(failure?.file == "truncated-sct.pem")
        #expect(failure?.location == "PEM block 1 (line 1): SCT list extension 1.3.6.1.4.1.11129.2.4.2")
        #expect(failure?.reason.hasPrefix("sct_list length") == true)
    }

    @Test func sctListReportsTheByteWhereItIsTruncated() {
        // sct_list of 10 bytes whose one SCT claims 8 bytes: version and 7 of the 32 log_id bytes.
        let value: [UInt8] = [0x04, 0x0C, 0x00, 0x0A, 0x00, 0x08, 0x00] + [UInt8](repeating: 1, count: 7)
        #expect(throws: SCTListParser.Failure(reason: "truncated at byte 5: SCT 1 log_id needs 32 bytes, 7 left")) {
            try SCTListParser.parse(extensionValue: value[...])
        }
    }

    @Test func fileWithoutPEMBlockFails() {
        let failure = CollectorHarness.failure(collector, text: "just text\n", fileName: "notes.pem")
        #expect(failure == CollectionFailure(file: "notes.pem", location: "line 1", reason: "no PEM CERTIFICATE block found"))
    }

    @Test func badBase64NamesTheBlockAndItsLine() throws {
        let good = String(decoding: try CollectorHarness.fixture("webpki/rfc9773-leaf.pem"), as: UTF8.self)
        let lines = good.split(separator: "\n").count
        let text = good + "-----BEGIN CERTIFICATE-----\nMIIB*bad\n-----END CERTIFICATE-----\n"
        let failure = CollectorHarness.failure(collector, text: text, fileName: "bundle.pem")
        #expect(failure?.location == "PEM block 2 (line \(lines + 1))")
        #expect(failure?.reason == "invalid base64 character '*'")
    }

    @Test func derThatIsNotACertificateFails() {
        let text =
            "-----BEGIN CERTIFICATE-----\n" + Data("not a certificate".utf8).base64EncodedString()
            + "\n-----END CERTIFICATE-----\n"
        let failure = CollectorHarness.failure(collector, text: text, fileName: "garbage.pem")
        #expect(
            failure
                == CollectionFailure(
                    file: "garbage.pem", location: "PEM block 1 (line 1), Certificate",
                    reason: "not a DER X.509 certificate: the DER ends inside a field (truncated, or not DER at all)"))
    }

    /// SwiftASN1 printed these as `ASN1Error.invalidASN1Object: Trailing unparsed data is present SwiftASN1/ASN1.swift:139`.
    @Test func derProblemsAreSaidInWordsAtTheirField() {
        func pem(_ der: [UInt8]) -> String {
            "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString() + "\n-----END CERTIFICATE-----\n"
        }
        let trailing = CollectorHarness.failure(collector, text: pem([0x30, 0x03, 0x02, 0x01, 0x05, 0x00, 0x00]), fileName: "t.pem")
        #expect(
            trailing
                == CollectionFailure(
                    file: "t.pem", location: "PEM block 1 (line 1), Certificate",
                    reason: "not a DER X.509 certificate: 2 bytes follow the end of the certificate"))
        let noAlgorithm = CollectorHarness.failure(collector, text: pem([0x30, 0x03, 0x02, 0x01, 0x05]), fileName: "a.pem")
        #expect(
            noAlgorithm
                == CollectionFailure(
                    file: "a.pem", location: "PEM block 1 (line 1), signatureAlgorithm",
                    reason: "not a DER X.509 certificate: the field is missing"))
    }

    /// One 4 MB block (65 536 lines of 64 base64 characters) took 41 s when each line's append copied
    /// the body read so far (62 s for the two passes here, debug); now a few seconds in a debug build.
    @Test func fourMegabytePEMBlockIsReadInLinearTime() throws {
        let line = String(repeating: "A", count: 64) + "\n"
        let text = "-----BEGIN CERTIFICATE-----\n" + String(repeating: line, count: 65_536) + "-----END CERTIFICATE-----\n"
        let start = Date()
        let blocks = try PEMBlocks.certificates(in: CollectorHarness.input(Data(text.utf8), fileName: "big.pem"))
        #expect(Date().timeIntervalSince(start) < 15, "one pass over a 4 MB block took about 30 s when quadratic (debug)")
        #expect(blocks.map(\.der.count) == [3 * 1_048_576])
        let failure = CollectorHarness.failure(collector, text: text, fileName: "big.pem")
        #expect(failure?.location == "PEM block 1 (line 1), Certificate")
    }

    @Test func privateKeyBlockIsRefusedSoNoSecretReachesTheStore() {
        let failure = CollectorHarness.failure(
            collector, text: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", fileName: "key.pem")
        #expect(failure?.location == "line 1")
        #expect(failure?.reason.contains("refusing to keep a secret") == true)
    }

    @Test func missingEndLineFails() {
        let failure = CollectorHarness.failure(
            collector, text: "x\n-----BEGIN CERTIFICATE-----\nAAAA\n", fileName: "cut.pem")
        #expect(
            failure
                == CollectionFailure(
                    file: "cut.pem", location: "line 2",
                    reason: "BEGIN CERTIFICATE has no END line (truncated file?)"))
    }
}
