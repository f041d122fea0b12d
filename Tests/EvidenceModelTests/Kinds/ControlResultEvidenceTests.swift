import EvidenceModel
import Foundation
import Testing

/// `control.result` written and read through one model: a field renamed on one side breaks this test.
struct ControlResultEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "control.result") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "host:web-01", observedAt: Date(timeIntervalSince1970: 1_800_000_000), collector: "inspec",
            origin: .observed, source: EvidenceSource(name: "scan.json", sha256: String(repeating: "0", count: 64)), data: data)
    }

    static var waived: ControlResultEvidence {
        var result = ControlResultEvidence(
            profile: "linux-baseline", controlID: "os-02", status: "failed", results: ["passed": 7, "failed": 2],
            failures: ["File /etc/shadow is expected not to be readable by other"])
        result.title = "Check owner and permissions for /etc/shadow"
        result.impact = 0.7
        result.waiver = .init(
            skippedDueToWaiver: false, expired: true, justification: "Sound reasoning", run: true,
            expirationDate: Timestamp.parse("1977-06-01"), message: "Waiver expired on 1977-06-01, evaluating control normally")
        return result
    }

    @Test func aResultReadsBackAsItWasWritten() throws {
        let result = Self.waived
        let read = try ControlResultEvidence(record: Self.record(result.data))
        #expect(read == result)
        #expect(read.data == result.data)
        #expect(result.data["waiver"]?["expiration_date"] == "1977-06-01T00:00:00Z" && result.data["results"]?["failed"] == 2)
        let plain = ControlResultEvidence(profile: "p", controlID: "c", status: "no_results", results: [:], failures: [])
        #expect(try ControlResultEvidence(record: Self.record(plain.data)) == plain)
        #expect(plain.data["waiver"] == nil && plain.data["title"] == nil)
        let silent = ControlResultEvidence.Waiver(
            skippedDueToWaiver: true, expired: false, justification: nil, run: nil, expirationDate: nil, message: "")
        #expect(silent.json == ["skipped_due_to_waiver": true, "expired": false], "an empty message is left out")
    }

    @Test func aResultWithoutItsControlOrStatusIsRefusedNamingTheField() {
        var data = Self.waived.data
        data["control_id"] = " "
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "data.control_id", reason: "not a control's id")) {
            try ControlResultEvidence(record: Self.record(data))
        }
        data = Self.waived.data
        data["status"] = 1
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "data.status", reason: "not a status")) {
            try ControlResultEvidence(record: Self.record(data))
        }
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() {
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'control.result', found 'firmware.device'")) {
            try ControlResultEvidence(record: Self.record(Self.waived.data, kind: "firmware.device"))
        }
    }
}
