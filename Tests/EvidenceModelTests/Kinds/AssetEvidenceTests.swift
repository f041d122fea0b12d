import Foundation
import Testing

@testable import EvidenceModel

/// The `asset` kind reads back what the inventory writes; exclusion has to be said.
struct AssetEvidenceTests {
    static func record(_ data: [String: JSONValue], kind: String = EvidenceKind.asset) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "host:web-01", observedAt: Timestamp.parse("2026-11-20T06:00:00Z") ?? .distantPast,
            collector: "assets", origin: .declared,
            source: EvidenceSource(name: "inventory.yaml", sha256: String(repeating: "ab", count: 32)), data: data)
    }

    @Test func whatIsWrittenReadsBack() throws {
        let written = AssetEvidence(
            subject: "host:web-01", id: "web-01", type: "host", owner: "ops", tags: ["prod", "pci"], isInScope: false,
            exclusionReason: "decommissioning", exclusionApprovedBy: "ciso")
        #expect(try AssetEvidence(record: Self.record(written.data)) == written)
        #expect(written.data["in_scope"] == false)
    }

    @Test func anAbsentInScopeIsInScopeAndBlankTextsAreAbsent() throws {
        let read = try AssetEvidence(record: Self.record(["type": " ", "owner": ""]))
        #expect(read.isInScope && read.type == nil && read.owner == nil && read.id == "host:web-01")
        #expect(throws: EvidenceRecord.DecodingFailure.self) { try AssetEvidence(record: Self.record([:], kind: "key")) }
    }
}
