import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct ScopeGapFinderTests {
    let scoped = Fixture.scopedFirmwareControl

    private func gaps(_ records: [EvidenceRecord]) -> [ScopeGap] {
        Fixture.run([scoped], records).scopeGaps
    }

    @Test func anInScopeAssetThatNoControlIncludesIsUncovered() {
        let found = gaps([Fixture.asset("host:lab-9", tags: ["lab"])])
        #expect(
            found == [
                ScopeGap(
                    subject: "host:lab-9", gap: .uncovered, control: nil,
                    reason: "in scope, but none of the 1 scoped controls includes it (type host, tags lab)")
            ])
    }

    @Test func anExclusionWithReasonAndApproverIsNotFlagged() {
        let asset = Fixture.asset(
            "host:old", inScope: false,
            extra: [
                "exclusion_reason": "decommissioned 2026-10", "exclusion_approved_by": "ciso@example.net",
            ])
        #expect(
            gaps([asset]) == [
                ScopeGap(
                    subject: "host:old", gap: .excluded, control: nil,
                    reason: "excluded from scope: decommissioned 2026-10 (approved by ciso@example.net)", isFlagged: false)
            ])
    }

    @Test func anExclusionWithoutReasonOrApproverIsFlagged() {
        let noApprover = Fixture.asset("host:a", inScope: false, extra: ["exclusion_reason": "lab"])
        let nothing = Fixture.asset("host:b", inScope: false)
        let found = gaps([noApprover, nothing])
        #expect(found.map(\.isFlagged) == [true, true])
        #expect(
            found.map(\.reason) == [
                "excluded from scope without exclusion_approved_by",
                "excluded from scope without exclusion_reason or exclusion_approved_by",
            ])
    }

    @Test func anAssetInAControlsScopeWithoutEvidenceIsNoEvidenceOncePerControl() {
        let found = gaps([Fixture.asset("host:web-1")])
        #expect(
            found == [
                ScopeGap(
                    subject: "host:web-1", gap: .noEvidence, control: "FW-01",
                    reason: "in the scope of FW-01 (assets of type host tagged prod) "
                        + "but no firmware.device evidence was ever collected")
            ])
        #expect(gaps([Fixture.asset("host:web-1"), Fixture.device("web-1", "UEFI")]).isEmpty)
    }

    @Test func evidenceAboutASubjectTheInventoryDoesNotListIsUnknown() {
        let found = gaps([
            Fixture.asset("host:web-1"), Fixture.device("web-1", "UEFI"), Fixture.device("ghost", "UEFI"),
            Fixture.device("ghost", "NVMe"), Fixture.acceptance("RA-1", control: "FW-01", subjects: ["host:ghost"]),
        ])
        #expect(
            found == [
                ScopeGap(
                    subject: "host:ghost", gap: .unknownSubject, control: nil,
                    reason: "2 records (firmware.device) about a subject the asset inventory does not list")
            ])
    }

    @Test func withoutAnInventoryThereAreNoGaps() {
        #expect(gaps([Fixture.device("ghost", "UEFI")]).isEmpty)
    }

    @Test func gapsAreSortedBySubject() {
        let found = gaps([Fixture.asset("host:b", tags: []), Fixture.asset("host:a", inScope: false)])
        #expect(found.map(\.subject) == ["host:a", "host:b"])
    }
}
