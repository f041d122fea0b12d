import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct AWSKMSCollectorTests {
    let collector = AWSKMSCollector()

    @Test func arrayOfResponsesIsMergedByKeyIdIntoOneRecordPerKey() throws {
        let records = try keys(collector, "kms-inventory.json")
        #expect(records.count == 7)
        #expect(records.allSatisfy { $0.kind == "key" && $0.subject.hasPrefix("key:arn:aws:kms:us-east-1:111122223333:key/") })
        let yearly = try record(records, endingWith: "1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(yearly.data["rotation_enabled"] == true)
        #expect(yearly.data["rotation_period_seconds"] == .number(365 * 86_400))
        #expect(yearly.data["current_material_created_at"] == "2026-02-14T14:24:00Z")
        #expect(yearly.data["key_material"]?.arrayValue?.count == 3)
        #expect(yearly.data["native"]?["KeyMetadata"]?["KeySpec"] == "SYMMETRIC_DEFAULT")
        #expect(yearly.data["native"]?["RotationStatus"]?["NextRotationDate"] == "2027-02-14T14:24:00+00:00")
    }

    @Test func asymmetricKeysCannotBeRotatedByKMS() throws {
        let signing = try record(try keys(collector, "kms-inventory.json"), endingWith: "f3e2d1c0-4b5a-6978-8a9b-0c1d2e3f4a5b")
        #expect(signing.data["can_rotate"] == false)
        #expect(signing.data["algorithm"] == "RSA")
        #expect(signing.data["key_size"] == 4096)
        #expect(signing.data["rotation_enabled"] == nil)
    }

    @Test func rotationDisabledAndInitialMaterialWithoutRotationDate() throws {
        let key = try record(try keys(collector, "kms-inventory.json"), endingWith: "55554444-3333-4222-8111-000099998888")
        #expect(key.data["rotation_enabled"] == false)
        #expect(key.data["rotation_period_seconds"] == nil)
        let material = try #require(key.data["key_material"]?.arrayValue)
        #expect(material.count == 1)
        #expect(material[0]["origin"] == "creation")
        #expect(material[0]["id"] == "m-norot-1")
    }

    @Test func managedPendingDeletionAndPostQuantumKeysKeepTheirState() throws {
        let records = try keys(collector, "kms-inventory.json")
        #expect(try record(records, endingWith: "aaaabbbb-cccc-4ddd-8eee-ffff00001111").data["managed_by"] == "provider")
        let deleting = try record(records, endingWith: "99998888-7777-4666-8555-444433332222")
        #expect(deleting.data["state"] == "PendingDeletion")
        #expect(deleting.data["deletion_scheduled_at"] == "2026-12-05T00:00:00Z")
        let pq = try record(records, endingWith: "7d8e9f00-aaaa-4bbb-8ccc-ddddeeeeffff")
        #expect(pq.data["pq_readiness"] == "post-quantum")
        #expect(pq.data["parameter_set"] == "65")
    }

    @Test func responsesWrittenOneAfterAnotherAreOneKey() throws {
        let records = try keys(collector, "kms-describe-status-rotations.json")
        #expect(records.count == 1)
        #expect(records[0].data["current_material_created_at"] == "2026-10-01T08:00:00Z")
        #expect(records[0].data["key_material"]?.arrayValue?.last?["origin"] == "ON_DEMAND")
    }

    @Test func describeKeyAloneLeavesRotationUnknownAndHistoryCreationOnly() throws {
        let records = try keys(collector, "kms-unknown-status.json")
        #expect(records[0].data["rotation_enabled"] == nil)
        #expect(records[0].data["rotation_history"] == "creation-only")
    }

    @Test func anEmptyRotationListMeansNeverRotatedForTheOnlyKey() throws {
        let text = """
            {"KeyMetadata": {"KeyId": "k1", "Arn": "arn:aws:kms:eu-west-1:1:key/k1", "CreationDate": 1767225600.5,
             "KeySpec": "SYMMETRIC_DEFAULT", "KeyState": "Enabled", "Enabled": true}}
            {"KeyRotationEnabled": true, "KeyId": "k1", "RotationPeriodInDays": 90}
            {"Rotations": [], "Truncated": false}
            """
        let key = try #require(try CollectorHarness.records(collector, text: text, fileName: "k1.json").first)
        #expect(key.data["rotation_history"] == "complete")
        #expect(key.data["created_at"] == "2026-01-01T00:00:00.500Z")
    }

    @Test func rotationStatusWithoutDescribeKeyIsRejected() throws {
        let failure = CollectorHarness.failure(collector, text: #"[{"KeyRotationEnabled": true, "KeyId": "k9"}]"#, fileName: "s.json")
        #expect(failure?.location == "$[0]")
        #expect(failure?.reason.contains("without its describe-key response") == true)
    }

    @Test func badInputNamesThePlace() throws {
        let wrongType = CollectorHarness.failure(
            collector, text: #"[{"KeyMetadata": {"KeyId": "k", "Arn": "arn:x", "CreationDate": true}}]"#, fileName: "b.json")
        #expect(
            wrongType
                == CollectionFailure(
                    file: "b.json", location: "$[0].KeyMetadata.CreationDate",
                    reason: "expected timestamp, found boolean"))
        let unknown = CollectorHarness.failure(collector, text: #"{"Keys": []}"#, fileName: "c.json")
        #expect(unknown?.location == "$")
        #expect(unknown?.reason.contains("not an AWS KMS response") == true)
        let syntax = CollectorHarness.failure(collector, text: "{\"KeyMetadata\": {}}\n{\"KeyId\": ", fileName: "d.json")
        #expect(syntax?.location.hasPrefix("line 2") == true)
    }
}
