import EvidenceModel
import Foundation
import Testing

/// `register` written and read through one model.
struct RegisterEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "register") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "register:risks/register.yaml", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "risks", origin: .declared,
            source: EvidenceSource(name: "register.yaml", sha256: String(repeating: "0", count: 64)), data: data)
    }

    @Test func aRegisterReadsBackAsItWasWritten() throws {
        let register = RegisterEvidence(entryKind: "risk.acceptance", entries: 0)
        #expect(register.data == ["entry_kind": "risk.acceptance", "entries": 0])
        #expect(try RegisterEvidence(record: Self.record(register.data)) == register)
    }

    @Test func aRegisterWithoutEntryKindOrOfAnotherKindIsRefused() {
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "data.entry_kind", reason: "missing")) {
            try RegisterEvidence(record: Self.record(["entries": 3]))
        }
        #expect(throws: EvidenceRecord.DecodingFailure.self) { try RegisterEvidence(record: Self.record([:], kind: "asset")) }
    }
}
