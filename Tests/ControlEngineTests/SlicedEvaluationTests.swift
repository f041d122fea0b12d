import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// A run fed a slice of subjects at a time is the run fed every record at once. (Random stores through
/// the index: `EvaluationEvidenceRandomStoreTests` in VigilKitTests.)
struct SlicedEvaluationTests {
    typealias F = Fixture

    /// Two sorted runs of results (a re-check's kept verdicts, then those judged again) merge into the
    /// order a sort gives, wherever the runs interleave, either of them empty or not.
    @Test func twoSortedRunsMergeAsASortWouldOrderThem() {
        var state: UInt64 = 8_785  // a fixed sequence: the same cases every run
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for _ in 0..<200 {
            var unique = Set((0..<next(41)).map { _ in "host:\(next(100))" }).sorted()
            for i in unique.indices.reversed() { unique.swapAt(i, next(i + 1)) }
            let split = next(unique.count + 1)
            let first = unique[..<split].sorted(), second = unique[split...].sorted()
            let results = (first + second).map { SubjectResult(subject: $0, status: .pass, reason: "") }
            let merged = SlicedEvaluation.merged(SubjectResults(results), runsSplitAt: first.count)
            #expect(merged.map(\.subject) == unique.sorted())
        }
    }

    /// Judges `records` in `slices` (each a set of subjects; together every subject, each once).
    static func sliced(_ controls: [Control], _ records: [EvidenceRecord], slices: [Set<String>]) -> RunResult {
        var run = SlicedEvaluation(evaluator: Evaluator(controls: controls), shared: records, at: F.now)
        for owned in slices { run.judge(records.filter { owned.contains($0.subject) }, owned: owned) }
        return run.result(checkpoint: nil)
    }

    @Test func anAcceptanceCoversAResultJudgedInAnotherSliceThanItsRecord() {
        let records = [
            F.asset("host:a"), F.asset("host:b"),
            F.device("a", "NIC"), F.device("b", "BMC", flags: []),
            F.acceptance("RA-1", control: "FW-02", subjects: ["host:b"]),
        ]
        let controls = [F.firmwareControl, F.scopedFirmwareControl]
        let whole = F.run(controls, records)
        #expect(whole.controls[0].results.map(\.status) == [.pass, .accepted])
        let slices: [Set<String>] = [["host:b"], ["host:a"], ["risk:RA-1"]]
        #expect(Self.sliced(controls, records, slices: slices) == whole)
    }

    @Test func aSharedRecordAboutAnUnlistedSubjectIsAGapOfItsOwnSliceOnly() {
        // A risk-register entry whose subject is a host the inventory does not list: shared by every
        // slice, yet one `unknown_subject` gap.
        let odd = F.record(EvidenceKind.riskAcceptance, "host:z", at: F.daysAgo(1), origin: .declared, ["id": "RA-9"])
        let records = [F.asset("host:a"), F.device("a", "NIC"), F.device("y", "NIC"), odd]
        let whole = F.run([F.firmwareControl], records)
        #expect(whole.scopeGaps.filter { $0.subject == "host:z" }.count == 1)
        let slices: [Set<String>] = [["host:a"], ["host:y"], ["host:z"]]
        #expect(Self.sliced([F.firmwareControl], records, slices: slices) == whole)
    }

    @Test func aControlWithoutEvidenceInAnySliceIsMissingOnceAndScopedAssetsAreJudgedOnce() {
        let records = [F.asset("host:a"), F.asset("host:b"), F.device("b", "NIC")]
        let events = F.control(
            """
            - id: EV-1
              title: T
              severity: low
              evidence: deploy.event
              check: {type: expect, all: [{field: ok, equals: true}]}
            """)
        let controls = [events, F.scopedFirmwareControl]
        let whole = F.run(controls, records)
        #expect(whole.controls[0].missingReason != nil)
        #expect(whole.controls[1].results.map(\.subject) == ["host:a", "host:b"])
        #expect(Self.sliced(controls, records, slices: [["host:b"], ["host:a"]]) == whole)
    }

    /// Slices judged apart (as `vigil check` judges one per core at once) and added in any order give
    /// the run of every record.
    @Test func slicesJudgedApartAndAddedInAnyOrderGiveTheSameRun() {
        let records = [
            F.asset("host:a"), F.asset("host:b"), F.asset("host:c"),
            F.device("a", "NIC"), F.device("b", "BMC", flags: []), F.device("y", "NIC"),
            F.acceptance("RA-1", control: "FW-02", subjects: ["host:b"]),
        ]
        let controls = [F.firmwareControl, F.scopedFirmwareControl]
        let whole = F.run(controls, records)
        let slices: [Set<String>] = [["host:a"], ["host:b", "host:c"], ["host:y"], ["risk:RA-1"]]
        let run = SlicedEvaluation(evaluator: Evaluator(controls: controls), shared: records, at: F.now)
        let judged = slices.map { owned in run.judgement(of: records.filter { owned.contains($0.subject) }, owned: owned) }
        for order in [Array(judged.indices), judged.indices.reversed(), [2, 0, 3, 1]] {
            var joined = run
            for slice in order { joined.add(judged[slice]) }
            #expect(joined.result(checkpoint: nil) == whole, "order \(order)")
        }
    }

    @Test func checksReadingOtherSubjectsCannotBeSliced() {
        let ari = F.control(
            """
            - id: ARI-1
              title: T
              severity: low
              evidence: [certificate, ari.window]
              check: {type: ari_window}
            """)
        #expect(Evaluator(controls: [F.firmwareControl]).canSlice)
        #expect(!Evaluator(controls: [F.firmwareControl, ari]).canSlice)
    }
}
