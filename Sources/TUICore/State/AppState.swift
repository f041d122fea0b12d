import EvidenceModel
import Foundation

/// Everything the interface shows, as one value: the reducer changes it, `render` draws it.
public struct AppState: Sendable {
    public var overview: WorkspaceOverview?
    /// Nil until the first evaluation arrives (the first frame does not wait for it).
    public var evaluation: WorkspaceEvaluation?
    /// The controls list kept from an earlier evaluation, shown until ``evaluation`` arrives.
    public var preview: EvaluationPreview?
    public var evidence: [Page: [IdentifiedRecord]] = [:]
    public var history: [Page: [EvidenceVersion]] = [:]
    public var decisionLogs: [Page: DecisionLog] = [:]
    public var checkpoints: [CheckpointEntry]?
    public var diffs: [Page: RunDiff] = [:]
    /// The view stack; the first element is always a top-level view.
    public var stack: [Page] = [.tab(.controls)]
    public var cursors: [Page: Int] = [:]
    public var scrolls: [Page: Int] = [:]
    public var search = Search()
    public var statusFilter: Status?
    public var frameworkFilter: String?
    /// A one-line notice in the status bar (a failed query, "no match").
    public var message: String?
    /// What is being loaded, while it is.
    public var loading: String?
    public var viewport = Size(columns: 80, rows: 24)
    public var shouldQuit = false

    public init() {}

    public struct Search: Sendable, Hashable {
        public var query = ""
        public var isEditing = false
        /// The cursor when `/` was pressed: incremental search starts from there on every keystroke.
        public var origin = 0
    }

    public var page: Page { stack.last ?? .tab(.controls) }

    /// How far back `D` compares: a week before the instant shown.
    public static let diffSpan: TimeInterval = 7 * 86_400

    public var tab: Tab {
        if case .tab(let tab) = stack.first { return tab }
        return .controls
    }

    public var cursor: Int { cursors[page] ?? 0 }
}
