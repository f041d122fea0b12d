import Foundation

/// One subject's verdict under one control, with the numbers behind it.
public struct SubjectResult: Sendable, Hashable {
    public let subject: String
    public let status: Status
    public let reason: String
    /// Ids of the records behind the verdict.
    public let evidence: [String]
    /// The register id of the acceptance that covers an `accepted` result.
    public let acceptance: String?

    public init(subject: String, status: Status, reason: String, evidence: [String] = [], acceptance: String? = nil) {
        self.subject = subject
        self.status = status
        self.reason = reason
        self.evidence = evidence
        self.acceptance = acceptance
    }
}

/// One control evaluated at one instant.
public struct ControlResult: Sendable, Hashable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let frameworks: [String: [String]]
    public let results: [SubjectResult]
    /// Set when the control could not be evaluated at all (its status is then `error`).
    public let error: String?

    public init(
        id: String, title: String, severity: Severity, frameworks: [String: [String]], results: [SubjectResult],
        error: String? = nil
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.frameworks = frameworks
        self.results = results
        self.error = error
    }

    public var status: Status { error != nil ? .error : Status.worst(of: results.map(\.status)) }
}

/// An asset and the way the controls' scopes miss it (DESIGN §6).
public struct ScopeGap: Sendable, Hashable {
    public enum Gap: String, Sendable, Hashable, CaseIterable {
        case uncovered, excluded
        case noEvidence = "no_evidence"
        case unknownSubject = "unknown_subject"
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
public struct AcceptanceReview: Sendable, Hashable {
    public enum StaleReason: String, Sendable, Hashable, CaseIterable {
        case expired
        case overExtended = "over_extended"
        case tooLong = "too_long"
        case unneeded
        case noApprover = "no_approver"
    }

    public let id: String
    public let control: String
    public let subjects: [String]
    public let expiresAt: Date?
    public let reasons: [StaleReason]
    public let extensions: Int
    /// Human sentence with the numbers ("3 extensions > max 2; expired 2026-07-10").
    public let detail: String

    public init(
        id: String, control: String, subjects: [String], expiresAt: Date?, reasons: [StaleReason], extensions: Int,
        detail: String
    ) {
        self.id = id
        self.control = control
        self.subjects = subjects
        self.expiresAt = expiresAt
        self.reasons = reasons
        self.extensions = extensions
        self.detail = detail
    }

    public var isActive: Bool { reasons.isEmpty }
    public var statusName: String { isActive ? "active" : "stale" }
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
    public let controls: [ControlResult]
    public let scopeGaps: [ScopeGap]
    public let acceptances: [AcceptanceReview]

    public init(
        asOf: Date, checkpoint: CheckpointSummary?, controls: [ControlResult], scopeGaps: [ScopeGap],
        acceptances: [AcceptanceReview]
    ) {
        self.asOf = asOf
        self.checkpoint = checkpoint
        self.controls = controls
        self.scopeGaps = scopeGaps
        self.acceptances = acceptances
    }

    /// Controls counted by status; every status present, zero or not.
    public var summary: [Status: Int] {
        var counts = Dictionary(uniqueKeysWithValues: Status.allCases.map { ($0, 0) })
        for control in controls { counts[control.status, default: 0] += 1 }
        return counts
    }

    /// Whether the run should exit 1: a control fails, is stale or missing, or an acceptance is stale.
    /// An `error` control is an evaluation problem and makes it exit 1 as well.
    public var needsAttention: Bool {
        controls.contains { $0.status.needsAttention || $0.status == .error } || acceptances.contains { !$0.isActive }
    }
}
