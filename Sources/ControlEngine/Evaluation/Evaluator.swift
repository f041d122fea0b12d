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

    public init(controls: [Control], policy: AcceptancePolicy = .init(), context: CheckContext = .standard) {
        self.controls = controls
        self.policy = policy
        self.context = context
    }

    /// Evaluates every control, reviews the risk register and finds the scope gaps.
    ///
    /// - Parameters:
    ///   - records: all records of the store (later ones are ignored).
    ///   - instant: the `--at` instant; never the wall clock's reading inside this module.
    ///   - checkpoint: the log head the records were read under, passed through to the result.
    /// - Returns: the run result every report renders.
    public func evaluate(records: [EvidenceRecord], at instant: Date, checkpoint: CheckpointSummary?) -> RunResult {
        let index = VisibleEvidence(records: records, at: instant)
        let registers = RegisterDocuments(index: index)
        let inventory = AssetInventory(registers: registers)
        let evaluated = controls.map { evaluate($0, index: index, inventory: inventory) }

        let raw = Dictionary(evaluated.map { ($0.id, $0.results) }, uniquingKeysWith: { first, _ in first })
        let reviewer = AcceptanceReviewer(policy: policy, instant: instant, results: raw)
        let acceptances = registers.entries(of: EvidenceKind.riskAcceptance).map(RiskAcceptance.init(record:))
            .sorted { $0.id < $1.id }
        let reviews = acceptances.map { Self.withHistory(reviewer.review($0), of: $0, at: instant) }
        let coverage = AcceptanceCoverage(
            active: zip(acceptances, reviews).filter { $0.1.isActive }.map(\.0), instant: instant)
        let withdrawn = registers.withdrawn(of: EvidenceKind.riskAcceptance).map { withdrawal in
            let acceptance = RiskAcceptance(record: withdrawal.record)
            let review = reviewer.withdrawn(acceptance, at: withdrawal.at, from: withdrawal.record.source.name)
            return Self.withHistory(review, of: acceptance, at: instant)
        }
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        return RunResult(
            asOf: instant, checkpoint: checkpoint,
            controls: zip(controls, evaluated.map(coverage.apply)).map { Self.annotated($1, of: $0, records: byID) },
            scopeGaps: ScopeGapFinder(controls: controls, inventory: inventory, index: index).gaps(),
            acceptances: reviews + withdrawn.sorted { $0.id < $1.id })
    }

    /// The subjects the asset inventory lists at `instant`: what `unknown_subject` gaps are measured
    /// against. `records` must hold the inventory's records (`asset` and `register`) visible then.
    public static func inventoriedSubjects(in records: [EvidenceRecord], at instant: Date) -> Set<String> {
        let registers = RegisterDocuments(index: VisibleEvidence(records: records, at: instant))
        return Set(AssetInventory(registers: registers).assets.map(\.subject))
    }

    private func evaluate(_ control: Control, index: VisibleEvidence, inventory: AssetInventory) -> ControlResult {
        let made = CheckCatalog.makeCheck(control.check, context: context)
        guard let check = made.check else {
            let problems = made.problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
            return ControlResult(
                id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
                results: [], error: "check cannot be evaluated: \(problems)")
        }
        let judgedKinds = SubjectJudgement.judgedKinds(of: control, check)
        if control.scope == nil, index.subjects(withAnyOf: judgedKinds, origin: control.origin).isEmpty {
            return ControlResult(
                id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
                results: [], missingReason: Self.absence(of: control, kinds: judgedKinds))
        }
        let judged = (check as? any SubjectKeyedCheck).map { index.rekeyed(kinds: control.evidence, by: $0.subjects(of:)) }
            ?? index
        let subjects = control.scope.map(inventory.subjects(in:))
            ?? judged.subjects(withAnyOf: judgedKinds, origin: control.origin).sorted()
        let judgement = SubjectJudgement(control: control, check: check, index: judged)
        return ControlResult(
            id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
            results: subjects.map(judgement.judge))
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
    /// The control's freshness, and when each subject's judged evidence was observed (records of the
    /// control's own kinds only: a covering acceptance's record says nothing about the subject's age).
    static func annotated(_ result: ControlResult, of control: Control, records: [String: EvidenceRecord]) -> ControlResult {
        let results = result.results.map { r in
            let observed = r.evidence.compactMap { records[$0] }.filter { control.evidence.contains($0.kind) }
            return SubjectResult(
                subject: r.subject, status: r.status, reason: r.reason, evidence: r.evidence, acceptance: r.acceptance,
                observedAt: observed.map(\.observedAt).max())
        }
        return ControlResult(
            id: result.id, title: result.title, severity: result.severity, frameworks: result.frameworks,
            results: results, error: result.error, freshness: control.freshness, missingReason: result.missingReason)
    }

    static func withHistory(_ review: AcceptanceReview, of acceptance: RiskAcceptance, at instant: Date) -> AcceptanceReview {
        AcceptanceReview(
            id: review.id, control: review.control, subjects: review.subjects, expiresAt: review.expiresAt,
            reasons: review.reasons, extensions: review.extensions, detail: review.detail,
            acceptedAt: acceptance.acceptedAt, approvedBy: acceptance.approvedBy, originalExpiresAt: acceptance.expiresAt,
            extensionHistory: acceptance.extensions(grantedBy: instant).map {
                AcceptanceReview.Extension(at: $0.at, expiresAt: $0.expiresAt, approvedBy: $0.approvedBy)
            },
            withdrawnAt: review.withdrawnAt)
    }
}
