import EvidenceModel
import Foundation
import Testing

/// `ari.window` written and read through one model: a field renamed on one side breaks this test.
struct ARIWindowEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "ari.window") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "cert:aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "ari", origin: .observed, source: EvidenceSource(name: "a.json", sha256: String(repeating: "0", count: 64)),
            data: data)
    }

    @Test func aWindowReadsBackAsItWasWritten() throws {
        let start = try #require(Timestamp.parse("2026-11-08T00:00:00Z")), end = try #require(Timestamp.parse("2026-11-10T00:00:00Z"))
        let window = ARIWindowEvidence(start: start, end: end, explanationURL: "https://acme.example/incident")
        #expect(window.data["window_seconds"] == 172_800)
        #expect(try ARIWindowEvidence(record: Self.record(window.data)) == window)
        #expect(try ARIWindowEvidence(record: Self.record(ARIWindowEvidence(start: start, end: end, explanationURL: nil).data)).explanationURL == nil)
    }

    @Test func aRecordWithoutItsWindowOrOfAnotherKindIsRefusedNamingTheField() {
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "data.window_end", reason: "not an RFC 3339 instant")) {
            try ARIWindowEvidence(record: Self.record(["window_start": "2026-11-08T00:00:00Z", "window_end": "soon"]))
        }
        #expect(throws: EvidenceRecord.DecodingFailure.self) { try ARIWindowEvidence(record: Self.record([:], kind: "certificate")) }
    }
}
