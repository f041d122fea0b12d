import EvidenceModel
import Foundation

/// Turns failing results that an active acceptance covers into `accepted` ones, as the evaluation
/// builds each control's result (``SlicedEvaluation``).
///
/// Only `fail` is covered: missing or stale evidence is not a risk someone accepted. Only a fully
/// active acceptance covers; one that is stale for any reason covers nothing. When several cover
/// the same result, the one expiring last is cited.
struct AcceptanceCoverage {
    let active: [RiskAcceptance]
    let instant: Date

    /// The acceptance that turns a failing result of `control` into an accepted one, if any.
    func covering(_ result: SubjectResult, of control: String) -> RiskAcceptance? {
        guard result.status == .fail else { return nil }
        return active.filter { $0.covers(control: control, subject: result.subject) }
            .max { ($0.expiry(at: instant) ?? .distantPast, $1.id) < ($1.expiry(at: instant) ?? .distantPast, $0.id) }
    }

    /// Whether some active acceptance names `control`: without one, no result of it is covered.
    func coversAny(of control: String) -> Bool { active.contains { $0.control == control } }

    /// `result` accepted under `acceptance`, which joins its evidence.
    func accepted(_ result: SubjectResult, under acceptance: RiskAcceptance) -> SubjectResult {
        let until = acceptance.expiry(at: instant).map { " until \(DayText.of($0))" } ?? ""
        return SubjectResult(
            subject: result.subject, status: .accepted,
            reason: "\(result.reason); accepted under \(acceptance.id)\(until)",
            evidence: result.evidence + [acceptance.recordID], acceptance: acceptance.id, observedAt: result.observedAt)
    }
}
