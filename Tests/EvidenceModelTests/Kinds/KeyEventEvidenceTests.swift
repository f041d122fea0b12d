import EvidenceModel
import Foundation
import Testing

/// `key.event` and `credential.event` written and read through one model: a field renamed on one side
/// breaks this test.
struct KeyEventEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = EvidenceKind.keyEvent) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "key:arn:aws:kms:eu-west-1:1:key/k1", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "cloudtrail", origin: .observed, source: EvidenceSource(name: "t.json", sha256: String(repeating: "0", count: 64)),
            data: data)
    }

    private static func event(_ kind: String, _ name: String, source: String) throws -> KeyEventEvidence {
        var event = KeyEventEvidence(
            kind: kind, eventName: name, eventTime: try #require(Timestamp.parse("2026-09-15T16:02:44.123Z")), eventSource: source,
            actor: "arn:aws:iam::1:user/ops", native: ["eventName": .string(name)])
        event.eventType = "AwsApiCall"
        event.region = "eu-west-1"
        event.logFile = .init(records: 11, ignored: 2)
        return event
    }

    @Test func aKeyEventReadsBackAsItWasWritten() throws {
        var event = try Self.event(EvidenceKind.keyEvent, "ScheduleKeyDeletion", source: "kms.amazonaws.com")
        event.keyID = "k1"
        event.deletionDate = "Dec 5, 2026, 12:00:00 AM"
        event.pendingWindowDays = 7
        #expect(event.data["log_file"] == ["records": 11, "ignored": 2] && event.data["event_time"] == "2026-09-15T16:02:44.123Z")
        let read = try KeyEventEvidence(record: Self.record(event.data))
        #expect(read == event)
        #expect(read.data == event.data)
    }

    @Test func aCredentialEventReadsBackAsItWasWritten() throws {
        var event = try Self.event(EvidenceKind.credentialEvent, "UpdateAccessKey", source: "iam.amazonaws.com")
        event.accessKeyID = "AKIAIOSFODNN7EXAMPLE"
        event.userName = "ci-deployer"
        event.status = "Inactive"
        #expect(event.data["key_id"] == nil && event.data["rotation_type"] == nil, "a field left nil is left out")
        let read = try KeyEventEvidence(record: Self.record(event.data, kind: EvidenceKind.credentialEvent))
        #expect(read == event && read.kind == EvidenceKind.credentialEvent)
        #expect(read.data == event.data)
    }

    /// An event record is never refused: what it lacks, or holds of another type, reads as nil for the checks to name.
    @Test func aHalfFilledEventIsReadNotRefused() throws {
        let event = try KeyEventEvidence(
            record: Self.record([
                "event_name": "EnableKeyRotation", "event_time": "last week", "rotation_period_days": "365",
                "log_file": ["records": 1.5],
            ]))
        #expect(event.eventName == "EnableKeyRotation" && event.eventTime == nil && event.rotationPeriodDays == nil)
        #expect(event.logFile == .init(records: nil, ignored: nil))
        #expect(event.actor == nil && event.native == nil && event.deletionDate == nil)
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKinds() throws {
        let data = try Self.event(EvidenceKind.keyEvent, "CreateKey", source: "kms.amazonaws.com").data
        let failure = EvidenceRecord.DecodingFailure.invalid(
            field: "kind", reason: "expected 'key.event' or 'credential.event', found 'key'")
        #expect(throws: failure) {
            try KeyEventEvidence(record: Self.record(data, kind: EvidenceKind.key))
        }
    }

    @Test func bothKindsAreEventsInTheTable() {
        for (kind, subjectType) in [(EvidenceKind.keyEvent, SubjectType.key), (EvidenceKind.credentialEvent, .credential)] {
            let info = EvidenceKind.info(kind)
            #expect(info?.name == kind && info?.isEvent == true && info?.subjectType == subjectType)
        }
    }
}
