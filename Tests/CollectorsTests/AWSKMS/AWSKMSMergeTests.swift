import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// A key's three KMS responses written to three files of a folder, as `aws kms … > file` per command does.
struct AWSKMSMergeTests {
    let collector = AWSKMSCollector()

    static let describe = """
        {"KeyMetadata": {"AWSAccountId": "111122223333", "KeyId": "k1", "Arn": "arn:aws:kms:eu-west-1:111122223333:key/k1",
         "CreationDate": "2025-01-01T00:00:00Z", "Enabled": true, "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled",
         "Origin": "AWS_KMS", "KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT"}}
        """
    static let status = #"{"KeyRotationEnabled": true, "KeyId": "arn:aws:kms:eu-west-1:111122223333:key/k1", "RotationPeriodInDays": 90}"#
    static let rotations = """
        {"Rotations": [{"KeyId": "k1", "RotationDate": "2026-10-01T08:00:00+00:00", "RotationType": "AUTOMATIC"}], "Truncated": false}
        """

    private func inputs(_ files: [(String, String)]) -> [CollectorInput] {
        files.map { CollectorHarness.input(Data($0.1.utf8), fileName: $0.0) }
    }

    private func records(_ outcome: Result<[EvidenceRecord], CollectionFailure>) -> [EvidenceRecord]? {
        if case .success(let records) = outcome { return records }
        return nil
    }

    private func failure(_ outcome: Result<[EvidenceRecord], CollectionFailure>) -> CollectionFailure? {
        if case .failure(let failure) = outcome { return failure }
        return nil
    }

    @Test func responsesInSeparateFilesBecomeOneKeyNamedByTheDescribeKeyFile() throws {
        let files = inputs([("k1-status.json", Self.status), ("k1-describe.json", Self.describe), ("k1-rotations.json", Self.rotations)])
        let outcomes = collector.records(merging: files)
        #expect(records(outcomes[0])?.isEmpty == true)
        #expect(records(outcomes[2])?.isEmpty == true)
        let key = try #require(records(outcomes[1])?.first)
        #expect(records(outcomes[1])?.count == 1)
        #expect(key.subject == "key:arn:aws:kms:eu-west-1:111122223333:key/k1")
        #expect(key.source.name == "k1-describe.json")
        #expect(key.data["rotation_enabled"] == true)
        #expect(key.data["rotation_period_seconds"] == .number(90 * 86_400))
        #expect(key.data["current_material_created_at"] == "2026-10-01T08:00:00Z")
        #expect(key.data["rotation_history"] == "complete")
        let merged = try #require(key.data["merged_from"]?.arrayValue)
        #expect(merged.map { $0["name"] } == ["k1-status.json", "k1-rotations.json"])
        #expect(merged.first?["sha256"] == .string(SHA256Hex.of(Data(Self.status.utf8))))
    }

    @Test func joiningGivesTheSameKeyAsOneFileHoldingAllThreeResponses() throws {
        let split = collector.records(merging: inputs([("a.json", Self.describe), ("b.json", Self.status), ("c.json", Self.rotations)]))
        let joined = try CollectorHarness.records(
            collector, text: [Self.describe, Self.status, Self.rotations].joined(separator: "\n"),
            fileName: "a.json")
        var fromSplit = try #require(records(split[0])?.first).data
        fromSplit["merged_from"] = nil
        #expect(fromSplit == joined.first?.data)
    }

    @Test func responsesOfAKeyNoInputDescribesRejectOnlyTheirFile() throws {
        let orphan = #"{"KeyRotationEnabled": false, "KeyId": "k9"}"#
        let outcomes = collector.records(merging: inputs([("k1.json", Self.describe), ("k9-status.json", orphan), ("k1-rot.json", Self.rotations)]))
        let rejected = try #require(failure(outcomes[1]))
        #expect(rejected.file == "k9-status.json")
        #expect(rejected.location == "$")
        #expect(rejected.reason.contains("without its describe-key response"))
        #expect(records(outcomes[0])?.first?.data["current_material_created_at"] == "2026-10-01T08:00:00Z")
        #expect(records(outcomes[2])?.isEmpty == true)
    }

    @Test func aSecondDescribeKeyOfTheSameKeyInAnotherFileIsRejectedNamingTheFirst() throws {
        let outcomes = collector.records(merging: inputs([("first.json", Self.describe), ("again.json", Self.describe)]))
        #expect(records(outcomes[0])?.count == 1)
        let rejected = try #require(failure(outcomes[1]))
        #expect(rejected.file == "again.json")
        #expect(rejected.location == "$.KeyMetadata")
        #expect(rejected.reason == "duplicate describe-key response for KeyId 'k1' (also at $.KeyMetadata of first.json)")
    }

    @Test func aBrokenFileIsRejectedAndTheOthersStillJoin() throws {
        let outcomes = collector.records(
            merging: inputs([
                ("k1.json", Self.describe), ("broken.json", "{\"Rotations\": ["),
                ("k1-status.json", Self.status),
            ]))
        #expect(failure(outcomes[1])?.location.hasPrefix("line 1") == true)
        #expect(records(outcomes[0])?.first?.data["rotation_enabled"] == true)
        #expect(records(outcomes[2])?.isEmpty == true)
    }

    /// Every response is read whole when its file is: a bad field rejects the file that holds it,
    /// and the key is still recorded from the others (its rotations unknown).
    @Test func aBadFieldInARotationRejectsTheFileHoldingItNotTheKey() throws {
        let badDate = #"{"Rotations": [{"KeyId": "k1", "RotationDate": "yesterday"}], "Truncated": false}"#
        let outcomes = collector.records(
            merging: inputs([("k1.json", Self.describe), ("k1-rot.json", badDate), ("k1-status.json", Self.status)]))
        let rejected = try #require(failure(outcomes[1]))
        #expect(rejected.file == "k1-rot.json")
        #expect(rejected.location == "$.Rotations[0].RotationDate")
        let key = try #require(records(outcomes[0])?.first)
        #expect(key.data["rotation_enabled"] == true)
        #expect(key.data["rotation_history"] != "complete")
        #expect(key.data["current_material_created_at"] == "2025-01-01T00:00:00Z")
    }

    @Test func anEmptyRotationListCountsAsNeverRotatedWhenTheRunDescribesOneKey() throws {
        let outcomes = collector.records(merging: inputs([("k1.json", Self.describe), ("k1-rot.json", #"{"Rotations": []}"#)]))
        #expect(records(outcomes[0])?.first?.data["rotation_history"] == "complete")
    }
}
