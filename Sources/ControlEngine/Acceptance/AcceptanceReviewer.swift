import EvidenceModel
import Foundation

/// Judges each risk acceptance at an instant against the policy and the controls' own results.
///
/// `unneeded` is judged on the results *before* any acceptance applies: an acceptance is unneeded
/// when every subject it lists passes (or is not applicable). A subject that has no result, or is
/// missing or stale, does not make it unneeded — nobody knows yet whether it would fail.
/// Acceptances naming a control that is not loaded are reviewed on their dates alone, so a run over
/// a subset of the controls does not flag the rest of the register.
struct AcceptanceReviewer {
    let policy: AcceptancePolicy
    let instant: Date
    /// Control id → its subjects' results before acceptances.
    let results: [String: SubjectResults]

    func review(_ acceptance: RiskAcceptance) -> AcceptanceReview {
        var reasons: [AcceptanceReview.StaleReason] = []
        var details: [String] = []
        let expiry = acceptance.expiry(at: instant)
        let extensions = acceptance.extensions(grantedBy: instant)

        if let expiry, expiry >= instant {
            details.append("expires \(DayText.of(expiry))")
        } else {
            reasons.append(.expired)
            details.append(
                expiry.map { "expired \(DayText.of($0)) (\(instant.timeIntervalSince($0).humanAge) ago)" }
                    ?? "has no valid expires_at")
        }

        let count = extensions.count
        let times = "extended \(count) time\(count == 1 ? "" : "s") (max \(policy.maxExtensions))"
        if count > policy.maxExtensions { reasons.append(.overExtended) }
        details.append(times)

        if let start = acceptance.acceptedAt, let expiry {
            let span = expiry.timeIntervalSince(start)
            if span > policy.maxTotal.seconds { reasons.append(.tooLong) }
            details.append("spans \(span.humanAge) (max \(policy.maxTotal))")
        } else if acceptance.acceptedAt == nil {
            details.append("has no valid accepted_at")
        }

        if let unneeded = unneededDetail(acceptance) {
            reasons.append(.unneeded)
            details.append(unneeded)
        } else if results[acceptance.control] == nil {
            details.append("control \(acceptance.control) is not among the loaded controls")
        }

        let approvers = approverProblems(acceptance, extensions: extensions)
        if !approvers.isEmpty {
            reasons.append(.noApprover)
            details += approvers
        }

        return AcceptanceReview(
            id: acceptance.id, control: acceptance.control, subjects: acceptance.subjects, expiresAt: expiry,
            reasons: reasons, extensions: count, detail: details.joined(separator: "; "))
    }

    /// An acceptance a newer collection of its register `file` no longer lists: withdrawn at `withdrawal`,
    /// covering nothing and judged no further.
    func withdrawn(_ acceptance: RiskAcceptance, at withdrawal: Date, from file: String) -> AcceptanceReview {
        AcceptanceReview(
            id: acceptance.id, control: acceptance.control, subjects: acceptance.subjects,
            expiresAt: acceptance.expiry(at: instant), reasons: [],
            extensions: acceptance.extensions(grantedBy: instant).count,
            detail: "withdrawn \(DayText.of(withdrawal)): \(file) as collected then no longer lists it",
            withdrawnAt: withdrawal)
    }

    private func unneededDetail(_ acceptance: RiskAcceptance) -> String? {
        guard let controlResults = results[acceptance.control], !acceptance.subjects.isEmpty else { return nil }
        let passing = acceptance.subjects.filter { subject in
            controlResults.contains { $0.subject == subject && ($0.status == .pass || $0.status == .notApplicable) }
        }
        guard passing.count == acceptance.subjects.count else { return nil }
        return "\(acceptance.control) passes without it for " + passing.joined(separator: ", ")
    }

    private func approverProblems(_ acceptance: RiskAcceptance, extensions: [RiskAcceptance.Extension]) -> [String] {
        var problems: [String] = []
        if acceptance.approvedBy == nil { problems.append("approved_by is missing") }
        for (number, item) in extensions.enumerated() where item.by == nil {
            problems.append("extension \(number + 1) has no approver ('by')")
        }
        return problems
    }
}
