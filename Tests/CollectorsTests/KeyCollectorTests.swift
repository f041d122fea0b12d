import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// Fixtures of the key family, in `Fixtures/keys/`.
private func keys(_ collector: some EvidenceCollector, _ name: String, subject: String? = nil) throws -> [EvidenceRecord] {
    try CollectorHarness.records(collector, fixture: "keys/" + name, subject: subject)
}

private func record(_ records: [EvidenceRecord], endingWith suffix: String) throws -> EvidenceRecord {
    try #require(records.first { $0.subject.hasSuffix(suffix) })
}

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

struct CloudTrailCollectorTests {
    let collector = CloudTrailCollector()

    @Test func realLogKeepsTheRotateKeyServiceEventAndIgnoresTheRest() throws {
        let records = try keys(collector, "otel-cloudtrail_log.json")
        #expect(records.count == 1)
        let rotation = try #require(records.first)
        #expect(rotation.kind == "key.event")
        #expect(rotation.subject == "key:arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        #expect(rotation.data["rotation_type"] == "AUTOMATIC")
        #expect(rotation.data["actor"] == "AWS Internal")
        #expect(rotation.data["log_file"] == ["records": 7, "ignored": 6])
        #expect(rotation.observedAt == Timestamp.parse(rotation.data["event_time"]?.stringValue ?? ""))
    }

    @Test func gzipLogAsS3DeliversItGivesTheSameEventsAsThePlainOne() throws {
        let plain = try keys(collector, "cloudtrail-kms-iam.json")
        let zipped = try keys(collector, "111122223333_CloudTrail_us-east-1_20261128T0000Z_kms.json.gz")
        #expect(plain.map(\.data) == zipped.map(\.data))
        #expect(zipped.count == 9)  // 11 records: ListKeys and a failed call are ignored
        #expect(zipped.first?.data["log_file"] == ["records": 11, "ignored": 2])
    }

    @Test func keyAndCredentialEventsGetTheirSubjects() throws {
        let records = try keys(collector, "cloudtrail-kms-iam.json")
        let names = records.map { $0.data["event_name"]?.stringValue ?? "" }
        #expect(
            names == [
                "CreateKey", "EnableKeyRotation", "DisableKeyRotation", "RotateKeyOnDemand", "RotateKey",
                "ScheduleKeyDeletion", "CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey",
            ])
        let enable = records[1]
        #expect(enable.data["rotation_period_days"] == 365)
        let disable = records[2]
        #expect(Timestamp.format(disable.observedAt) == "2026-09-15T16:02:44.123Z")
        #expect(records[5].data["deletion_date"] == "Dec 5, 2026, 12:00:00 AM")
        let update = records[7]
        #expect(update.kind == "credential.event")
        #expect(update.subject == "credential:arn:aws:iam::111122223333:user/ci-deployer#AKIAIOSFODNN7EXAMPLE")
        #expect(update.data["status"] == "Inactive")
        #expect(records[6].data["access_key_id"] == "AKIAI44QH8DHBEXAMPLE")
    }

    @Test func truncatedGzipIsRejected() throws {
        let data = try CollectorHarness.fixture("keys/111122223333_CloudTrail_us-east-1_20261128T0000Z_kms.json.gz")
        let failure = CollectorHarness.failure(collector, bytes: data.prefix(200), fileName: "cut.json.gz")
        #expect(failure?.location == "gzip")
        #expect(failure?.reason == "truncated gzip data")
    }

    @Test func recordsMustBeAList() throws {
        let failure = CollectorHarness.failure(collector, text: #"{"Records": {}}"#, fileName: "x.json")
        #expect(failure == CollectionFailure(file: "x.json", location: "$.Records", reason: "expected array, found object"))
        let missing = CollectionFailure(file: "x.json", location: "$.Records[0]", reason: "missing required field 'eventTime'")
        let event = #"{"Records": [{"eventName": "RotateKey", "eventSource": "kms.amazonaws.com"}]}"#
        #expect(CollectorHarness.failure(collector, text: event, fileName: "x.json") == missing)
    }
}

struct CredentialReportCollectorTests {
    let collector = CredentialReportCollector()

    @Test func realReportYieldsOneRecordPerExistingKeyIncludingRoot() throws {
        let records = try keys(collector, "cloudmapper-credential-report.csv")
        #expect(
            records.map(\.subject) == [
                "credential:arn:aws:iam::123456789012:root#access_key_1",
                "credential:arn:aws:iam::123456789012:user/auditor_tmp#access_key_1",
                "credential:arn:aws:iam::123456789012:user/user#access_key_1",
                "credential:arn:aws:iam::123456789012:user/user#access_key_2",
            ])
        let root = records[0]
        #expect(root.data["principal_name"] == "<root_account>")
        #expect(root.data["created_at"] == "2018-11-23T16:01:14Z")
        #expect(root.data["last_used_at"] == "2018-11-27T00:02:00Z")
        #expect(records[1].data["last_used_at"] == nil)  // N/A
        #expect(records[2].data["siblings"] == [["slot": "access_key_2", "active": true, "created_at": "2018-05-07T15:35:54Z"]])
    }

    @Test func responseJSONWithPlainOrBase64ContentReadsLikeTheCSV() throws {
        let plain = try keys(collector, "cloudmapper-iam-get-credential-report.json")
        #expect(plain.map(\.data) == (try keys(collector, "cloudmapper-credential-report.csv")).map(\.data))
        let encoded = try keys(collector, "get-credential-report.json")
        #expect(encoded.map(\.data) == (try keys(collector, "credential-report.csv")).map(\.data))
    }

    @Test func inactiveKeysAndSigningCertificatesAreKept() throws {
        let records = try keys(collector, "credential-report.csv")
        let inactive = try record(records, endingWith: "backup-agent#access_key_2")
        #expect(inactive.data["active"] == false)
        let certificate = try record(records, endingWith: "old-saml-signer#cert_1")
        #expect(certificate.data["credential_type"] == "signing_certificate")
        #expect(!records.contains { $0.subject.hasSuffix("root#access_key_1") })  // root has no keys here
    }

    @Test func badCellsNameLineAndColumn() throws {
        var lines = try String(decoding: CollectorHarness.fixture("keys/credential-report.csv"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "2026-03-02T09:00:00+00:00", with: "yesterday")
        let failure = CollectorHarness.failure(collector, text: lines.joined(separator: "\n"), fileName: "r.csv")
        #expect(
            failure
                == CollectionFailure(
                    file: "r.csv", location: "line 3, column access_key_1_last_rotated",
                    reason: "'yesterday' is not a timestamp"))
        let notReport = CollectorHarness.failure(collector, text: "id,type\nweb-01,host\n", fileName: "i.csv")
        #expect(notReport?.reason.contains("not an IAM credential report") == true)
        let badBase64 = CollectorHarness.failure(collector, text: #"{"Content": "@@@", "ReportFormat": "text/csv"}"#, fileName: "j.json")
        #expect(badBase64?.location == "$.Content")
    }
}
