import EvidenceModel
import Foundation

/// `ct_logged`: the certificate carries at least `min_scts` embedded SCTs from distinct CT logs.
///
/// ```yaml
/// check: {type: ct_logged, min_scts: 2, min_scts_long: 3}   # Chrome's CT policy
/// ```
/// Chrome's policy asks for 2 SCTs when the lifetime is at most 180 days and 3 beyond; `min_scts_long`
/// (optional) applies to lifetimes over `long_lifetime` (default 180d). Several SCTs from one log count
/// once. Lifetime is notAfter − notBefore as the certificate states them.
///
/// Not judged, `not_applicable` with the reason: CA certificates and precertificates, and
/// certificate records without SCT data (the `aws-acm` collector does not read SCTs; a record from
/// `x509` always says, and an empty list fails). Not checked: the SCT signatures (the logs' keys are
/// not in the evidence) and distinct log *operators* (needs a log list mapping).
public struct CTLoggedCheck: ControlCheck {
    public static let type = "ct_logged"

    public let minSCTs: Int
    public let minSCTsLong: Int?
    public let longLifetime: EvidenceDuration

    public init(minSCTs: Int = 2, minSCTsLong: Int? = nil, longLifetime: EvidenceDuration = EvidenceDuration(days: 180)) {
        self.minSCTs = minSCTs
        self.minSCTsLong = minSCTsLong
        self.longLifetime = longLifetime
    }

    public init?(parameters: inout CheckParameters) {
        let minSCTs = parameters.wholeNumber("min_scts") ?? 2
        let minSCTsLong = parameters.wholeNumber("min_scts_long")
        var longLifetime = EvidenceDuration(days: 180)
        if parameters.optional("long_lifetime") != nil, let given = parameters.duration("long_lifetime") {
            longLifetime = given
        }
        guard parameters.problems.isEmpty else { return nil }
        self.init(minSCTs: minSCTs, minSCTsLong: minSCTsLong, longLifetime: longLifetime)
    }

    public func judge(_ records: [EvidenceRecord], at instant: Date) -> CheckVerdict {
        judgeEach(records) { judge(CertificateFacts(record: $0)) }
    }

    func judge(_ certificate: CertificateFacts) -> CheckVerdict {
        if let reason = certificate.notApplicableReason { return .notApplicable(reason) }
        guard let scts = certificate.scts else {
            return .notApplicable(
                "no SCT data collected for \(certificate.name) (collector \(certificate.record.collector)); "
                    + "collect the certificate with x509")
        }
        guard let lifetime = certificate.lifetime else {
            return CheckVerdict(status: .error, reason: "not a certificate record: not_before/not_after missing")
        }
        let isLong = lifetime > longLifetime.seconds
        let required = isLong ? (minSCTsLong ?? minSCTs) : minSCTs
        let lifetimeText = "lifetime \(lifetime.humanAge) \(isLong ? ">" : "≤") \(longLifetime)"
        let logs = Set(scts.map(\.logID)).count
        let counted =
            scts.isEmpty
            ? "no embedded SCTs"
            : "\(scts.count) SCT\(scts.count == 1 ? "" : "s") from \(logs) distinct log\(logs == 1 ? "" : "s")"
        let verdict = "\(certificate.name): \(counted), \(required) required (\(lifetimeText))"
        return logs >= required ? .pass(verdict) : .fail(verdict)
    }
}
