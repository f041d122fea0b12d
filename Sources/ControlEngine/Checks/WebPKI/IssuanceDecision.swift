import EvidenceModel
import Foundation

/// Reads an `issuance.decision` record (the schema of the `boulder-audit` collector, documented in
/// `Sources/Collectors/WebPKI/Boulder/BoulderAuditEvent.swift`): one identifier of one request.
struct IssuanceDecision {
    let record: EvidenceRecord

    private var data: [String: JSONValue] { record.data }

    /// `successful` or `error` (issuance refused).
    var outcome: String { data["outcome"]?.stringValue ?? "" }
    var error: String { data["error"]?.stringValue ?? "" }
    /// The identifier as requested (`*.example.net` for a wildcard).
    var identifier: String { data["identifier"]?["value"]?.stringValue ?? record.subject }
    /// The authorization the CA relied on for this identifier, when logged.
    var authorization: String? { data["authz"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    var serial: String? { data["serial_number"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }

    /// Every identifier of the request, lowercased, as a certificate's `names` lists them.
    var requestedNames: Set<String> {
        let listed = (data["identifiers"]?.arrayValue ?? []).compactMap { $0["identifier"]?["value"]?.stringValue }
        return Set((listed.isEmpty ? [identifier] : listed).map { $0.lowercased() })
    }

    /// When the CA issued: the RA's `ResponseTime` (the certificate is signed between the request and
    /// it), else the time the decision was logged.
    var issuedAt: Date { data["response_time"]?.stringValue.flatMap(Timestamp.parse) ?? record.observedAt }
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
