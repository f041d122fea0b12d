import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation

/// Reads what an evaluation needs from the index: the control engine states it
/// (``Evaluator/selection(at:knownAt:inventoried:subjects:)``), the index executes it.
enum EvaluationEvidence {
    /// What `evaluator`'s controls need at `instant`: the registers first, for the inventory.
    static func selection(
        for evaluator: Evaluator, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex
    ) throws(StoreError) -> EvaluationSelection {
        let listed = Evaluator.inventoriedSubjects(
            in: try records(Evaluator.registerSelection(at: instant, knownAt: knownAt), in: index), at: instant)
        return try evaluator.selection(at: instant, knownAt: knownAt, inventoried: listed) { () throws(StoreError) in
            try index.subjects(observedAtOrBefore: instant, knownAt: knownAt)
        }
    }

    /// The records `evaluator`'s controls need at `instant`, oldest first, as ``EvidenceIndex/records(matching:)`` orders them.
    static func records(
        for evaluator: Evaluator, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex
    ) throws(StoreError) -> [EvidenceRecord] {
        try records(try selection(for: evaluator, at: instant, knownAt: knownAt, in: index), in: index)
    }

    /// How many subjects' records one slice holds; a sliced evaluation holds one slice per core, in
    /// two waves (one judged while the other joins): 4,096 KMS keys a slice were ~115 MB of a check
    /// of 100k keys (297 → 261 MiB at 2,048, the same time; 200k Boulder decisions 168 → 155 MiB);
    /// at 1,024, 164 → 157 MiB and 110 → 103 MiB, at 0.96× and 1.06× the time (within the noise).
    static let subjectsPerSlice = 1_024
    /// And at most about this many records (a subject's are never split): 8,192 subjects of twenty
    /// records each were 160k records held at once, ~400 MB of a check of a million-record store;
    /// 16,384 records were ~80 MB of parsed Boulder records.
    static let recordsPerSlice = 2_048

    /// Evaluates `evaluator`'s controls on what they need at `instant`, reading the records of
    /// `subjectsPerSlice` subjects (or about `recordsPerSlice` records) at a time (the registers
    /// once): memory follows the slices, not the store. Nil when the controls cannot be sliced (a
    /// check reads other subjects' evidence) or SQLite's rounding leaves the selection uncertain: then
    /// evaluate every record at once.
    ///
    /// With `recheck`, a subject whose selected records are those `recheck.previous` remembers (and the
    /// shared records too) keeps its remembered verdicts instead of being read and judged again, and
    /// the run's ``SlicedRun/memory`` remembers every subject for the next check at the same instant.
    ///
    /// Nothing but the checks sees the records, so each kind's are read with only the data members
    /// its checks read (``Evaluator/dataMembersByKind``).
    static func evaluateSliced(
        _ evaluator: Evaluator, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex,
        checkpoint: CheckpointSummary?, subjectsPerSlice: Int = subjectsPerSlice, recordsPerSlice: Int = recordsPerSlice,
        recheck: Recheck? = nil, keepingAllData: Bool = false, spool: ResultSpool? = nil
    ) throws(StoreError) -> SlicedRun? {
        try evaluateSliced(
            evaluator, at: instant, knownAt: knownAt, in: index, checkpoint: checkpoint, subjectsPerSlice: subjectsPerSlice,
            recordsPerSlice: recordsPerSlice, recheck: recheck, keepingData: keepingAllData ? [:] : evaluator.dataMembersByKind,
            spool: spool, seeing: { _ in () }, absorb: { _ in })
    }

    /// Whether a sliced evaluation remembers its subjects' verdicts, and what the last one remembered.
    struct Recheck {
        /// What the last check at the same instant, of the same controls, remembered (nil: nothing).
        var previous: RecheckMemory?
        /// Where a check judging every subject writes its memory as it goes (nil: it keeps the bytes).
        var writing: CacheFiles.Writing?
    }

    /// A sliced evaluation's run.
    struct SlicedRun {
        /// Its results mark the evidence logged after the instant (``SubjectResult/late``).
        let result: RunResult
        /// Every subject's verdicts, when asked to remember them and they are not exactly those
        /// remembered already.
        let memory: RecheckMemory.Kept?
        /// How many subjects were judged (the others' verdicts were remembered).
        let judgedSubjects: Int
    }

    /// ``evaluateSliced(_:at:knownAt:in:checkpoint:subjectsPerSlice:recordsPerSlice:)``, with what
    /// `seeing` makes of every record read (the TUI's summaries), given to `absorb` in the order the
    /// records were read: the shared ones first, then each slice's.
    ///
    /// One slice per core is read, parsed and judged at once (a wave), each on its own thread, and
    /// the judgements join the run in the slices' order: the result is the one slice after slice
    /// would give, and memory holds one wave.
    ///
    /// - Parameters:
    ///   - keepingData: the kinds whose records are read with only these data members built
    ///     (``IndexRecordReader/records(_:keepingData:)``); `seeing` sees them so.
    ///   - spool: where the verdicts past the pieces it holds wait for the report (nil: all held).
    static func evaluateSliced<Seen: Sendable>(
        _ evaluator: Evaluator, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex,
        checkpoint: CheckpointSummary?, subjectsPerSlice: Int = subjectsPerSlice, recordsPerSlice: Int = recordsPerSlice,
        recheck: Recheck? = nil, keepingData: [String: DataMembers] = [:], spool: ResultSpool? = nil,
        seeing: @escaping @Sendable ([EvidenceRecord]) -> Seen, absorb: (Seen) -> Void
    ) throws(StoreError) -> SlicedRun? {
        guard evaluator.canSlice else { return nil }
        let selection = try selection(for: evaluator, at: instant, knownAt: knownAt, in: index)
        let isShared = { (record: SelectedRecord) in SlicedEvaluation.sharedKinds.contains(record.kind) }
        // Re-checking, only the subjects with records stored since the last check are selected again,
        // unless a shared record was stored (it may change every subject's verdict).
        var chosen: [SelectedRecord] = []
        var sharedSeqs: [Int64] = []
        var shared: [EvidenceRecord] = []
        var newestRow: Int64?
        var changed: Set<String>?
        if let previous = recheck?.previous, let through = previous.through,
            let changes = try index.selectedChanges(by: selection, after: through),
            changes.kinds.isDisjoint(with: SlicedEvaluation.sharedKinds)
        {
            // Rows are numbered in log order commit by commit, but within a commit a rebuilt (or
            // remade) index may number them otherwise than the collect did: the remembered rows must
            // still be the remembered shared records.
            let remembered = try index.records(previous.shared)
            if remembered.map(\.id).sorted() == previous.sharedIDs {
                chosen = changes.records.filter { !isShared($0) }
                sharedSeqs = previous.shared
                shared = remembered
                newestRow = changes.newestRow
                changed = changes.subjects
            }
        }
        if changed == nil {
            let selected = recheck == nil ? (try index.selected(by: selection), nil) : try index.selectedThrough(by: selection)
            chosen = selected.0
            sharedSeqs = chosen.filter(isShared).map(\.seq)
            shared = try index.records(sharedSeqs)
            newestRow = selected.1
        }
        guard !shared.contains(where: { $0.observedAt > instant }) else { return nil }
        var run = SlicedEvaluation(evaluator: evaluator, shared: shared, at: instant, spool: spool)
        // The threads' copy, made before any verdict joins the run: it never shares the growing results.
        let judging = run
        absorb(seeing(shared))
        let rows = SubjectRows(chosen.filter { !isShared($0) })
        // Gone before the slices are judged: alive, the selection held 58 MB more at the peak of a
        // check of a million records.
        chosen = []
        // Besides the subjects of the records selected: the shared records' and the inventory's.
        var selected = Set(rows.subjects).union(shared.map(\.subject)).union(run.inventoriedSubjects)
        let sharedIDs = shared.map(\.id).sorted()
        let remembering = recheck != nil
        // Sorted once the remembered ones are left out (a run orders its verdicts itself).
        var toJudge: [String] = []
        // A full check's memory, or a re-check's merged with the last one (nil: none to write).
        var full: RecheckMemory.Encoder?
        var merge: RecheckMerge?
        if let previous = recheck?.previous, previous.shared == sharedSeqs, previous.sharedIDs == sharedIDs {
            let plan = RecheckMerge.plan(
                previous: previous, selected: selected, changed: changed, rows: rows, shared: sharedSeqs,
                sharedIDs: sharedIDs, through: newestRow)
            toJudge = plan.toJudge
            run.add(SliceJudgement(joining: plan.kept, controls: evaluator.controls.count))
            merge = plan.merge
        } else {
            // Every subject the last evaluation judged is one still, when only the changes were selected.
            var subjects = selected
            if changed != nil, let previous = recheck?.previous { subjects.formUnion(previous.subjects.keys) }
            toJudge = Array(subjects)
            // Every subject is judged, in order: remembered as bytes (or written to `recheck.writing`)
            // while the slices join.
            if remembering {
                let sink = recheck?.writing.map { file in { (piece: [UInt8]) in file.append(piece) } }
                full = RecheckMemory.Encoder(shared: sharedSeqs, sharedIDs: sharedIDs, through: newestRow, sink: sink)
            }
        }
        toJudge.sort()
        selected = []  // its subjects are in `toJudge` now
        // Slices are cut a wave at a time, as the waves are judged: cut at once, every slice's set of
        // subjects was held through the check.
        var cut = 0
        var walk = SubjectRows.Walk(rows)
        func nextWave() -> [Slice]? {
            var wave: [Slice] = []
            while wave.count < ParallelShares.lanes, cut < toJudge.count {
                var end = cut
                var seqs: [Int64] = []
                // Each subject's rows, when its verdicts are remembered with them.
                var rowsOf: [String: [Int64]] = [:]
                while end < toJudge.count, end == cut || (end - cut < subjectsPerSlice && seqs.count < recordsPerSlice) {
                    let subjectRows = walk.rows(of: toJudge[end])
                    seqs += subjectRows
                    if remembering { rowsOf[toJudge[end]] = Array(subjectRows) }
                    end += 1
                }
                wave.append(Slice(owned: Set(toJudge[cut..<end]), seqs: seqs, rowsOf: rowsOf))
                cut = end
            }
            return wave.isEmpty ? nil : wave
        }
        let reader = index.recordReader
        func judged(_ wave: [Slice]) -> BackgroundWork<Result<[Judged<Seen>?], StoreError>> {
            BackgroundWork {
                Result { () throws(StoreError) in
                    try ParallelShares.map(wave, minimum: 2) { share throws(StoreError) -> [Judged<Seen>?] in
                        var outcomes: [Judged<Seen>?] = []
                        for slice in share {
                            let records = try reader.records(slice.seqs, keepingData: keepingData)
                            guard !records.contains(where: { $0.observedAt > instant }) else { return [nil] }
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
        var next = nextWave().map(judged)
        // A wave still running when the evaluation gives up is waited for: it reads the index.
        defer { _ = next?.value }
        while let current = next {
            next = nextWave().map(judged)
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
        let kept =
            merge.map(RecheckMemory.Kept.merged) ?? full?.finish().map { recheck?.writing == nil ? .encoded($0) : .written }
        return SlicedRun(result: run.takeResult(checkpoint: checkpoint), memory: kept, judgedSubjects: toJudge.count)
    }

    /// What a slice came to: its judgement, and what `seeing` made of its records.
    private struct Judged<Seen: Sendable>: Sendable {
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

    private static func records(_ selection: EvaluationSelection, in index: EvidenceIndex) throws(StoreError) -> [EvidenceRecord] {
        let records = try index.records(selectedBy: selection)
        // SQLite compares seconds since 1970, Date since 2001: a record within rounding of the instant
        // could pass one test and fail the other. Then the newest per subject is not certain; read all.
        if records.contains(where: { $0.observedAt > selection.instant }) {
            return try index.records(
                matching: RecordQuery(observedAtOrBefore: selection.instant, loggedAtOrBefore: selection.knownAt))
        }
        return records
    }
}
