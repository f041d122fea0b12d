import Foundation

/// The read-only questions the terminal interface asks about a workspace.
///
/// Declared here, in the lowest layer, so that `TUICore` (which renders the answers) and
/// `VigilKit` (which answers them from the store, the index and the control engine) need not know
/// each other; tests answer them from memory. Every call is made at the instant the UI was opened at.
public protocol EvidenceQuerying {
    /// Cheap facts for the header: which workspace, which instant, the newest checkpoint.
    /// Must not evaluate anything: it is all the first frame waits for.
    func overview() throws -> WorkspaceOverview

    /// The controls list of an evaluation already kept for this instant, read without evaluating or
    /// reading the evaluation's results; nil when none is kept. Shown until ``evaluation()`` answers.
    func preview() throws -> EvaluationPreview?

    /// Every control evaluated at the instant, with the scope gaps and the risk register.
    func evaluation() throws -> WorkspaceEvaluation

    /// The records with these ids, in the order asked (unknown ids are skipped).
    func records(ids: [String]) throws -> [IdentifiedRecord]

    /// The collections of one subject's evidence of one kind up to the instant, oldest first,
    /// each with what changed since the one before.
    func history(subject: String, kind: String) throws -> [EvidenceVersion]

    /// The issuance decision log of a `domain:` subject at the instant (``DecisionLog``).
    func decisionLog(subject: String) throws -> DecisionLog

    /// The newest `limit` checkpoints of the log, newest first.
    func checkpoints(limit: Int) throws -> [CheckpointEntry]

    /// What changed from `earlier` to the instant, each side with only the evidence logged by then
    /// (``RunDiff``, as `vigil diff` computes it).
    func diff(since earlier: Date) throws -> RunDiff
}

extension EvidenceQuerying {
    /// Nothing kept: the controls list waits for the evaluation.
    public func preview() throws -> EvaluationPreview? { nil }
}

/// The header's facts.
public struct WorkspaceOverview: Sendable, Hashable {
    public let workspace: String
    public let instant: Date
    /// The size of the newest signed checkpoint (HEAD's, as `vigil check` reports).
    public let checkpointSize: Int?
    /// When that checkpoint was committed.
    public let checkpointTime: Date?
    public let origin: String?
    /// The wall-clock reading when the interface opened: the checkpoint's age is measured from it.
    public let now: Date

    public init(workspace: String, instant: Date, checkpointSize: Int?, checkpointTime: Date?, origin: String?, now: Date) {
        self.workspace = workspace
        self.instant = instant
        self.now = now
        self.checkpointSize = checkpointSize
        self.checkpointTime = checkpointTime
        self.origin = origin
    }
}

/// A control's verdict plus what its definition says, for the controls list and the detail view.
public struct ControlSummary: Sendable, Hashable, Codable {
    public let result: ControlResult
    public let description: String
    public let checkType: String
    /// The check's parameters as `name: value` text, sorted by name.
    public let parameters: [Parameter]
    public let evidenceKinds: [String]
    public let freshness: String?
    /// Subject → when its newest evidence of the control's kinds was observed.
    public let newestObservation: [String: Date]

    public struct Parameter: Sendable, Hashable, Codable {
        public let name: String
        public let value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        result: ControlResult, description: String, checkType: String, parameters: [Parameter],
        evidenceKinds: [String], freshness: String?, newestObservation: [String: Date]
    ) {
        self.result = result
        self.description = description
        self.checkType = checkType
        self.parameters = parameters
        self.evidenceKinds = evidenceKinds
        self.freshness = freshness
        self.newestObservation = newestObservation
    }

    public var id: String { result.id }
    public var status: Status { result.status }
}

/// A risk acceptance's review with the register entry behind it, for the timeline.
public struct AcceptanceTimeline: Sendable, Hashable, Codable {
    public let review: AcceptanceReview
    public let reason: String?
    public let owner: String?
    public let approvedBy: String?
    public let acceptedAt: Date?
    public let originalExpiry: Date?
    public let extensions: [Extension]

    /// An extension of the entry, as the register states it.
    public typealias Extension = RiskAcceptanceEvidence.Extension

    public init(
        review: AcceptanceReview, reason: String?, owner: String?, approvedBy: String?, acceptedAt: Date?,
        originalExpiry: Date?, extensions: [Extension]
    ) {
        self.review = review
        self.reason = reason
        self.owner = owner
        self.approvedBy = approvedBy
        self.acceptedAt = acceptedAt
        self.originalExpiry = originalExpiry
        self.extensions = extensions
    }
}

/// Everything one evaluation found, as the TUI browses it.
public struct WorkspaceEvaluation: Sendable, Hashable, Codable {
    public let controls: [ControlSummary]
    public let scopeGaps: [ScopeGap]
    public let acceptances: [AcceptanceTimeline]
    /// How many records were visible at the instant (0: the workspace has nothing to show yet).
    public let recordCount: Int
    /// `vigil.yaml`'s sources and how each stands at the instant (empty: none listed).
    public let sources: [SourceStatus]

    public init(
        controls: [ControlSummary], scopeGaps: [ScopeGap], acceptances: [AcceptanceTimeline], recordCount: Int,
        sources: [SourceStatus] = []
    ) {
        self.controls = controls
        self.scopeGaps = scopeGaps
        self.acceptances = acceptances
        self.recordCount = recordCount
        self.sources = sources
    }
}

/// A record with its id computed once (hashing on every frame would be wasteful).
public struct IdentifiedRecord: Sendable, Hashable {
    public let id: String
    public let record: EvidenceRecord

    public init(_ record: EvidenceRecord) {
        self.id = record.id
        self.record = record
    }
}

/// One signed checkpoint of the log: the commit that carried it.
public struct CheckpointEntry: Sendable, Hashable {
    public let commit: String
    public let time: Date
    public let message: String
    public let size: Int?
    public let rootHash: String?
    public let signers: [String]

    public init(commit: String, time: Date, message: String, size: Int?, rootHash: String?, signers: [String]) {
        self.commit = commit
        self.time = time
        self.message = message
        self.size = size
        self.rootHash = rootHash
        self.signers = signers
    }
}
