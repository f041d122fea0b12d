import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation

/// The records an evaluation at one instant reads from the index: what the controls can look at,
/// not the store's whole history (DESIGN §5).
///
/// The evaluator's verdicts rest on each subject's newest collection of a state kind, the events
/// inside a control's window, and the newest observation of each kind (freshness, `missing`,
/// `no_evidence`). Checks that look further (a ``RelatedEvidenceCheck`` or ``SubjectKeyedCheck``)
/// get their kinds' whole history; so do subjects the asset inventory does not list, whose
/// `unknown_subject` gap counts every record. The asset inventory and the risk register are
/// documents: every collection's `register` record (small, and its history dates withdrawals), the
/// entries of each document's newest collection, and each entry's newest record (entries stored
/// before registers were documents, and withdrawn ones). Fed these records, the evaluator returns
/// exactly what it returns when fed them all.
enum EvaluationEvidence {
    /// The register documents and their entries: all an inventory or register needs.
    static func registers(at instant: Date, knownAt: Date? = nil) -> EvaluationSelection {
        EvaluationSelection(
            instant: instant, knownAt: knownAt, newestKinds: [EvidenceKind.asset, EvidenceKind.riskAcceptance],
            historyKinds: [EvidenceKind.register],
            collections: [EvidenceKind.register: [EvidenceKind.asset, EvidenceKind.riskAcceptance]])
    }

    /// What `controls` need at `instant`, before the inventory is known.
    static func selection(
        for controls: [Control], context: CheckContext, at instant: Date, knownAt: Date? = nil
    ) -> EvaluationSelection {
        var selection = registers(at: instant, knownAt: knownAt)
        for control in controls {
            selection.newestKinds.formUnion(control.evidence)
            if control.origin == .observed { selection.newestObservedKinds.formUnion(control.evidence) }
            let check = CheckCatalog.makeCheck(control.check, context: context).check
            if check is any RelatedEvidenceCheck || check is any SubjectKeyedCheck {
                selection.historyKinds.formUnion(control.evidence)
            }
            // A second early, so the window's edge never depends on how SQLite and Date round.
            let since = instant.addingTimeInterval(-control.eventWindow.seconds - 1)
            for kind in control.evidence where EvidenceKind.isEvent(kind) {
                selection.eventsSince[kind] = min(selection.eventsSince[kind] ?? since, since)
            }
        }
        return selection
    }

    /// The records `controls` need at `instant`, oldest first, as ``EvidenceIndex/records(matching:)`` orders them.
    static func records(
        for controls: [Control], context: CheckContext, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex
    ) throws(StoreError) -> [EvidenceRecord] {
        var selection = selection(for: controls, context: context, at: instant, knownAt: knownAt)
        let listed = Evaluator.inventoriedSubjects(
            in: try records(registers(at: instant, knownAt: knownAt), in: index), at: instant)
        if !listed.isEmpty {
            selection.historySubjects = Set(try index.subjects(observedAtOrBefore: instant, knownAt: knownAt)).subtracting(listed)
        }
        return try records(selection, in: index)
    }

    /// How many subjects' records a sliced evaluation holds at once.
    static let subjectsPerSlice = 8_192

    /// Evaluates `evaluator`'s controls on what they need at `instant`, reading the records of
    /// `subjectsPerSlice` subjects at a time (the registers once): memory follows the slice, not the
    /// store. Nil when the controls cannot be sliced (a check reads other subjects' evidence) or
    /// SQLite's rounding leaves the selection uncertain: then evaluate every record at once.
    /// `observe` sees every record read, the shared ones first, then each slice's (the TUI's summaries).
    static func evaluateSliced(
        _ evaluator: Evaluator, at instant: Date, knownAt: Date? = nil, in index: EvidenceIndex,
        checkpoint: CheckpointSummary?, subjectsPerSlice: Int = subjectsPerSlice,
        observe: ([EvidenceRecord]) -> Void = { _ in }
    ) throws(StoreError) -> (result: RunResult, loggedAt: [String: Date])? {
        guard SlicedEvaluation.canSlice(evaluator.controls, context: evaluator.context) else { return nil }
        var selection = selection(for: evaluator.controls, context: evaluator.context, at: instant, knownAt: knownAt)
        let listed = Evaluator.inventoriedSubjects(
            in: try records(registers(at: instant, knownAt: knownAt), in: index), at: instant)
        if !listed.isEmpty {
            selection.historySubjects = Set(try index.subjects(observedAtOrBefore: instant, knownAt: knownAt)).subtracting(listed)
        }
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
        for start in stride(from: 0, to: subjects.count, by: max(1, subjectsPerSlice)) {
            let owned = subjects[start..<min(start + max(1, subjectsPerSlice), subjects.count)]
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
