import EvidenceModel
import Foundation

/// Evaluates controls against evidence at one instant: the pure core of `vigil check`.
///
/// Only records observed at or before the instant count, so a past instant re-audits the past
/// exactly. Results are sorted by subject; controls keep their load order.
public struct Evaluator: Sendable {
    public let controls: [Control]
    public let policy: AcceptancePolicy
    /// What the configuration hands every check (the perspective catalogue).
    public let context: CheckContext
    /// Each control with its check, made once here: evaluation, evidence selection and slicing all read these.
    public let compiled: [CompiledControl]

    public init(controls: [Control], policy: AcceptancePolicy = .init(), context: CheckContext = .standard) {
        self.controls = controls
        self.policy = policy
        self.context = context
        compiled = controls.map { CompiledControl($0, context: context) }
    }

    /// Evaluates every control, reviews the risk register and finds the scope gaps.
    ///
    /// - Parameters:
    ///   - records: all records of the store (later ones are ignored).
    ///   - instant: the `--at` instant; never the wall clock's reading inside this module.
    ///   - checkpoint: the log head the records were read under, passed through to the result.
    /// - Returns: the run result every report renders.
    public func evaluate(records: [EvidenceRecord], at instant: Date, checkpoint: CheckpointSummary?) -> RunResult {
        var run = SlicedEvaluation(evaluator: self, shared: records, at: instant)
        run.judge(records, owned: nil)
        return run.takeResult(checkpoint: checkpoint)
    }

    /// The subjects the asset inventory lists at `instant`: what `unknown_subject` gaps are measured
    /// against. `records` must hold the inventory's records (`asset` and `register`) visible then.
    public static func inventoriedSubjects(in records: [EvidenceRecord], at instant: Date) -> Set<String> {
        let registers = RegisterDocuments(index: VisibleEvidence(records: records, at: instant))
        return Set(AssetInventory(registers: registers).assets.map(\.subject))
    }

    /// "no firmware.device evidence collected": a control without scope and without any evidence of its
    /// kinds fails closed, so that a run whose collectors all failed is not reported as fine.
    static func absence(of control: Control, kinds: [String]) -> String {
        let observed = control.origin == .observed ? "observed " : ""
        return "no \(observed)\(kinds.joined(separator: " or ")) evidence collected"
    }
}

/// What reports show beyond the verdicts (OSCAL `expires`, the POA&M risk log), added once here so the
/// checks and the reviewer stay about verdicts.
extension Evaluator {
    static func withHistory(_ review: AcceptanceReview, of acceptance: RiskAcceptance, at instant: Date) -> AcceptanceReview {
        AcceptanceReview(
            id: review.id, control: review.control, subjects: review.subjects, expiresAt: review.expiresAt,
            reasons: review.reasons, extensions: review.extensions, detail: review.detail,
            acceptedAt: acceptance.acceptedAt, approvedBy: acceptance.approvedBy, originalExpiresAt: acceptance.expiresAt,
            extensionHistory: acceptance.extensions(grantedBy: instant).map {
                AcceptanceReview.Extension(at: $0.at, expiresAt: $0.expiresAt, approvedBy: $0.by)
            },
            withdrawnAt: review.withdrawnAt)
    }
}
