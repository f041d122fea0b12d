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
        let judging = SlicedJudging(
            evaluator: evaluator, instant: instant, index: index, checkpoint: checkpoint,
            perSlice: (subjectsPerSlice, recordsPerSlice), recheck: recheck, keepingData: keepingData, spool: spool,
            seeing: seeing)
        // Re-checking, only the subjects with records stored since the last check are selected again,
        // unless a shared record was stored (it may change every subject's verdict).
        if let previous = recheck?.previous, let through = previous.through,
            let changes = try index.selectedChanges(by: selection, after: through),
            changes.kinds.isDisjoint(with: SlicedEvaluation.sharedKinds)
        {
            // Rows are numbered in log order commit by commit, but within a commit a rebuilt (or
            // remade) index may number them otherwise than the collect did: the remembered rows must
            // still be the remembered shared records.
            let remembered = try index.records(previous.shared)
            if remembered.map(\.id).sorted() == previous.sharedIDs {
                let isShared = { (record: SelectedRecord) in SlicedEvaluation.sharedKinds.contains(record.kind) }
                var rows = SubjectRows.Subjects(walk: SubjectRows.Walk(SubjectRows(changes.records.filter { !isShared($0) })))
                return try judging.run(
                    shared: (previous.shared, remembered), newestRow: changes.newestRow, changed: changes.subjects, rows: &rows,
                    absorb: absorb)
            }
        }
        // Otherwise every selected record is read, a subject at a time as the slices are cut.
        return try index.streamSelected(by: selection, sharedKinds: SlicedEvaluation.sharedKinds) {
            stream throws(StoreError) -> SlicedRun? in
            try judging.run(
                shared: (stream.shared.map(\.seq), stream.sharedRecords), newestRow: stream.newestRow, changed: nil,
                rows: &stream.subjects, absorb: absorb)
        }
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
