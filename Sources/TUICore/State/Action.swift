import EvidenceModel
import Foundation

/// What a key (or a finished query) asks the reducer to do.
public enum Action: Sendable, Equatable {
    case up, down, pageUp, pageDown, top, bottom
    case open, back, nextTab, previousTab
    case startSearch, nextMatch, previousMatch
    case searchInput(Character), searchBackspace, searchConfirm, searchCancel
    case cycleStatusFilter, cycleFrameworkFilter
    /// Open the issuance decision log of the `domain:` subject under the cursor (or of the page).
    case openDecisionLog
    /// Open what changed since ``AppState/diffSpan`` before the instant.
    case openDiff
    case reload, help, quit
    case resized(Size)
    case loaded(Loaded)
    case failed(String)
}

/// A query's answer, delivered back to the reducer.
public enum Loaded: Sendable, Equatable {
    case overview(WorkspaceOverview)
    case preview(EvaluationPreview?)
    case evaluation(WorkspaceEvaluation)
    case evidence([IdentifiedRecord], for: Page)
    case history([EvidenceVersion], for: Page)
    case decisionLog(DecisionLog, for: Page)
    case checkpoints([CheckpointEntry])
    case diff(RunDiff, for: Page)
}

/// IO the reducer asks for; the session runs it against an ``EvidenceQuerying``.
public enum Effect: Sendable, Equatable {
    case loadOverview
    /// The controls list kept from an earlier evaluation, shown while the evaluation is read.
    case loadPreview
    case loadEvaluation
    case loadEvidence(ids: [String], for: Page)
    case loadHistory(subject: String, kind: String, for: Page)
    case loadDecisionLog(subject: String, for: Page)
    case loadCheckpoints
    case loadDiff(since: Date, for: Page)

    /// Cheap effects run before the next frame is drawn; the others draw a "loading" frame first.
    var isCheap: Bool { self == .loadOverview || self == .loadPreview }
}
