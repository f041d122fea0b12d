import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// Absent evidence fails closed (DESIGN §12): a control without scope and without any evidence of its
/// kinds is `missing`, so a run whose collectors all failed is not reported as fine.
struct FailClosedTests {
    static func control(_ id: String, evidence: String, origin: String? = nil) -> Control {
        Fixture.control(
            """
            - id: \(id)
              title: T
              severity: high
              evidence: \(evidence)
            \(origin.map { "  origin: \($0)\n" } ?? "")  check: {type: firmware_updatable}
            """)
    }

    @Test func aControlWithNoEvidenceOfItsKindsIsMissingNamingThem() {
        let result = Fixture.run([Self.control("FW-01", evidence: "firmware.device")], []).controls[0]
        #expect(result.status == .missing)
        #expect(result.missingReason == "no firmware.device evidence collected")
        #expect(result.controlReason == "no firmware.device evidence collected")
        #expect(result.results.isEmpty)
    }

    @Test func everyKindIsNamedAndOnlyObservedEvidenceCountsForAnObservedControl() {
        let both = Self.control("K-1", evidence: "[key, key.event]")
        #expect(Fixture.run([both], []).controls[0].missingReason == "no key or key.event evidence collected")
        let observed = Self.control("FW-01", evidence: "firmware.device", origin: "observed")
        let declared = Fixture.record(EvidenceKind.firmwareDevice, "host:a", origin: .declared, ["Flags": ["updatable"]])
        #expect(Fixture.run([observed], [declared]).controls[0].missingReason == "no observed firmware.device evidence collected")
    }

    @Test func evidenceObservedAfterTheInstantDoesNotCount() {
        let later = Fixture.device("a", "UEFI", at: Fixture.daysAgo(-1))
        let control = Self.control("FW-01", evidence: "firmware.device")
        #expect(Fixture.run([control], [later]).controls[0].status == .missing)
        #expect(Fixture.run([control], [later], at: Fixture.daysAgo(-2)).controls[0].status == .pass)
    }

    @Test func subjectsACheckJudgedNotToApplyStayNotApplicable() {
        let cpu = Fixture.device("a", "CPU", flags: [], extra: ["Plugin": "cpu"])
        let result = Fixture.run([Self.control("FW-01", evidence: "firmware.device")], [cpu]).controls[0]
        #expect(result.status == .notApplicable)
        #expect(result.missingReason == nil)
    }

    @Test func aScopedControlWithoutEvidenceIsJudgedPerAssetAsBefore() {
        let scoped = Fixture.control(
            """
            - id: FW-02
              title: T
              severity: high
              evidence: firmware.device
              scope: {kind: asset, type: host}
              check: {type: firmware_updatable}
            """)
        #expect(Fixture.run([scoped], []).controls[0].status == .notApplicable)
        let run = Fixture.run([scoped], [Fixture.asset("host:a")])
        #expect(run.controls[0].results.map(\.status) == [.missing])
        #expect(run.controls[0].missingReason == nil)
    }

    @Test func aMissingControlNeedsAttention() {
        let run = Fixture.run([Self.control("FW-01", evidence: "firmware.device")], [])
        #expect(run.needsAttention)
        #expect(run.summary[.missing] == 1)
        #expect(run.summary[.notApplicable] == 0)
    }
}
