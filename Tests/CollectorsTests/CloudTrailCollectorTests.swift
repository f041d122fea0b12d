import EvidenceModel
import Foundation
import Testing

@testable import Collectors

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
