import EvidenceModel
import Foundation
import Testing

/// One meaning per byte string: a key repeated with another value is refused in every JSON input,
/// and an integer beyond 2^53 is kept exactly, never rounded.
@Suite(.serialized)
struct OneMeaningJSONTests {
    /// A real input of each JSON-reading family, with a member repeated under another value.
    static let duplicated: [(collector: String, file: String, content: String, place: String)] = [
        ("fwupd", "web-01.json", #"{"Devices": [{"DeviceId": "a", "Name": "x", "DeviceId": "b"}]}"#, "$.Devices[0]"),
        (
            "vault-transit", "vault.json",
            #"{"data": {"name": "orders", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1780272000}, "name": "other"}}"#,
            "$.data"
        ),
        ("aws-kms", "kms.json", #"{"KeyRotationEnabled": true, "KeyId": "k1", "KeyRotationEnabled": false}"#, "$"),
        ("mpic", "mpic.json", #"[{"is_valid": true, "is_valid": false}]"#, "$[0]"),
    ]

    @Test func aKeyRepeatedWithAnotherValueIsRefusedInEveryCollectorNamingPathAndKey() throws {
        let workspace = try GuardedWorkspace()
        for input in Self.duplicated {
            try workspace.expectCollectRejected(
                input.collector, file: input.file, Data(input.content.utf8), mentioning: [input.place + ": duplicate key '"],
                extra: input.collector == "fwupd" ? ["--subject", "host:web-01"] : [])
        }
    }

    @Test func anAdvisoryFileWithARepeatedKeyIsAnErrorNamingFileAndPath() throws {
        let workspace = try GuardedWorkspace(controls: FirmwareEvidenceTests.controls)
        try workspace.scratch.write("Controls/osv/vulns.json", #"[{"id": "FWADV-1", "affected": [], "id": "FWADV-2"}]"#)
        let lint = try workspace.scratch.vigil(["controls", "lint"])
        let output = lint.stdout + lint.stderr
        #expect(lint.status == 2, "\(output)")
        #expect(output.contains("osv/vulns.json"), "\(output)")
        #expect(output.contains("$[0]: duplicate key 'id'"), "\(output)")
    }

    /// fwupd writes 64-bit `VersionRaw` values; 2^64 once became 18446744073709552000 without a word.
    @Test func anIntegerBeyondTwoToThe53IsStoredAsItsExactDigits() throws {
        let workspace = try GuardedWorkspace()
        let device =
            #"{"Devices": [{"DeviceId": "a", "Name": "x", "Version": "1", "VersionRaw": 18446744073709551616, "#
            + #""Created": 9007199254740993}]}"#
        try workspace.scratch.write("web-02.json", device)
        let collect = try workspace.scratch.vigil(["collect", "fwupd", "web-02.json"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let list = try workspace.scratch.vigil(["evidence", "list", "--subject", "host:web-02"])
        #expect(list.stdout.contains(#""VersionRaw":"18446744073709551616""#), "\(list.stdout)")
        #expect(list.stdout.contains(#""Created":"9007199254740993""#), "\(list.stdout)")
        #expect(!list.stdout.contains("18446744073709552000"))
    }

    /// Where a collector needs a number it can compute with, an exact-text integer is refused by place.
    @Test func anIntegerBeyondTwoToThe53WhereANumberIsNeededIsRefusedNamingThePlace() throws {
        let workspace = try GuardedWorkspace()
        let vault =
            #"{"data": {"name": "orders", "type": "aes256-gcm96", "latest_version": 18446744073709551616, "#
            + #""keys": {"1": 1780272000}}}"#
        try workspace.expectCollectRejected(
            "vault-transit", file: "vault.json", Data(vault.utf8),
            mentioning: ["$.data.latest_version", "integer 18446744073709551616 is beyond ±2^53"])
    }
}
