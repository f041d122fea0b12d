import Foundation

/// The records one evaluation reads, described by kind and subject rather than listed: each
/// subject's newest observation of a state kind, the events inside a window, whole histories only
/// where a check asks for them. Everything is at or before `instant` (`--at`).
///
/// A selection may read more than the evaluation uses (the evaluator filters again); it must never
/// read less. The control engine states it (`Evaluator.selection(at:knownAt:)`), the index executes
/// it (`EvidenceIndex.selected(by:)`); nothing between decides it again.
public struct EvaluationSelection: Sendable, Hashable {
    public var instant: Date
    /// Only records logged at or before this instant (`--known-at`); nil: whatever the log holds.
    public var knownAt: Date?
    /// Kinds of which every record at each subject's latest `observed_at` is read.
    public var newestKinds: Set<String>
    /// Kinds of which the records at each subject's latest *observed* (not declared) `observed_at`
    /// are read too, for controls with `origin: observed`.
    public var newestObservedKinds: Set<String>
    /// Event kind → the start of the longest window asking for it: records observed after it are read.
    public var eventsSince: [String: Date]
    /// Kinds read whole.
    public var historyKinds: Set<String>
    /// Subjects read whole, every kind.
    public var historySubjects: Set<String>
    /// Kind → kinds collected with it: for each subject's newest record of the key kind, the records of
    /// the value kinds from the same collection (same collector, source and `observed_at`) are read
    /// too — a register document's entries, whatever their subjects' own newest records are.
    public var collections: [String: Set<String>]

    public init(
        instant: Date, knownAt: Date? = nil, newestKinds: Set<String> = [], newestObservedKinds: Set<String> = [],
        eventsSince: [String: Date] = [:], historyKinds: Set<String> = [], historySubjects: Set<String> = [],
        collections: [String: Set<String>] = [:]
    ) {
        self.instant = instant
        self.knownAt = knownAt
        self.newestKinds = newestKinds
        self.newestObservedKinds = newestObservedKinds
        self.eventsSince = eventsSince
        self.historyKinds = historyKinds
        self.historySubjects = historySubjects
        self.collections = collections
    }
}
