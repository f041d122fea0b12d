import EvidenceModel
import Foundation
import Testing

/// `validation.result` written and read through one model: a field renamed on one side breaks this test.
struct ValidationResultEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "validation.result") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "domain:shop.example.org", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "boulder-audit", origin: .observed, source: EvidenceSource(name: "boulder.log", sha256: String(repeating: "0", count: 64)),
            data: data)
    }

    static var primary: ValidationResultEvidence {
        var validation = ValidationResultEvidence(
            checkType: "dcv", identifier: .init(type: "dns", value: "shop.example.org"), wildcard: false, error: "")
        validation.target = "shop.example.org"
        validation.validatedAt = Timestamp.parse("2026-11-28T09:14:58.5Z")
        validation.log = BoulderAuditLine(line: 3, host: "va-1", binary: "boulder-va", pid: nil, severity: 6, loggedAt: validation.validatedAt)
        validation.logFile = ["lines": 9]
        validation.challenge = ["type": "http-01", "status": "valid", "token": "abc"]
        validation.authzID = "7"
        validation.requester = 8741
        validation.challengeType = "http-01"
        validation.validationMethod = "http-01"
        validation.latencySeconds = 0.25
        validation.status = "valid"
        validation.role = "primary"
        validation.summary = .init(
            passedPerspectives: ["dadaist", "zinc"], failedPerspectives: ["earful"], passedRIRs: ["ARIN", "RIPE"], quorumResult: "2/3")
        return validation
    }

    @Test func aValidationReadsBackAsItWasWritten() throws {
        let validation = Self.primary
        let read = try ValidationResultEvidence(record: Self.record(validation.data))
        #expect(read == validation)
        #expect(read.data == validation.data)
        #expect(validation.data["event"] == "Validation result" && validation.data["summary"]?["quorumResult"] == "2/3")
        #expect(read.summary?.quorum.map { [$0.corroborated, $0.of] } == [2, 3])
        var caa = ValidationResultEvidence(checkType: "caa", identifier: nil, wildcard: true, error: "CAA forbids")
        caa.internalError = "SERVFAIL"
        #expect(try ValidationResultEvidence(record: Self.record(caa.data)) == caa)
        #expect(caa.data["event"] == "CAA check result" && caa.data["summary"] == nil)
    }

    @Test func aFieldMissingOrOfAnotherTypeReadsAsNilAndTheRecordIsKept() throws {
        let read = try ValidationResultEvidence(
            record: Self.record(["check_type": 1, "summary": "2/3", "validated_at": "soon", "log": ["host": "va-1"]]))
        #expect(read.checkType == nil && read.summary == nil && read.validatedAt == nil && read.error.isEmpty)
        #expect(read.log?.host == "va-1" && read.log?.line == nil)
        #expect(try ValidationResultEvidence(record: Self.record(["summary": ["quorumResult": "many"]])).summary?.quorum == nil)
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() {
        #expect(
            throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'validation.result', found 'mpic.result'")
        ) {
            try ValidationResultEvidence(record: Self.record(Self.primary.data, kind: "mpic.result"))
        }
    }
}
