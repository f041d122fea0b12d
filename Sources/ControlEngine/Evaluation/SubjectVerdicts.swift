import EvidenceModel
import Foundation

/// One subject's share of a ``SliceJudgement``: its verdicts (each marking the evidence logged after
/// the instant, ``SubjectResult/late``), the controls it holds evidence of, and its scope gaps.
///
/// A subject is judged on its own records and the shared ones only (``SlicedEvaluation``), so at
/// the same instant, with the same shared records and its own selection unchanged, its share is the
/// same: a re-check keeps it instead of reading and judging the subject again.
public struct SubjectVerdicts: Sendable, Hashable {
    /// A verdict under the control at `control` in the evaluator's order.
    public struct Verdict: Sendable, Hashable {
        public let control: Int
        public let result: SubjectResult

        public init(control: Int, result: SubjectResult) {
            self.control = control
            self.result = result
        }
    }

    public var verdicts: [Verdict]
    /// The controls (positions) the subject has a record of a judged kind for.
    public var evidenced: [Int]
    public var gaps: [ScopeGap]

    public init(verdicts: [Verdict] = [], evidenced: [Int] = [], gaps: [ScopeGap] = []) {
        self.verdicts = verdicts
        self.evidenced = evidenced
        self.gaps = gaps
    }
}

extension SliceJudgement {
    /// The share of each of `subjects`, the subjects the slice owned (each gets one, if empty).
    public func bySubject(_ subjects: some Sequence<String>) -> [String: SubjectVerdicts] {
        var shares = Dictionary(uniqueKeysWithValues: subjects.map { ($0, SubjectVerdicts()) })
        for (control, results) in results.enumerated() {
            for result in results {
                shares[result.subject, default: SubjectVerdicts()].verdicts.append(.init(control: control, result: result))
            }
        }
        for (control, subjects) in evidenced.enumerated() {
            for subject in subjects { shares[subject, default: SubjectVerdicts()].evidenced.append(control) }
        }
        for gap in gaps { shares[gap.subject, default: SubjectVerdicts()].gaps.append(gap) }
        return shares
    }

    /// The judgement of a slice owning the subjects whose `shares` these are.
    public init(joining shares: some Sequence<SubjectVerdicts>, controls: Int) {
        self.init(controls: controls)
        // Room for a verdict a control per share.
        let count = shares.underestimatedCount
        for control in results.indices { results[control].reserveCapacity(count) }
        for share in shares {
            for verdict in share.verdicts where verdict.control < controls {
                results[verdict.control].append(verdict.result)
            }
            for control in share.evidenced where control < controls { hasEvidence[control] = true }
            gaps += share.gaps
        }
    }
}
