import EvidenceModel
import Foundation

/// What evidence an evaluation at one instant reads (DESIGN §5), stated as an ``EvaluationSelection``
/// the index executes: what the controls can look at, not the store's whole history.
///
/// The verdicts rest on each subject's newest collection of a state kind, the events inside a
/// control's window, and the newest observation of each kind (freshness, `missing`, `no_evidence`).
/// Checks that look further (``CompiledControl/readsHistory``) get their kinds' whole history; so do
/// subjects the asset inventory does not list, whose `unknown_subject` gap counts every record
/// (``selection(at:knownAt:inventoried:subjects:)``). The asset inventory and the risk register are
/// documents: every collection's `register` record (small, and its history dates withdrawals), the
/// entries of each document's newest collection, and each entry's newest record (entries stored
/// before registers were documents, and withdrawn ones). Fed these records, the evaluator returns
/// exactly what it returns when fed them all.
extension Evaluator {
    /// The register documents and their entries: all an inventory or register needs.
    public static func registerSelection(at instant: Date, knownAt: Date? = nil) -> EvaluationSelection {
        EvaluationSelection(
            instant: instant, knownAt: knownAt, newestKinds: [EvidenceKind.asset, EvidenceKind.riskAcceptance],
            historyKinds: [EvidenceKind.register],
            collections: [EvidenceKind.register: [EvidenceKind.asset, EvidenceKind.riskAcceptance]])
    }

    /// What the controls need at `instant`.
    /// - Parameters:
    ///   - inventoried: the subjects the asset inventory lists (``inventoriedSubjects(in:at:)`` of the
    ///     register selection's records); when there are any, every other subject is read whole.
    ///   - subjects: every subject with evidence at `instant` (only asked for when `inventoried` is not empty).
    public func selection<Failure: Error>(
        at instant: Date, knownAt: Date? = nil, inventoried: Set<String>, subjects: () throws(Failure) -> [String]
    ) throws(Failure) -> EvaluationSelection {
        var selection = Self.registerSelection(at: instant, knownAt: knownAt)
        for compiled in compiled {
            let control = compiled.control
            selection.newestKinds.formUnion(control.evidence)
            if control.origin == .observed { selection.newestObservedKinds.formUnion(control.evidence) }
            if compiled.readsHistory { selection.historyKinds.formUnion(control.evidence) }
            // A second early, so the window's edge never depends on how SQLite and Date round.
            let since = instant.addingTimeInterval(-control.eventWindow.seconds - 1)
            for kind in control.evidence where EvidenceKind.isEvent(kind) {
                selection.eventsSince[kind] = min(selection.eventsSince[kind] ?? since, since)
            }
        }
        if !inventoried.isEmpty { selection.historySubjects = Set(try subjects()).subtracting(inventoried) }
        return selection
    }

    /// Whether the controls can be judged a slice of subjects at a time (``SlicedEvaluation``): none
    /// reads other subjects' evidence.
    public var canSlice: Bool { !compiled.contains(where: \.readsHistory) }
}
