import Foundation

/// What changed between two checks of the same controls: results whose status changed, scope gaps
/// opened and closed, acceptances granted, extended, withdrawn or gone stale, and the evidence logged
/// in between. Each side names its instant and the signed checkpoint it rests on, so anyone holding
/// the log can redo both checks and the comparison.
public struct RunDiff: Sendable, Hashable {
    /// One side of the comparison: an instant, and the newest checkpoint at or before it.
    public struct Endpoint: Sendable, Hashable {
        public let instant: Date
        public let checkpoint: CheckpointSummary?

        public init(instant: Date, checkpoint: CheckpointSummary?) {
            self.instant = instant
            self.checkpoint = checkpoint
        }
    }

    /// A verdict on one side.
    public struct Outcome: Sendable, Hashable {
        public let status: Status
        public let reason: String

        public init(status: Status, reason: String) {
            self.status = status
            self.reason = reason
        }
    }

    /// A control's verdict on a subject (nil: on the control as a whole, when it has no subject)
    /// that changed status; nil on a side where it did not exist.
    public struct ResultChange: Sendable, Hashable {
        public let control: String
        public let title: String
        public let subject: String?
        public let from: Outcome?
        public let to: Outcome?

        public init(control: String, title: String, subject: String?, from: Outcome?, to: Outcome?) {
            self.control = control
            self.title = title
            self.subject = subject
            self.from = from
            self.to = to
        }

        /// Worse now: failing (fail, missing, stale, error) where it passed (pass, accepted, not
        /// applicable) or did not exist, or failing in a worse way than before.
        public var isRegression: Bool {
            guard let to, Self.isFailing(to.status) else { return false }
            guard let from, Self.isFailing(from.status) else { return true }
            return to.status.severityRank > from.status.severityRank
        }

        /// Regressed, improved (failing before, not now or less badly), or another change of status
        /// (a subject new or gone, pass to accepted or not applicable).
        public enum Direction: String, Sendable, Hashable {
            case regressed, improved, changed
        }

        public var direction: Direction {
            if isRegression { return .regressed }
            guard let from, Self.isFailing(from.status) else { return .changed }
            guard let to, Self.isFailing(to.status) else { return .improved }
            return to.status.severityRank < from.status.severityRank ? .improved : .changed
        }

        private static func isFailing(_ status: Status) -> Bool {
            status.needsAttention || status == .error
        }
    }

    /// What became of one risk acceptance.
    public struct AcceptanceChange: Sendable, Hashable {
        public enum Change: String, Sendable, Hashable, CaseIterable {
            case granted, extended, withdrawn, expired, stale, renewed
        }

        public let id: String
        public let control: String
        public let change: Change
        /// The register's words for it now (`1 extension (max 2); expires in 32 days`).
        public let detail: String

        public init(id: String, control: String, change: Change, detail: String) {
            self.id = id
            self.control = control
            self.change = change
            self.detail = detail
        }

        /// An acceptance that went stale or expired no longer excuses what it covered.
        public var isRegression: Bool { change == .expired || change == .stale }
    }

    public let from: Endpoint
    public let to: Endpoint
    public let results: [ResultChange]
    /// Gaps at `to` that were not at `from`, and the reverse.
    public let gapsOpened: [ScopeGap]
    public let gapsClosed: [ScopeGap]
    public let acceptances: [AcceptanceChange]
    /// Records logged after `from` and by `to`, by kind.
    public let evidenceAdded: [String: Int]
    /// Whether ``evidenceAdded`` counts records by when they were logged (each side judged with what
    /// was logged by then) or observed (both judged with everything logged so far).
    public var evidenceCounted: Counted = .logged

    public enum Counted: String, Sendable, Hashable {
        case logged, observed
    }

    public init(
        from: Endpoint, to: Endpoint, results: [ResultChange], gapsOpened: [ScopeGap], gapsClosed: [ScopeGap],
        acceptances: [AcceptanceChange], evidenceAdded: [String: Int]
    ) {
        self.from = from
        self.to = to
        self.results = results
        self.gapsOpened = gapsOpened
        self.gapsClosed = gapsClosed
        self.acceptances = acceptances
        self.evidenceAdded = evidenceAdded
    }

    /// The result changes regressions first, then improvements, then the rest; in control and
    /// subject order within each: the order every view lists them in.
    public var resultsWorstFirst: [ResultChange] {
        let rank: [ResultChange.Direction: Int] = [.regressed: 0, .improved: 1, .changed: 2]
        return results.enumerated().sorted { a, b in
            let ra = rank[a.element.direction] ?? 3, rb = rank[b.element.direction] ?? 3
            return ra == rb ? a.offset < b.offset : ra < rb
        }.map(\.element)
    }

    /// How many changes are for the worse: results that regressed, flagged gaps opened, and
    /// acceptances that went stale. A pipeline gates on this being zero.
    public var regressions: Int {
        results.count(where: \.isRegression) + gapsOpened.count(where: \.isFlagged)
            + acceptances.count(where: \.isRegression)
    }
}
