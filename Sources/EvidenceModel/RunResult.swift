import Foundation

/// One control evaluated at one instant.
public struct ControlResult: Sendable, Hashable, Codable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let frameworks: [String: [String]]
    public internal(set) var results: SubjectResults
    /// Set when the control could not be evaluated at all (its status is then `error`).
    public let error: String?
    /// The control's `freshness`, when it declares one: how long a subject's evidence stays valid.
    public let freshness: EvidenceDuration?
    /// Set when the control has no subject because none of its kinds has any evidence and it has no
    /// scope: absent evidence fails closed, so its status is then `missing` ("no key evidence collected").
    public let missingReason: String?

    public init(
        id: String, title: String, severity: Severity, frameworks: [String: [String]], results: [SubjectResult],
        error: String? = nil, freshness: EvidenceDuration? = nil, missingReason: String? = nil
    ) {
        self.init(
            id: id, title: title, severity: severity, frameworks: frameworks, results: SubjectResults(results), error: error,
            freshness: freshness, missingReason: missingReason)
    }

    public init(
        id: String, title: String, severity: Severity, frameworks: [String: [String]], results: SubjectResults,
        error: String? = nil, freshness: EvidenceDuration? = nil, missingReason: String? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.frameworks = frameworks
        self.results = results
        self.error = error
        self.freshness = freshness
        self.missingReason = missingReason
    }

    public var status: Status {
        if error != nil { return .error }
        if missingReason != nil { return .missing }
        return Status.worst(of: results.statuses)
    }

    /// Why the control as a whole has its status when no subject result says it: its error, or the
    /// evidence it found none of.
    public var controlReason: String? { error ?? missingReason }
}

/// An asset and the way the controls' scopes miss it (DESIGN §6).
public struct ScopeGap: Sendable, Hashable, Codable {
    public enum Gap: String, Sendable, Hashable, CaseIterable, Codable {
        case uncovered, excluded
        case noEvidence = "no_evidence"
        case unknownSubject = "unknown_subject"
        /// A source of `vigil.yaml` whose last run failed, or that has not delivered within its `every`.
        case sourceFailed = "source_failed"
        case sourceSilent = "source_silent"

        /// About a source of evidence rather than a subject: its gaps make a check exit 1.
        public var isAboutASource: Bool { self == .sourceFailed || self == .sourceSilent }
    }

    public let subject: String
    public let gap: Gap
    public let control: String?
    public let reason: String
    /// Whether the gap needs action (an exclusion with a reason and approver does not).
    public let isFlagged: Bool

    public init(subject: String, gap: Gap, control: String?, reason: String, isFlagged: Bool = true) {
        self.subject = subject
        self.gap = gap
        self.control = control
        self.reason = reason
        self.isFlagged = isFlagged
    }
}

/// A risk acceptance from the register, judged at the run's instant.
public struct AcceptanceReview: Sendable, Hashable, Codable {
    public enum StaleReason: String, Sendable, Hashable, CaseIterable, Codable {
        case expired
        case overExtended = "over_extended"
        case tooLong = "too_long"
        case unneeded
        case noApprover = "no_approver"
    }

    /// One extension of the register entry granted by the run's instant, as written there.
    public struct Extension: Sendable, Hashable, Codable {
        public let at: Date?
        public let expiresAt: Date?
        public let approvedBy: String?

        public init(at: Date?, expiresAt: Date?, approvedBy: String?) {
            self.at = at
            self.expiresAt = expiresAt
            self.approvedBy = approvedBy
        }
    }

    public let id: String
    public let control: String
    public let subjects: [String]
    /// The expiry in force at the run's instant: the newest extension's granted by then (by its `at`),
    /// or the original one.
    public let expiresAt: Date?
    public let reasons: [StaleReason]
    /// How many extensions were granted by the run's instant.
    public let extensions: Int
    /// Human sentence with the numbers ("3 extensions > max 2; expired 2026-07-10").
    public let detail: String
    /// The register's `accepted_at`, `approved_by`, first `expires_at` and extensions, for reports that
    /// retell the acceptance's history (the OSCAL POA&M's risk log); empty when the caller did not fill them.
    public let acceptedAt: Date?
    public let approvedBy: String?
    public let originalExpiresAt: Date?
    public let extensionHistory: [Extension]
    /// When a newer collection of its register no longer listed it; nil while the register lists it.
    /// A withdrawn acceptance covers nothing and is neither active nor stale.
    public let withdrawnAt: Date?

    public init(
        id: String, control: String, subjects: [String], expiresAt: Date?, reasons: [StaleReason], extensions: Int,
        detail: String, acceptedAt: Date? = nil, approvedBy: String? = nil, originalExpiresAt: Date? = nil,
        extensionHistory: [Extension] = [], withdrawnAt: Date? = nil
    ) {
        self.id = id
        self.control = control
        self.subjects = subjects
        self.expiresAt = expiresAt
        self.reasons = reasons
        self.extensions = extensions
        self.detail = detail
        self.acceptedAt = acceptedAt
        self.approvedBy = approvedBy
        self.originalExpiresAt = originalExpiresAt
        self.extensionHistory = extensionHistory
        self.withdrawnAt = withdrawnAt
    }

    public var isWithdrawn: Bool { withdrawnAt != nil }
    public var isStale: Bool { !isWithdrawn && !reasons.isEmpty }
    public var isActive: Bool { !isWithdrawn && reasons.isEmpty }
    /// `active`, `stale` or `withdrawn`.
    public var statusName: String { isWithdrawn ? "withdrawn" : isActive ? "active" : "stale" }
    /// The verdict colour and symbol the state is shown with: active as pass, stale as stale,
    /// withdrawn as not applicable (it no longer applies to anything).
    public var shownAs: Status { isWithdrawn ? .notApplicable : isActive ? .pass : .stale }
}

/// The signed log head a report was computed against (filled in once the log exists).
public struct CheckpointSummary: Sendable, Hashable {
    public let origin: String
    public let size: Int
    public let rootHash: String

    public init(origin: String, size: Int, rootHash: String) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
    }
}

/// Everything one `vigil check` found: the single input of every report format.
public struct RunResult: Sendable, Hashable {
    public let asOf: Date
    public let checkpoint: CheckpointSummary?
    public internal(set) var controls: [ControlResult]
    public private(set) var scopeGaps: [ScopeGap]
    public let acceptances: [AcceptanceReview]
    /// How `vigil.yaml`'s sources stood at `asOf`; nil when none was judged (none listed, or a
    /// caller that does not judge them).
    public private(set) var sources: SourceCoverage?
    /// `check --framework`: the controls grouped by the framework's requirements; nil otherwise.
    public var framework: FrameworkCoverage?
    /// `--known-at`: only evidence logged by then was used; nil when the whole log was.
    public var knownAt: Date?
    /// Earlier evaluations of the same controls, oldest first, for reports that chart the trend; empty when
    /// the caller did not compute them (the store's shell does, see VigilKit's `ComplianceHistory`).
    public var history: [ComplianceSnapshot]

    public init(
        asOf: Date, checkpoint: CheckpointSummary?, controls: [ControlResult], scopeGaps: [ScopeGap],
        acceptances: [AcceptanceReview], history: [ComplianceSnapshot] = []
    ) {
        self.asOf = asOf
        self.checkpoint = checkpoint
        self.controls = controls
        self.scopeGaps = scopeGaps
        self.acceptances = acceptances
        self.history = history
    }

    /// Controls counted by status; every status present, zero or not.
    public var summary: [Status: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0, 0) })
        for control in controls { counts[control.status, default: 0] += 1 }
        return counts
    }

    /// Whether the run should exit 1: a control fails, is stale or missing, or an acceptance is stale.
    /// An `error` control is an evaluation problem and makes it exit 1 as well. A withdrawn acceptance
    /// needs nothing: the results it covered are judged again without it.
    public var needsAttention: Bool {
        controls.contains { $0.status.needsAttention || $0.status == .error } || acceptances.contains(where: \.isStale)
            || scopeGaps.contains { $0.gap.isAboutASource }
    }

    /// The sources' standing and their gaps (failed, silent), added to the run.
    public mutating func add(sources coverage: SourceCoverage, gaps: [ScopeGap]) {
        sources = coverage
        scopeGaps += gaps
    }

    /// Subject results evaluated (any status but `missing`) of those expected (every result: in a
    /// control's scope, or with evidence).
    public var resultsEvaluated: (evaluated: Int, expected: Int) {
        // Counted control by control: a flattened copy retained every result's texts again.
        controls.reduce(into: (0, 0)) { counts, control in
            counts.0 += control.results.statuses.count { $0 != .missing }
            counts.1 += control.results.count
        }
    }

    /// This run reduced to its counts, as one point of a history.
    public var snapshot: ComplianceSnapshot { ComplianceSnapshot(at: asOf, counts: summary) }
}

/// The controls counted by status at one instant: one point of the compliance trend.
public struct ComplianceSnapshot: Sendable, Hashable {
    public let at: Date
    /// Controls by status; a status no control has may be absent.
    public let counts: [Status: Int]

    public init(at: Date, counts: [Status: Int]) {
        self.at = at
        self.counts = counts
    }

    /// Controls that pass or whose failures are all accepted.
    public var compliant: Int { (counts[.pass] ?? 0) + (counts[.accepted] ?? 0) }

    /// Controls that apply at all: every status but `not_applicable`.
    public var applicable: Int { counts.filter { $0.key != .notApplicable }.values.reduce(0, +) }

    /// `compliant / applicable`, or nil when no control applies.
    public var complianceRatio: Double? { applicable == 0 ? nil : Double(compliant) / Double(applicable) }
}
