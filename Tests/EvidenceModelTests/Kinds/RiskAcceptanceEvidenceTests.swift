import Foundation
import Testing

@testable import EvidenceModel

/// The `risk.acceptance` kind reads back what it writes, however its writer filled it.
struct RiskAcceptanceEvidenceTests {
    static func date(_ text: String) -> Date? { Timestamp.parse(text) }

    static func record(
        _ data: [String: JSONValue], kind: String = EvidenceKind.riskAcceptance, subject: String = "risk:RA-1"
    )
        -> EvidenceRecord
    {
        EvidenceRecord(
            kind: kind, subject: subject, observedAt: date("2026-11-20T06:00:00Z") ?? .distantPast, collector: "risks",
            origin: .declared, source: EvidenceSource(name: "risks.yaml", sha256: String(repeating: "ab", count: 32)), data: data)
    }

    @Test func whatIsWrittenReadsBack() throws {
        let written = RiskAcceptanceEvidence(
            id: "RA-1", control: "FW-02", subjects: ["host:lab-3"], reason: "vendor fix pending", owner: "ops",
            approvedBy: "ciso", acceptedAt: Self.date("2026-09-01"), expiresAt: Self.date("2026-12-01"),
            extensions: [.init(at: Self.date("2026-11-01"), expiresAt: Self.date("2027-01-31"), by: "ciso", reason: "slip")])
        #expect(try RiskAcceptanceEvidence(record: Self.record(written.data)) == written)
    }

    /// An imported waiver may lack its control, dates and approver: those keys are left out, not null.
    @Test func absentFieldsAreLeftOutAndBlankOnesReadAsAbsent() throws {
        let imported = RiskAcceptanceEvidence(
            id: "inspec:web-01:ssh-5", control: nil, subjects: ["host:web-01"], reason: nil, owner: nil, approvedBy: nil,
            acceptedAt: nil, expiresAt: nil, extensions: [])
        #expect(Set(imported.data.keys) == ["id", "subjects", "extensions"])
        let blank = try RiskAcceptanceEvidence(record: Self.record(["approved_by": " ", "expires_at": "soon", "subjects": ["host:a"]]))
        #expect(blank.approvedBy == nil && blank.expiresAt == nil && blank.id == "RA-1", "an id missing from the data is the subject's")
    }

    @Test func aRecordOfAnotherKindIsRefused() {
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'risk.acceptance', found 'asset'")) {
            try RiskAcceptanceEvidence(record: Self.record([:], kind: "asset"))
        }
    }
}
