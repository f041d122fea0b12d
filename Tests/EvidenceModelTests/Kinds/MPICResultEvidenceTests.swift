import EvidenceModel
import Foundation
import Testing

/// `mpic.result` written and read through one model: a field renamed on one side breaks this test.
struct MPICResultEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "mpic.result") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "domain:example.com", observedAt: Date(timeIntervalSince1970: 1_800_000_000), collector: "mpic",
            origin: .observed, source: EvidenceSource(name: "mpic.json", sha256: String(repeating: "0", count: 64)), data: data)
    }

    static var response: MPICResultEvidence {
        var passed = MPICResultEvidence.Perspective(
            code: "us-east-2", checkCompleted: true, checkPassed: true, errors: [], checkType: "caa",
            details: ["records_seen": ["0 issue \"letsencrypt.org\""], "caa_record_present": true])
        passed.stamp(nanoseconds: 1_795_946_400_123_456_789)
        let failed = MPICResultEvidence.Perspective(
            code: "eu-west-3", checkCompleted: false, checkPassed: false,
            errors: [.init(type: "mpic_error:caa_checker:lookup", message: "SERVFAIL")], checkType: "caa", details: [:])
        var response = MPICResultEvidence(
            checkType: "caa", target: "*.Example.com.", domain: "example.com", wildcard: true, isValid: true, mpicCompleted: true)
        response.validationMethod = "caa"
        response.perspectives = [passed, failed]
        response.previousAttempts = [[failed]]
        response.checkParameters = ["certificate_type": "tls-server"]
        response.actualOrchestrationParameters = ["perspective_count": 2, "quorum_count": 1, "attempt_count": 2]
        response.validatedAt = Timestamp.parse("2026-11-29T10:00:00.123Z")
        return response
    }

    @Test func aResponseReadsBackAsItWasWritten() throws {
        let response = Self.response
        let read = try MPICResultEvidence(record: Self.record(response.data))
        #expect(read == response)
        #expect(read.data == response.data)
        #expect(response.data["trace_identifier"] == .null && response.data["request_orchestration_parameters"] == .null)
        #expect(response.data["perspectives"]?.arrayValue?.first?["timestamp_ns"] == "1795946400123456789")
        #expect(response.data["perspectives"]?.arrayValue?.first?["timestamp"] == "2026-11-29T10:00:00.123Z")
        #expect(read.configuredQuorum == 1 && read.previousAttempts.count == 1)
    }

    @Test func aFieldMissingOrOfAnotherTypeReadsAsNilOrFalseAndTheRecordIsKept() throws {
        let read = try MPICResultEvidence(
            record: Self.record(["is_valid": "yes", "perspectives": [["code": 5, "check_passed": true]], "validated_at": "soon"]))
        #expect(!read.isValid && read.validatedAt == nil && read.checkType == nil)
        #expect(read.perspectives.map(\.code) == [nil] && read.perspectives.map(\.checkPassed) == [true])
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() {
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'mpic.result', found 'validation.result'")) {
            try MPICResultEvidence(record: Self.record(Self.response.data, kind: "validation.result"))
        }
    }
}
