import EvidenceModel
import Foundation

/// Turns failing results that an active acceptance covers into `accepted` ones.
///
/// Only `fail` is covered: missing or stale evidence is not a risk someone accepted. Only a fully
/// active acceptance covers; one that is stale for any reason covers nothing. When several cover
/// the same result, the one expiring last is cited.
struct AcceptanceCoverage {
    let active: [RiskAcceptance]
    let instant: Date

    func apply(_ control: ControlResult) -> ControlResult {
        guard control.error == nil, control.missingReason == nil else { return control }
        let results = control.results.map { result -> SubjectResult in
            guard result.status == .fail else { return result }
            let covering = active.filter { $0.covers(control: control.id, subject: result.subject) }
                .max { ($0.expiry(at: instant) ?? .distantPast, $1.id) < ($1.expiry(at: instant) ?? .distantPast, $0.id) }
            guard let acceptance = covering else { return result }
            let until = acceptance.expiry(at: instant).map { " until \(DayText.of($0))" } ?? ""
            return SubjectResult(
                subject: result.subject, status: .accepted,
                reason: "\(result.reason); accepted under \(acceptance.id)\(until)",
                evidence: result.evidence + [acceptance.recordID], acceptance: acceptance.id)
        }
        return ControlResult(
            id: control.id, title: control.title, severity: control.severity, frameworks: control.frameworks,
            results: results)
    }
}
