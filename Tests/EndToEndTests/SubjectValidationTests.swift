import Foundation
import Testing

/// Every record's subject passes one gate before anything is written: a line break or an oversized
/// subject from any collector rejects the whole file, and `log verify` keeps passing.
@Suite(.serialized)
struct SubjectValidationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CollectorsTests/Fixtures")

    static func fixture(_ path: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(path), encoding: .utf8)
    }

    /// `name` with its first occurrence of `target` replaced: the hostile field in a real input.
    static func injecting(_ text: String, into target: String, _ replacement: String) -> Data {
        guard let range = text.range(of: target) else { return Data(text.utf8) }
        return Data(text.replacingCharacters(in: range, with: replacement).utf8)
    }

    /// One input per collector that took a subject from its input without looking at it. In JSON
    /// `\n` is a line feed; in the CSV a quoted field holds a real one.
    static func newlineInputs() throws -> [(collector: String, file: String, content: Data)] {
        let arn = "arn:aws:kms:us-east-1:1:key/k1"
        let kms =
            #"{"KeyMetadata": {"KeyId": "k1", "Arn": "\#(arn)\nFAKE-PASS", "CreationDate": "2025-01-10T08:00:00Z", "#
            + #""Enabled": true, "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled", "Origin": "AWS_KMS", "#
            + #""KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT"}}"#
        let gcp =
            #"[{"name": "projects/p/locations/l/keyRings/r/cryptoKeys/k\nFAKE", "createTime": "2026-01-01T00:00:00Z", "#
            + #""purpose": "ENCRYPT_DECRYPT", "versionTemplate": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION"}}]"#
        let vault = #"{"data": {"name": "orders\nFAKE", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1780272000}}}"#
        let report = try fixture("keys/credential-report.csv")
        return [
            ("aws-kms", "kms.json", Data(kms.utf8)),
            ("gcp-kms", "gcp.json", Data(gcp.utf8)),
            ("vault-transit", "vault.json", Data(vault.utf8)),
            (
                "aws-acm", "acm.json",
                injecting(
                    try fixture("keys/acm-certificates.json"),
                    into: "123456789012\"", #"123456789012\nFAKE""#)
            ),
            (
                "iam-credential-report", "report.csv",
                injecting(
                    report, into: "arn:aws:iam::111122223333:user/backup-agent",
                    "\"arn:aws:iam::111122223333:user/backup\nFAKE\"")
            ),
            (
                "mpic", "mpic.json",
                injecting(
                    try fixture("mpic/core-dcv-http-01.json"),
                    into: #""shop.example.net""#, #""shop.example.net\u001b[2J""#)
            ),
            ("boulder-audit", "audit.log", Data((Self.boulderLine + "\n").utf8)),
        ]
    }

    /// The fixture's third line with `\n` in the identifier, and Boulder's CRC-32 checksum of the changed message.
    static let boulderLine =
        #"2026-11-28T09:14:58.300000+00:00 rva-use2 datacenter 6 boulder-remoteva[2100]: IGEi_g [AUDIT] Validation result JSON={"AuthzID":"1478512","Requester":8741,"Identifier":{"type":"dns","value":"shop.example.org\nFAKE"},"Challenge":{"type":"http-01","url":"https://acme-v02.example.org/acme/chall/8741/1478512/Xl2rWg","status":"valid","validated":"2026-11-28T09:14:58Z","token":"evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA","validationRecord":[{"url":"http://shop.example.org/.well-known/acme-challenge/evaGxfADs6pSRb2LAv9IZf17Dt3juxGJ-PCt92wr-oA","hostname":"shop.example.org","port":"80","addressesResolved":["203.0.113.10","2001:db8::10"],"addressUsed":"2001:db8::10","resolverAddrs":["10.77.77.77:53"]}]},"Latency":0.231}"#

    @Test func aControlCharacterInASubjectFromAnyCollectorRejectsTheFile() throws {
        let workspace = try GuardedWorkspace()
        for input in try Self.newlineInputs() {
            try workspace.expectCollectRejected(
                input.collector, file: input.file, input.content,
                mentioning: ["record ", "subject contains a"])
        }
    }

    @Test func theRejectionNamesTheCharacterAndNeverPrintsItRaw() throws {
        let workspace = try GuardedWorkspace()
        let vault = try Self.newlineInputs().first { $0.collector == "vault-transit" }?.content ?? Data()
        let run = try workspace.expectCollectRejected(
            "vault-transit", file: "vault.json", vault,
            mentioning: ["record 1 of 1 (key): subject contains", "a line feed (U+000A) at character 25"])
        #expect(!run.stderr.contains("FAKE"), "\(run.stderr)")
    }

    /// The log frames each subject head in two length bytes: a subject of 65.5 kB once trapped there.
    @Test(arguments: [1025, 70_000])
    func anOversizedSubjectIsRejectedBeforeTheLogSeesIt(length: Int) throws {
        let workspace = try GuardedWorkspace()
        let name = String(repeating: "k", count: length)
        let vault = #"{"data": {"name": "\#(name)", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1780272000}}}"#
        try workspace.expectCollectRejected(
            "vault-transit", file: "vault.json", Data(vault.utf8),
            mentioning: ["subject is \(length + "key:vault:transit/".count) bytes long (at most 1024)"])
        try workspace.scratch.write("long.json", Fixtures.fwupd(updatable: true))
        let flag = try workspace.scratch.vigil(["collect", "fwupd", "long.json", "--subject", "host:" + name])
        #expect(flag.status == 2, "\(flag.stderr)")
        #expect(flag.stderr.contains("bytes long (at most 1024)"), "\(flag.stderr)")
    }

    /// `host:café` spelled with a decomposed "é" is another subject in the store but the same one to
    /// Swift's `String`: a check once reported one of the two, the newer, so a passing record about the
    /// decomposed spelling hid the composed host's failure. Only composed (NFC) subjects are taken.
    @Test func aSubjectNotInNormalizationFormCIsRefusedSoItCannotHideItsComposedTwin() throws {
        let workspace = try GuardedWorkspace()
        let composed = "host:caf\u{E9}", decomposed = "host:cafe\u{301}"
        try workspace.scratch.write("fw.json", Fixtures.fwupd(updatable: true))
        let kept = try workspace.scratch.vigil(["collect", "fwupd", "fw.json", "--subject", composed])
        #expect(kept.status == 0, "\(kept.stderr)")
        let before = try workspace.head
        let flag = try workspace.scratch.vigil(["collect", "fwupd", "fw.json", "--subject", decomposed])
        #expect(flag.status == 2, "\(flag.stderr)")
        #expect(flag.stderr.contains("is not in Unicode Normalization Form C"), "\(flag.stderr)")
        try workspace.expectUnchanged(since: before)
        let vault = #"{"data": {"name": "cafe\#u{301}", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1780272000}}}"#
        try workspace.expectCollectRejected(
            "vault-transit", file: "vault.json", Data(vault.utf8), mentioning: ["record 1 of 1 (key): subject", "Normalization Form C"])
        #expect(try workspace.scratch.vigil(["log", "verify"]).status == 0)
    }

    @Test func aSubjectOfExactlyTheLimitIsKept() throws {
        let workspace = try GuardedWorkspace()
        let name = String(repeating: "k", count: 1024 - "key:vault:transit/".count)
        try workspace.scratch.write("vault.json", #"{"data": {"name": "\#(name)", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1780272000}}}"#)
        let run = try workspace.scratch.vigil(["collect", "vault-transit", "vault.json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try workspace.scratch.vigil(["log", "verify"]).status == 0)
    }
}
