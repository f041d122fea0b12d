import EvidenceModel
import Foundation

/// Evaluates controls against evidence at one instant: the pure core of `vigil check`.
///
/// Only records observed at or before the instant count, so a past instant re-audits the past
/// exactly. Results are sorted by subject; controls keep their load order.
public struct Evaluator: Sendable {
    public let controls: [Control]
    public let policy: AcceptancePolicy

    public init(controls: [Control], policy: AcceptancePolicy = .init()) {
        self.controls = controls
        self.policy = policy
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
        let inventory = AssetInventory(index: index)
        let evaluated = controls.map { evaluate($0, index: index, inventory: inventory) }

        let raw = Dictionary(evaluated.map { ($0.id, $0.results) }, uniquingKeysWith: { first, _ in first })
        let reviewer = AcceptanceReviewer(policy: policy, instant: instant, results: raw)
        let acceptances = index.newestCollections(of: EvidenceKind.riskAcceptance).values
            .compactMap { $0.first.map(RiskAcceptance.init(record:)) }
            .sorted { $0.id < $1.id }
        let reviews = acceptances.map(reviewer.review)
        let coverage = AcceptanceCoverage(
            active: zip(acceptances, reviews).filter { $0.1.isActive }.map(\.0))

        return RunResult(
            asOf: instant, checkpoint: checkpoint,
            controls: evaluated.map(coverage.apply),
            scopeGaps: ScopeGapFinder(controls: controls, inventory: inventory, index: index).gaps(),
            acceptances: reviews)
    }

    private func evaluate(_ control: Control, index: VisibleEvidence, inventory: AssetInventory) -> ControlResult {
        let made = CheckCatalog.makeCheck(control.check)
        guard let check = made.check else {
            let problems = made.problems.map { "\($0.field): \($0.reason)" }.joined(separator: "; ")
            return ControlResult(
                id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
                results: [], error: "check cannot be evaluated: \(problems)")
        }
        let subjects = control.scope.map(inventory.subjects(in:))
            ?? index.subjects(withAnyOf: control.evidence, origin: control.origin).sorted()
        let judgement = SubjectJudgement(control: control, check: check, index: index)
        return ControlResult(
            id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
            results: subjects.map(judgement.judge))
    }
}
