import EvidenceModel
import Foundation

/// `mpic_agreement`: every remote perspective of an attempt corroborated, and all saw the same records.
///
/// ```yaml
/// check: {type: mpic_agreement}
/// ```
/// Stricter than BR 3.2.2.9, which tolerates one or two dissenters: a dissenting perspective is
/// what an attack on one network path looks like, so it is worth seeing even when issuance was
/// allowed. An attempt fails when a perspective failed while others passed, did not complete,
/// reported errors, or when the `records_seen` (CAA or DNS records, compared as sets) differ.
/// An attempt on which all perspectives failed alike is `not_applicable`: nothing was corroborated,
/// so nothing may be issued on it. Boulder's Summary logs pass/fail but no records: those are
/// compared, and the reason says records could not be. A remote VA's own line is `not_applicable`.
public struct MPICAgreementCheck: ControlCheck {
    public static let type = "mpic_agreement"

    public init() {}

    public init?(parameters: inout CheckParameters) {}

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { judgeAttempt(MPICAttempt($0)) }
    }

    func judgeAttempt(_ attempt: MPICAttempt) -> CheckVerdict {
        if attempt.isRemoteLine {
            return .notApplicable("\(attempt.label): a remote VA's own result; the primary VA's Summary compares them")
        }
        let outcomes = attempt.outcomes
        guard !outcomes.isEmpty else {
            return attempt.reportedValid
                ? .fail("\(attempt.label): validated without remote perspectives: nothing corroborated it")
                : .notApplicable("\(attempt.label): rejected before remote perspectives ran")
        }
        let passed = outcomes.filter(\.corroborates)
        let dissenting = outcomes.filter { !$0.corroborates }
        if passed.isEmpty, dissenting.allSatisfy({ $0.problem == "failed" }) {
            return .notApplicable("\(attempt.label): all \(outcomes.count) perspectives failed alike: nothing corroborated, nothing may be issued")
        }
        var problems: [String] = []
        if !dissenting.isEmpty {
            let named = dissenting.map { "\($0.code) \($0.problem ?? "failed")" }.joined(separator: ", ")
            problems.append("\(dissenting.count) of \(outcomes.count) perspectives did not corroborate: \(named)")
        }
        let withRecords = passed.compactMap { outcome in outcome.recordsSeen.map { (outcome.code, $0) } }
        let variants = Dictionary(grouping: withRecords, by: \.1)
        if variants.count > 1 {
            let shown = variants.sorted { $0.value.count > $1.value.count }.map { records, seenBy in
                let list = records.isEmpty ? "no records" : records.sorted().joined(separator: " | ")
                return seenBy.map(\.0).joined(separator: ", ") + " saw {\(list)}"
            }
            problems.append("records seen differ: " + shown.joined(separator: "; "))
        }
        if !problems.isEmpty { return .fail("\(attempt.label): " + problems.joined(separator: "; ")) }
        let records: String
        if attempt.boulder != nil {
            records = " (Boulder's Summary logs no records: pass/fail compared only)"
        } else if let only = variants.keys.first, withRecords.count == passed.count {
            records = " and saw the same \(only.count) record\(only.count == 1 ? "" : "s")"
        } else {
            records = ""
        }
        return .pass("\(attempt.label): all \(outcomes.count) perspectives corroborated\(records)")
    }
}
