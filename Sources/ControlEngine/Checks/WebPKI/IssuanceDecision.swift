import EvidenceModel
import Foundation

/// An `issuance.decision` record as `issuance_justified` reads it, through the kind's one model
/// (``IssuanceDecisionEvidence``): one identifier of one request.
struct IssuanceDecision {
    let record: EvidenceRecord
    let evidence: IssuanceDecisionEvidence

    init(record: EvidenceRecord) {
        self.record = record
        evidence =
            (try? IssuanceDecisionEvidence(record: record))
            ?? IssuanceDecisionEvidence(
                request: .init(outcome: nil, identifiers: [], log: nil), decided: .init(identifier: nil, wildcard: false))
    }

    /// `successful` or `error` (issuance refused).
    var outcome: String { evidence.request.outcome ?? "" }
    var error: String { evidence.request.error ?? "" }
    /// The identifier as requested (`*.example.net` for a wildcard).
    var identifier: String { evidence.decided.identifier?.value ?? record.subject }
    /// The authorization the CA relied on for this identifier, when logged.
    var authorization: String? { evidence.decided.authz.flatMap { $0.isEmpty ? nil : $0 } }
    var serial: String? { evidence.request.serialNumber.flatMap { $0.isEmpty ? nil : $0 } }

    /// Every identifier of the request, lowercased, as a certificate's `names` lists them.
    var requestedNames: Set<String> {
        let listed = evidence.request.identifiers.compactMap(\.identifier?.value)
        return Set((listed.isEmpty ? [identifier] : listed).map { $0.lowercased() })
    }

    /// When the CA issued: the RA's `ResponseTime` (the certificate is signed between the request and
    /// it), else the time the decision was logged.
    var issuedAt: Date { evidence.request.responseTime ?? record.observedAt }
}

/// A time span as a reason shows it, to the second: `13 s`, `8 h 1 s`, `200 days 1 s`.
enum SpanText {
    static func of(_ interval: TimeInterval) -> String {
        let whole = Int(interval.magnitude.rounded(.down))
        if whole == 0 { return "under 1 s" }
        let units = [(whole / 86_400, " day"), (whole % 86_400 / 3_600, " h"), (whole % 3_600 / 60, " min"), (whole % 60, " s")]
        return units.filter { $0.0 > 0 }
            .map { count, unit in "\(count)\(unit)\(unit == " day" && count != 1 ? "s" : "")" }
            .joined(separator: " ")
    }
}
