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

    /// How many subjects' records a sliced evaluation holds at once.
    static let subjectsPerSlice = 8_192
    /// And at most about this many records (a subject's are never split): 8,192 subjects of twenty
    /// records each were 160k records held at once, ~400 MB of a check of a million-record store.
    static let recordsPerSlice = 16_384

    /// Evaluates `evaluator`'s controls on what they need at `instant`, reading the records of
    /// `subjectsPerSlice` subjects (or about `recordsPerSlice` records) at a time (the registers
    /// once): memory follows the slice, not the store. Nil when the controls cannot be sliced (a check reads other subjects' evidence) or
    /// SQLite's rounding leaves the selection uncertain: then evaluate every record at once.
    /// `observe` sees every record read, the shared ones first, then each slice's (the TUI's summaries).
    static func evaluateSliced(
        _ evaluator: Evaluator, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex,
        checkpoint: CheckpointSummary?, subjectsPerSlice: Int = subjectsPerSlice, recordsPerSlice: Int = recordsPerSlice,
        observe: ([EvidenceRecord]) -> Void = { _ in }
    ) throws(StoreError) -> (result: RunResult, loggedAt: [String: Date])? {
        guard evaluator.canSlice else { return nil }
        let selection = try selection(for: evaluator, at: instant, knownAt: knownAt, in: index)
        let chosen = try index.selected(by: selection)
        let shared = try index.records(chosen.filter { SlicedEvaluation.sharedKinds.contains($0.kind) }.map(\.seq))
        guard !shared.contains(where: { $0.observedAt > instant }) else { return nil }
        var run = SlicedEvaluation(evaluator: evaluator, shared: shared, at: instant)
        observe(shared)
        var seqsBySubject: [String: [Int64]] = [:]
        for record in chosen where !SlicedEvaluation.sharedKinds.contains(record.kind) {
            seqsBySubject[record.subject, default: []].append(record.seq)
        }
        let subjects = Set(seqsBySubject.keys).union(shared.map(\.subject)).union(run.inventoriedSubjects).sorted()
        var start = 0
        while start < subjects.count {
            var end = start
            var held = 0
            while end < subjects.count, end == start || (end - start < subjectsPerSlice && held < recordsPerSlice) {
                held += seqsBySubject[subjects[end]]?.count ?? 0
                end += 1
            }
            let owned = subjects[start..<end]
            start = end
            let records = try index.records(owned.flatMap { seqsBySubject[$0] ?? [] })
            guard !records.contains(where: { $0.observedAt > instant }) else { return nil }
            run.judge(records, owned: Set(owned))
            observe(records)
        }
        return (run.result(checkpoint: checkpoint), run.evidenceLoggedAt)
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
