import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `key.event` and `credential.event` written and read through one model: every record the CloudTrail
/// collector writes reads back to exactly the data it wrote (so their ids are unchanged).
struct CollectedKeyEventEvidenceTests {
    @Test(arguments: ["otel-cloudtrail_log.json", "cloudtrail-kms-iam.json", "111122223333_CloudTrail_us-east-1_20261128T0000Z_kms.json.gz"])
    func aCollectedEventReadsBackToTheDataItWrote(fixture: String) throws {
        let records = try keys(CloudTrailCollector(), fixture)
        #expect(!records.isEmpty)
        for record in records {
            let event = try KeyEventEvidence(record: record)
            #expect(event.data == record.data, "\(record.subject) \(event.eventName ?? "")")
            #expect(event.kind == record.kind && event.native != nil && event.logFile != nil)
            #expect(event.eventTime.map(Timestamp.format) == Timestamp.format(record.observedAt), "observed when it happened")
            if record.kind == EvidenceKind.keyEvent {
                #expect(event.keyID != nil && event.accessKeyID == nil)
            } else {
                #expect(event.accessKeyID != nil && event.keyID == nil)
            }
        }
    }

    @Test func theKindsFollowTheEventSource() throws {
        let records = try keys(CloudTrailCollector(), "cloudtrail-kms-iam.json")
        let events = try records.map { record throws(EvidenceRecord.DecodingFailure) in try KeyEventEvidence(record: record) }
        #expect(events.filter { $0.eventSource == "kms.amazonaws.com" }.allSatisfy { $0.kind == EvidenceKind.keyEvent })
        #expect(events.filter { $0.eventSource == "iam.amazonaws.com" }.allSatisfy { $0.kind == EvidenceKind.credentialEvent })
        #expect(events.first { $0.eventName == "ScheduleKeyDeletion" }?.deletionDate == "Dec 5, 2026, 12:00:00 AM")
    }
}
