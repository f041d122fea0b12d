import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation

/// The judging half of ``EvaluationEvidence/evaluateSliced(_:at:knownAt:in:checkpoint:subjectsPerSlice:recordsPerSlice:recheck:keepingData:spool:seeing:absorb:)``:
/// given the shared records and the subjects to judge as they come, it cuts slices a wave at a time
/// and judges each wave's slices at once, one per core, while the wave before joins the run.
struct SlicedJudging<Seen: Sendable> {
    let evaluator: Evaluator
    let instant: Date
    let index: EvidenceIndex
    let checkpoint: CheckpointSummary?
    let perSlice: (subjects: Int, records: Int)
    let recheck: EvaluationEvidence.Recheck?
    let keepingData: [String: DataMembers]
    let spool: ResultSpool?
    let seeing: @Sendable ([EvidenceRecord]) -> Seen

    /// Judges the subjects of `rows` (and those the shared records and the inventory name) against
    /// the `shared` records, as ``EvaluationEvidence/evaluateSliced(_:at:knownAt:in:checkpoint:subjectsPerSlice:recordsPerSlice:recheck:keepingData:spool:seeing:absorb:)`` says.
    /// - Parameters:
    ///   - newestRow: the index's newest row when the selection was read.
    ///   - changed: the subjects with records stored since the remembered check, when only their
    ///     records are in `rows` (nil: every selected record is).
    func run(
        shared: (seqs: [Int64], records: [EvidenceRecord]), newestRow: Int64?, changed: Set<String>?,
        rows: inout some SubjectsToJudge, absorb: (Seen) -> Void
    ) throws(StoreError) -> EvaluationEvidence.SlicedRun? {
        guard !shared.records.contains(where: { $0.observedAt > instant }) else { return nil }
        var run = SlicedEvaluation(evaluator: evaluator, shared: shared.records, at: instant, spool: spool)
        // The threads' copy, made before any verdict joins the run: it never shares the growing results.
        let judging = run
        absorb(seeing(shared.records))
        // Besides the subjects of the records selected: the shared records' and the inventory's.
        var extra = Set(shared.records.map(\.subject)).union(run.inventoriedSubjects)
        let sharedIDs = shared.records.map(\.id).sorted()
        let remembering = recheck != nil
        // A full check's memory, or a re-check's merged with the last one (nil: none to write).
        var full: RecheckMemory.Encoder?
        var merge: RecheckMerge?
        var subjects: any SubjectsToJudge
        if let previous = recheck?.previous, previous.shared == shared.seqs, previous.sharedIDs == sharedIDs {
            // The plan compares each subject's rows with the remembered ones: they are read whole.
            let table = try SubjectRows(draining: &rows)
            if rows.outOfOrder { return nil }
            let plan = RecheckMerge.plan(
                previous: previous, selected: Set(table.subjects).union(extra), changed: changed, rows: table,
                shared: shared.seqs, sharedIDs: sharedIDs, through: newestRow)
            subjects = ListedSubjects(plan.toJudge.sorted(), rows: table)
            run.add(SliceJudgement(joining: plan.kept, controls: evaluator.controls.count))
            merge = plan.merge
        } else {
            // Every subject the last evaluation judged is one still, when only the changes were selected.
            if changed != nil, let previous = recheck?.previous { extra.formUnion(previous.subjects.keys) }
            subjects = MergedSubjects(rows, extra: extra.sorted())
            // Every subject is judged, in order: remembered as bytes (or written to `recheck.writing`)
            // while the slices join.
            if remembering {
                let sink = recheck?.writing.map { file in { (piece: [UInt8]) in file.append(piece) } }
                full = RecheckMemory.Encoder(shared: shared.seqs, sharedIDs: sharedIDs, through: newestRow, sink: sink)
            }
        }
        extra = []
        // Slices are cut a wave at a time, as the waves are judged: cut at once, every slice's set of
        // subjects was held through the check.
        var judgedSubjects = 0
        var last: String?
        var outOfOrder = false
        func nextWave() throws(StoreError) -> [Slice]? {
            var wave: [Slice] = []
            while wave.count < ParallelShares.lanes {
                var owned: Set<String> = []
                var seqs: [Int64] = []
                // Each subject's rows, when its verdicts are remembered with them.
                var rowsOf: [String: [Int64]] = [:]
                while owned.count < perSlice.subjects, seqs.count < perSlice.records, let (subject, subjectRows) = try subjects.next() {
                    // Each subject once, in order: slices own disjoint subjects, and memory lists them sorted.
                    if let last, !(last < subject) {
                        outOfOrder = true
                        break
                    }
                    last = subject
                    owned.insert(subject)
                    seqs += subjectRows
                    if remembering { rowsOf[subject] = subjectRows }
                }
                guard !owned.isEmpty else { break }
                judgedSubjects += owned.count
                wave.append(Slice(owned: owned, seqs: seqs, rowsOf: rowsOf))
            }
            return wave.isEmpty ? nil : wave
        }
        let reader = index.recordReader
        let (at, keepingData, seeing) = (instant, keepingData, seeing)
        func judged(_ wave: [Slice]) -> BackgroundWork<Result<[Judged?], StoreError>> {
            BackgroundWork {
                Result { () throws(StoreError) in
                    try ParallelShares.map(wave, minimum: 2) { share throws(StoreError) -> [Judged?] in
                        var outcomes: [Judged?] = []
                        for slice in share {
                            let records = try reader.records(slice.seqs, keepingData: keepingData)
                            guard !records.contains(where: { $0.observedAt > at }) else { return [nil] }
                            let judgement = judging.judgement(of: records, owned: slice.owned)
                            // Split on the slice's thread: on the joining one it was a tenth of a check.
                            // Sorted, as the slices are: an encoded memory lists its subjects in order.
                            let remembered =
                                remembering
                                ? judgement.bySubject(slice.owned).map { subject, verdicts in
                                    (subject, RecheckMemory.Entry(seqs: slice.rowsOf[subject] ?? [], verdicts: verdicts))
                                }.sorted { $0.0 < $1.0 } : []
                            outcomes.append(Judged(judgement: judgement, seen: seeing(records), remembered: remembered))
                        }
                        return outcomes
                    }
                }
            }
        }
        // The next wave is judged while this one joins the run: joining on one thread while both
        // waited was a fifth of a check of a million records. Two waves at most are held.
        var next = try nextWave().map(judged)
        // A wave still running when the evaluation gives up is waited for: it reads the index.
        defer { _ = next?.value }
        while let current = next {
            next = try nextWave().map(judged)
            for outcome in try current.value.get() {
                guard let outcome else { return nil }
                run.add(outcome.judgement)
                absorb(outcome.seen)
                if merge != nil {
                    for (subject, entry) in outcome.remembered { merge?.add(subject, entry) }
                } else {
                    for (subject, entry) in outcome.remembered { full?.add(subject, entry) }
                }
            }
        }
        // Subjects out of order were not all judged: the caller reads the selection whole instead.
        guard !outOfOrder, !subjects.outOfOrder else { return nil }
        let kept =
            merge.map(RecheckMemory.Kept.merged) ?? full?.finish().map { recheck?.writing == nil ? .encoded($0) : .written }
        return EvaluationEvidence.SlicedRun(result: run.takeResult(checkpoint: checkpoint), memory: kept, judgedSubjects: judgedSubjects)
    }

    /// What a slice came to: its judgement, and what `seeing` made of its records.
    private struct Judged: Sendable {
        let judgement: SliceJudgement
        let seen: Seen
        /// Its subjects' shares, when remembering.
        let remembered: [(String, RecheckMemory.Entry)]
    }

    /// The subjects one slice judges and the seqs of their records.
    private struct Slice: Sendable {
        let owned: Set<String>
        let seqs: [Int64]
        /// Each owned subject's rows, when remembering.
        let rowsOf: [String: [Int64]]
    }
}
