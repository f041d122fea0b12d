import EvidenceModel
import Foundation

/// What one input of an issuance showed: the words of the reason, whether it holds, the records behind it.
struct InputFinding {
    let status: Status
    let text: String
    let cited: [EvidenceRecord]
}

/// The domain-control validations or CAA checks an issuance decision could rest on, and their verdict.
///
/// Candidates are the domain's `validation.result` (Boulder's primary VA: a remote VA's own line is one
/// perspective, not the quorum) and `mpic.result` records of one check type. A Boulder record that names
/// an authorization counts only for a decision relying on that authorization; records without one (Open
/// MPIC) count by the domain. Each is placed by its own validation time, never by where it sits in a log.
struct ValidationInputs {
    let checkType: String
    let candidates: [(record: EvidenceRecord, attempt: MPICAttempt)]

    init(_ checkType: String, for decision: IssuanceDecision, in related: RelatedEvidence) {
        self.checkType = checkType
        let records = related.history(of: EvidenceKind.validationResult) + related.history(of: EvidenceKind.mpicResult)
        candidates = records.map { (record: $0, attempt: MPICAttempt($0)) }.filter { candidate in
            guard candidate.attempt.checkType == checkType, !candidate.attempt.isRemoteLine else { return false }
            guard let wanted = decision.authorization, let authz = candidate.attempt.authorization else { return true }
            return authz == wanted
        }
    }

    /// Methods the TLS BRs rule out for wildcard domain names, with the section that says so: an
    /// HTTP or TLS-ALPN answer shows control of one host, not of every name under a domain.
    static let notForWildcards = ["http-01": "BR 3.2.2.4.19", "tls-alpn-01": "BR 3.2.2.4.20"]

    /// The newest passing attempt before `issued`, judged for age (`limit`), quorum and, for a
    /// `wildcard` identifier, its method.
    func judge(
        issued: Date, limit: TimeInterval, limitText: String, quorum: MPICQuorumCheck, authorization: String?, wildcard: Bool = false
    ) -> InputFinding {
        let name = checkType == "caa" ? "CAA" : "DCV"
        let before = candidates.filter { $0.attempt.validatedAt <= issued }
        guard let used = before.filter({ $0.attempt.reportedValid }).max(by: { $0.attempt.validatedAt < $1.attempt.validatedAt })
        else { return missing(name, issued: issued, before: before, authorization: authorization) }
        let age = issued.timeIntervalSince(used.attempt.validatedAt)
        let label = "\(name)\(Self.method(used.attempt)) \(Self.count(used.attempt)) \(SpanText.of(age)) before"
        if age > limit {
            return InputFinding(status: .fail, text: "\(label), beyond the \(limitText)", cited: [used.record])
        }
        if wildcard, let method = used.attempt.method, let section = Self.notForWildcards[method] {
            return InputFinding(status: .fail, text: "\(label), a method \(section) does not allow for a wildcard name", cited: [used.record])
        }
        let verdict = quorum.judgeAttempt(used.attempt)
        switch verdict.status {
        case .fail, .error:
            return InputFinding(status: verdict.status, text: "\(label), quorum not compliant: \(verdict.reason)", cited: [used.record])
        default:
            return InputFinding(status: .pass, text: label, cited: [used.record])
        }
    }

    /// "no DCV passed before the issuance (authz 123): 1 failed; 1 at T, 5 s after the issuance".
    private func missing(
        _ name: String, issued: Date, before: [(record: EvidenceRecord, attempt: MPICAttempt)],
        authorization: String?
    ) -> InputFinding {
        let whose = authorization.map { " (authz \($0))" } ?? ""
        var seen: [String] = []
        if !before.isEmpty { seen.append("\(before.count) failed") }
        for late in candidates.filter({ $0.attempt.validatedAt > issued }).prefix(3) {
            let after = late.attempt.validatedAt.timeIntervalSince(issued)
            seen.append("one at \(Timestamp.format(late.attempt.validatedAt)), \(SpanText.of(after)) after the issuance")
        }
        let detail = seen.isEmpty ? "none recorded" : seen.joined(separator: "; ")
        return InputFinding(
            status: .fail, text: "no \(name) passed before the issuance\(whose): \(detail)",
            cited: candidates.map(\.record))
    }

    /// ` http-01`, or nothing for CAA.
    private static func method(_ attempt: MPICAttempt) -> String {
        guard attempt.checkType == "dcv", let method = attempt.method else { return "" }
        return " " + method
    }

    /// `5/6 remote`: corroborating and asked remote perspectives, as the MPIC reported them.
    private static func count(_ attempt: MPICAttempt) -> String {
        if let quorum = attempt.boulder?.quorum { return "\(quorum.corroborated)/\(quorum.of) remote" }
        return "\(attempt.outcomes.filter(\.corroborates).count)/\(attempt.outcomes.count) remote"
    }
}
