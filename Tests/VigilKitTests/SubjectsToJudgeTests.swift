import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import VigilKit

/// The subjects a sliced evaluation judges come one at a time, in order; subjects that stop coming
/// in order make the evaluation give up (its caller then reads the selection whole), never judge a
/// subject twice or leave one out.
struct SubjectsToJudgeTests {
    /// Subjects given as they are listed, in whatever order.
    struct Fixed: SubjectsToJudge {
        var subjects: [(subject: String, seqs: [Int64])]
        mutating func next() -> (subject: String, seqs: [Int64])? { subjects.isEmpty ? nil : subjects.removeFirst() }
        var outOfOrder: Bool { false }
    }

    @Test func theInventoryAndSharedRecordsSubjectsAreMergedInOnceEach() throws {
        var merged = MergedSubjects(Fixed(subjects: [("b", [2]), ("d", [4, 5])]), extra: ["a", "b", "c", "e"])
        var got: [String] = []
        while let (subject, seqs) = try merged.next() { got.append("\(subject)\(seqs)") }
        #expect(got == ["a[]", "b[2]", "c[]", "d[4, 5]", "e[]"])
        var alone = MergedSubjects(Fixed(subjects: [("b", [2])]), extra: [])
        #expect(try alone.next()?.subject == "b")
        #expect(try alone.next() == nil)
    }

    @Test func aTableGivesItsSubjectsInOrderAndIsRebuiltFromThem() throws {
        var source = Fixed(subjects: [("a", [3, 7]), ("b", []), ("c", [1])])
        let table = try SubjectRows(draining: &source)
        #expect(table.subjects == ["a", "c"])  // a subject without rows has none to walk
        var walk = SubjectRows.Subjects(walk: SubjectRows.Walk(table))
        #expect(walk.next()?.seqs == [3, 7])
        #expect(walk.next()?.seqs == [1])
        #expect(walk.next() == nil)
    }

    /// The random store's selection judged from its subjects in order is the whole evaluation; with two
    /// subjects swapped, or a subject given twice, it is no run at all.
    @Test func subjectsOutOfOrderGiveNoRun() throws {
        typealias Random = EvaluationEvidenceRandomStoreTests
        let scratch = try TemporaryFolder()
        let index = try Random.randomIndex(seed: 3, in: scratch)
        let instant = Random.base.addingTimeInterval(20 * 86_400)
        let evaluator = Evaluator(controls: Random.controls)
        let expected = evaluator.evaluate(
            records: try index.records(matching: RecordQuery(observedAtOrBefore: instant)), at: instant, checkpoint: nil)
        let selected = try index.selected(by: try EvaluationEvidence.selection(for: evaluator, at: instant, in: index))
        let shared = selected.filter { SlicedEvaluation.sharedKinds.contains($0.kind) }.map(\.seq)
        let others = selected.filter { !SlicedEvaluation.sharedKinds.contains($0.kind) }
        let inOrder = Set(others.map(\.subject)).sorted().map { subject in
            (subject: subject, seqs: others.filter { $0.subject == subject }.map(\.seq))
        }
        #expect(inOrder.count >= 3)
        let judging = SlicedJudging(
            evaluator: evaluator, instant: instant, index: index, checkpoint: nil, perSlice: (1, .max), recheck: nil,
            keepingData: [:], spool: nil, seeing: { _ in () })
        func run(_ subjects: [(subject: String, seqs: [Int64])]) throws -> RunResult? {
            var source = Fixed(subjects: subjects)
            return try judging.run(
                shared: (shared, try index.records(shared)), newestRow: nil, changed: nil, rows: &source, absorb: { _ in })?.result
        }
        #expect(try run(inOrder) == expected)
        var swapped = inOrder
        swapped.swapAt(1, 2)
        #expect(try run(swapped) == nil)
        #expect(try run(inOrder + [inOrder[inOrder.count - 1]]) == nil)
    }
}
