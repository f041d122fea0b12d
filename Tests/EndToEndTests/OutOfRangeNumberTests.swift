import Foundation
import Testing

/// Numbers from input are range-checked where they are converted: an absurd one is rejected with its
/// place, and nothing a collector accepted can make a later command trap.
@Suite(.serialized)
struct OutOfRangeNumberTests {
    static func vault(period: String) -> Data {
        Data(
            """
            {"data": {"name": "orders", "type": "aes256-gcm96", "latest_version": 1, "auto_rotate_period": \(period),
                      "keys": {"1": 1780272000}, "supports_encryption": true}}
            """.utf8)
    }

    static func gcp(period: String) -> Data {
        Data(
            """
            [{"name": "projects/p/locations/l/keyRings/r/cryptoKeys/k", "createTime": "2026-01-01T00:00:00Z",
              "purpose": "ENCRYPT_DECRYPT", "rotationPeriod": \(period),
              "versionTemplate": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protectionLevel": "SOFTWARE"}}]
            """.utf8)
    }

    @Test(arguments: ["1e300", "-86400", #""1000000000000000000000s""#])
    func rotationPeriodsOutOfRangeAreRejectedWithTheirPlace(period: String) throws {
        let workspace = try GuardedWorkspace()
        try workspace.expectCollectRejected(
            "vault-transit", file: "vault.json", Self.vault(period: period),
            mentioning: ["$.data.auto_rotate_period", "out of range"])
        try workspace.expectCollectRejected(
            "gcp-kms", file: "gcp.json", Self.gcp(period: period),
            mentioning: ["$[0].rotationPeriod", "out of range"])
    }

    @Test func unixSecondsBeyondYear9999AreRejected() throws {
        let workspace = try GuardedWorkspace()
        let keys = Data(#"{"data": {"name": "k", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1e300}}}"#.utf8)
        try workspace.expectCollectRejected(
            "vault-transit", file: "vault.json", keys,
            mentioning: ["$.data.keys.1", "out of range"])
    }

    /// The longest period a platform has (a century) is kept, and every later command still runs.
    @Test func aCenturyLongPeriodIsKeptAndChecksStillRun() throws {
        let workspace = try GuardedWorkspace(controls: KeysEndToEndTests.controls)
        try workspace.scratch.write("vault.json", Self.vault(period: "3153600000"))
        let collect = try workspace.scratch.vigil(["collect", "vault-transit", "vault.json"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let check = try workspace.scratch.vigil(["check", "--format", "json"])
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stdout.contains("period 36500d > max 90d"), "\(check.stdout)")
    }
}
