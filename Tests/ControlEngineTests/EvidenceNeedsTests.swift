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

    /// The data members a kind's records are read with: every clause's field (dotted keys by each
    /// leading run, `exists: false` included, `record.` fields none) and what labels a record; a kind
    /// that any check may read whole (a fixed schema, history, a broken check) or every subject
    /// shares is left out, so it is read whole.
    @Test func eachKindIsReadWithTheDataMembersItsChecksName() {
        let clauses = F.control(
            """
            - id: E-1
              title: T
              severity: low
              evidence: [deploy.event, state.flag]
              check: {type: expect, all: [{field: scan.result, equals: clean}, {field: debug, exists: false}, {field: record.origin, equals: observed}]}
            """)
        let age = F.control(
            """
            - id: E-2
              title: T
              severity: low
              evidence: [state.flag]
              check: {type: max_age, field: org.vigil.checked_at, max: 3d}
            """)
        let version = F.control(
            """
            - id: E-3
              title: T
              severity: low
              evidence: [firmware.device, asset]
              check: {type: expect, all: [{field: Version, exists: true}]}
            """)
        let broken = Control(id: "X-1", title: "T", severity: .low, evidence: ["certificate"], check: CheckSpec(type: "issuer_diversity"))
        let evaluator = Evaluator(controls: [clauses, age, version, F.firmwareControl, broken, Self.ari])
        let label: Set<String> = ["Name", "name", "id", "DeviceId"]
        #expect(
            evaluator.dataMembersByKind == [
                "deploy.event": .only(label.union(["scan", "scan.result", "debug"])),
                "state.flag": .only(label.union(["scan", "scan.result", "debug", "org", "org.vigil", "org.vigil.checked_at"])),
            ])
        #expect(Evaluator(controls: [version]).dataMembersByKind == ["firmware.device": .only(label.union(["Version"]))])
        // A check that names what it leaves out: another's members are read whole; nothing left out, no entry.
        let rotation = F.control(
            """
            - id: K-1
              title: T
              severity: low
              evidence: [key]
              check: {type: key_rotation, max_age: 90d}
            """)
        let origin = F.control(
            """
            - id: K-2
              title: T
              severity: low
              evidence: [key]
              check: {type: expect, all: [{field: native.KeyMetadata.Origin, equals: AWS_KMS}]}
            """)
        #expect(Evaluator(controls: [rotation]).dataMembersByKind == ["key": .allBut(["native", "merged_from"])])
        #expect(Evaluator(controls: [rotation, origin]).dataMembersByKind == ["key": .allBut(["merged_from"])])
        #expect(Evaluator(controls: [rotation, version, origin]).dataMembersByKind["firmware.device"] == .only(label.union(["Version"])))
        let joined = F.control(
            """
            - id: K-3
              title: T
              severity: low
              evidence: [key]
              check: {type: expect, all: [{field: merged_from, exists: false}]}
            """)
        #expect(Evaluator(controls: [rotation, origin, joined]).dataMembersByKind["key"] == nil)
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
