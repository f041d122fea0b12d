import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// The engine states what an evaluation reads, control by control, each compiled once. (That the
/// index reading exactly this evaluates as every record does: `EvaluationEvidenceTests` in VigilKitTests.)
struct EvidenceNeedsTests {
    typealias F = Fixture

    static let mpic = F.control(
        """
        - id: MPIC-1
          title: T
          severity: low
          evidence: [mpic.result]
          origin: observed
          window: 30d
          check: {type: expect, all: [{field: outcome, exists: true}]}
        """)

    static let ari = F.control(
        """
        - id: ARI-1
          title: T
          severity: low
          evidence: [certificate, ari.window]
          check: {type: ari_window}
        """)

    @Test func eachControlAddsItsKindsItsWindowAndItsHistory() throws {
        let evaluator = Evaluator(controls: [F.firmwareControl, Self.mpic, Self.ari])
        let selection = evaluator.selection(at: F.now, inventoried: []) { () throws(Never) in [] }
        #expect(selection.newestKinds == ["asset", "risk.acceptance", "firmware.device", "mpic.result", "certificate", "ari.window"])
        #expect(selection.newestObservedKinds == ["mpic.result"])
        // A second before the 30-day window, so SQLite's and Date's rounding never decide its edge.
        #expect(selection.eventsSince == ["mpic.result": F.now.addingTimeInterval(-30 * 86_400 - 1)])
        #expect(selection.historyKinds == ["register", "certificate", "ari.window"])
        #expect(selection.historySubjects.isEmpty)
        #expect(selection.collections == ["register": ["asset", "risk.acceptance"]])
        #expect(evaluator.compiled.map(\.readsHistory) == [false, false, true])
        #expect(!evaluator.canSlice)
    }

    /// Subjects the inventory does not list are read whole (their unknown-subject gap counts every
    /// record); without an inventory, no subject is, and the index is not asked for them.
    @Test func subjectsOutsideTheInventoryAreReadWhole() {
        let evaluator = Evaluator(controls: [F.firmwareControl])
        let listed = evaluator.selection(at: F.now, inventoried: ["host:a"]) { () throws(Never) in ["host:a", "host:b", "host:c"] }
        #expect(listed.historySubjects == ["host:b", "host:c"])
        var asked = false
        let unlisted = evaluator.selection(at: F.now, inventoried: []) { () throws(Never) in
            asked = true
            return ["host:b"]
        }
        #expect(unlisted.historySubjects.isEmpty && !asked)
    }

    /// A check whose parameters are wrong is compiled once, with the reason every result will carry.
    @Test func aCheckThatCannotRunSaysWhyOnce() {
        let broken = Control(id: "X-1", title: "T", severity: .low, evidence: ["certificate"], check: CheckSpec(type: "issuer_diversity"))
        let compiled = CompiledControl(broken, context: .standard)
        #expect(compiled.check == nil)
        #expect(compiled.problem == "check cannot be evaluated: check.within: required but missing")
        #expect(!compiled.readsHistory)
        #expect(CompiledControl(Self.ari, context: .standard).problem == nil)
    }
}
