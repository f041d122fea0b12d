import EvidenceModel
import Foundation
import Testing

/// `vigil collect aws-kms FOLDER` where each KMS command wrote its own file.
struct KMSFolderTests {
    static let describe = """
        {"KeyMetadata": {"KeyId": "k1", "Arn": "arn:aws:kms:eu-west-1:111122223333:key/k1", "CreationDate": "2025-01-01T00:00:00Z",
         "Enabled": true, "KeyState": "Enabled", "Origin": "AWS_KMS", "KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT"}}
        """

    @Test func aKeysResponsesInThreeFilesAreOneRecordAndAnOrphanIsRejected() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("kms/k1/describe-key.json", Self.describe)
        try scratch.write("kms/k1/get-key-rotation-status.json", #"{"KeyRotationEnabled": true, "KeyId": "k1", "RotationPeriodInDays": 90}"#)
        try scratch.write(
            "kms/k1/list-key-rotations.json",
            #"{"Rotations": [{"KeyId": "k1", "RotationDate": "2026-10-01T08:00:00Z", "RotationType": "ON_DEMAND"}]}"#)
        try scratch.write("kms/k9/get-key-rotation-status.json", #"{"KeyRotationEnabled": false, "KeyId": "k9"}"#)

        let run = try scratch.vigil(["collect", "aws-kms", "kms", "--observed-at", "2026-11-28T06:00:00Z"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("k9/get-key-rotation-status.json: $: rotation status for KeyId 'k9' without its describe-key response"))

        let listed = try scratch.vigil(["evidence", "list", "--kind", "key"])
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let key = try JSONValue.parse(Data(try #require(lines.first).utf8))
        #expect(key["subject"] == "key:arn:aws:kms:eu-west-1:111122223333:key/k1")
        #expect(key["source"]?["name"] == "describe-key.json")
        #expect(key["data"]?["rotation_enabled"] == true)
        #expect(key["data"]?["current_material_created_at"] == "2026-10-01T08:00:00Z")
        #expect(
            key["data"]?["merged_from"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
                == ["get-key-rotation-status.json", "list-key-rotations.json"])
    }
}
