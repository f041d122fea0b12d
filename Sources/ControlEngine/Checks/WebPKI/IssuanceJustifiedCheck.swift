import EvidenceModel
import Foundation

/// `issuance_justified`: every identifier of every certificate the CA issued rests on compliant inputs,
/// judged by the rules in force at the issuance time.
///
/// ```yaml
/// evidence: [issuance.decision, validation.result, mpic.result, certificate]
/// check: {type: issuance_justified}                  # mpic_quorum and ct_logged parameters may be added
/// ```
/// Each `issuance.decision` event (one identifier of one request) is judged; the control's other kinds
/// are its inputs, found in the domain's history (``ValidationInputs``):
/// - a domain-control validation that passed before the issuance, within the reuse period of TLS BR 4.2.1
///   then in force (``ValidationReusePeriod``), whose corroboration meets BR 3.2.2.9 (``MPICQuorumCheck``);
/// - a CAA check that allowed issuance within 8 hours before it (BR 3.2.2.8), with a compliant quorum.
///   Boulder's recheck at finalisation (authorizations older than 7 h) is itself a `CAA check result`
///   line for the authorization, so a recheck is found as that input. The CAA record's TTL, which may
///   lengthen the 8 hours, is not in the evidence;
/// - when the certificate is stored (an x509 `certificate` whose `serial` is the decision's), its SCTs
///   (``CTLoggedCheck``) and its names, which must equal the request's identifiers.
///
/// The reason names each input with its distance from the issuance ("DCV http-01 5/5 remote 29 s before;
/// CAA 5/5 28 s before; certificate …: 2 SCTs"), or what is missing or out of bounds. A refused request
/// (`error`) is `not_applicable` with its error.
public struct IssuanceJustifiedCheck: RelatedEvidenceCheck {
    public static let type = "issuance_justified"

    /// BR 3.2.2.8: issue within 8 hours of processing the CAA record (or its TTL, if greater).
    public static let caaReuse: TimeInterval = 8 * 3_600

    public let quorum: MPICQuorumCheck
    public let certificateTransparency: CTLoggedCheck

    public init(quorum: MPICQuorumCheck = MPICQuorumCheck(), certificateTransparency: CTLoggedCheck = CTLoggedCheck()) {
        self.quorum = quorum
        self.certificateTransparency = certificateTransparency
    }

    public init?(parameters: inout CheckParameters) {
        let quorum = MPICQuorumCheck(parameters: &parameters)
        let certificateTransparency = CTLoggedCheck(parameters: &parameters)
        guard let quorum, let certificateTransparency, parameters.problems.isEmpty else { return nil }
        self.init(quorum: quorum, certificateTransparency: certificateTransparency)
    }

    public var judgedKinds: [String]? { [EvidenceKind.issuanceDecision] }

    public func judge(_ records: [EvidenceRecord], related: RelatedEvidence, at instant: Date) -> CheckVerdict {
        judgeEach(records) { record in
            guard record.kind == EvidenceKind.issuanceDecision else {
                return .notApplicable("\(record.kind) is an input of issuance decisions, judged with them")
            }
            return judge(IssuanceDecision(record: record), related: related)
        }
    }

    func judge(_ decision: IssuanceDecision, related: RelatedEvidence) -> CheckVerdict {
        let issued = decision.issuedAt
        guard decision.outcome == "successful" else {
            let why = decision.error.isEmpty ? "outcome '\(decision.outcome)'" : decision.error
            return .notApplicable("\(decision.identifier): issuance refused at \(Timestamp.format(issued)): \(why)")
        }
        let reuse = ValidationReusePeriod.inForce(at: issued)
        var findings = [
            ValidationInputs("dcv", for: decision, in: related).judge(
                issued: issued, limit: reuse.seconds, limitText: reuse.citation, quorum: quorum,
                authorization: decision.authorization, wildcard: decision.identifier.hasPrefix("*.")),
            ValidationInputs("caa", for: decision, in: related).judge(
                issued: issued, limit: Self.caaReuse, limitText: "8 hours of BR 3.2.2.8", quorum: quorum,
                authorization: decision.authorization),
        ]
        findings.append(certificateFinding(decision, related: related))
        let status = Status.worst(of: findings.map(\.status))
        let serial = decision.serial.map { ", serial \($0)" } ?? ""
        let reason =
            "\(decision.identifier) issued \(Timestamp.format(issued))\(serial): "
            + findings.map(\.text).joined(separator: "; ")
        return CheckVerdict(status: status, reason: reason).citing(findings.flatMap(\.cited))
    }

    /// The stored certificate of the decision's serial: its SCTs and names; a note when none is stored.
    private func certificateFinding(_ decision: IssuanceDecision, related: RelatedEvidence) -> InputFinding {
        guard let serial = decision.serial.map(Self.normalized) else {
            return InputFinding(status: .pass, text: "no serial logged, certificate not matched", cited: [])
        }
        let stored = related.newestStates(of: EvidenceKind.certificate).values.flatMap { $0 }.map(CertificateFacts.init)
            .filter { $0.serial.map(Self.normalized) == serial }
        guard let certificate = stored.first(where: { !$0.isPrecertificate }) else {
            return InputFinding(status: .pass, text: "certificate not in the store", cited: [])
        }
        let name = certificate.record.subject
        guard let names = certificate.names, names == decision.requestedNames else {
            let shown = certificate.names.map { $0.sorted().joined(separator: ", ") } ?? "none recorded"
            let requested = decision.requestedNames.sorted().joined(separator: ", ")
            return InputFinding(
                status: .fail, text: "certificate \(name) names \(shown), not the request's \(requested)",
                cited: [certificate.record])
        }
        let verdict = certificateTransparency.judge(certificate)
        let scts = certificate.scts?.count ?? 0
        let text = verdict.status == .pass ? "certificate \(name): \(scts) SCT\(scts == 1 ? "" : "s")" : verdict.reason
        return InputFinding(status: verdict.status == .notApplicable ? .pass : verdict.status, text: text, cited: [certificate.record])
    }

    /// Serials compare as numbers: lowercase hex without leading zeros (DER adds one to high-bit serials).
    static func normalized(_ serial: String) -> String {
        let digits = serial.lowercased().filter(\.isHexDigit).drop { $0 == "0" }
        return digits.isEmpty ? "0" : String(digits)
    }
}
