import EvidenceModel
import Foundation

/// One subject's share of a ``SliceJudgement``: its verdicts, the controls it holds evidence of, its
/// scope gaps, and when the records behind its verdicts were logged.
///
/// A subject is judged on its own records and the shared ones only (``SlicedEvaluation``), so at
/// the same instant, with the same shared records and its own selection unchanged, its share is the
/// same: a re-check keeps it instead of reading and judging the subject again.
public struct SubjectVerdicts: Sendable, Hashable {
    /// A verdict under the control at `control` in the evaluator's order.
    public struct Verdict: Sendable, Hashable {
        public let control: Int
        public let result: SubjectResult
        /// When each of `result.evidence` was logged, in its order: nil when it was logged by the
        /// instant judged (or not known), which makes nothing late.
        public let loggedAt: [Date?]

        public init(control: Int, result: SubjectResult, loggedAt: [Date?]) {
            self.control = control
            self.result = result
            self.loggedAt = loggedAt
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
                let verdict = SubjectVerdicts.Verdict(control: control, result: result, loggedAt: result.evidence.map { loggedAt[$0] })
                shares[result.subject, default: SubjectVerdicts()].verdicts.append(verdict)
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
        // Room for a verdict a control per share and an id a verdict: grown by doubling, 50k shares
        // rehashed the ids' table a dozen times.
        let count = shares.underestimatedCount
        for control in results.indices { results[control].reserveCapacity(count) }
        loggedAt.reserveCapacity(count)
        for share in shares {
            for verdict in share.verdicts where verdict.control < controls {
                results[verdict.control].append(verdict.result)
                // A record's logged time is one: whichever verdict names it sets the same.
                for (id, at) in zip(verdict.result.evidence, verdict.loggedAt) where at != nil { loggedAt[id] = at }
            }
            for control in share.evidenced where control < controls { hasEvidence[control] = true }
            gaps += share.gaps
        }
    }
}
