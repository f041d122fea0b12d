import Foundation

/// The lines of a ``DecisionLog`` one record contributes, from what its collector put in `data`
/// (boulder-audit, mpic, x509; see each collector's documentation).
enum DecisionLogEntries {
    typealias Entry = DecisionLog.Entry

    static func entries(of record: EvidenceRecord) -> [Entry] {
        switch record.kind {
        case "issuance.decision": decision(record)
        case "validation.result": [validation(record)]
        case "mpic.result": mpic(record)
        case EvidenceKind.certificate: certificate(record)
        default: []
        }
    }

    /// The request (from the decision's request fields), then the decision for this identifier.
    private static func decision(_ record: EvidenceRecord) -> [Entry] {
        let data = record.data
        var request: [String] = []
        if let account = data["requester"] { request.append("account \(account.compactText)") }
        if let order = data["order_id"] { request.append("order \(order.compactText)") }
        let identifiers = (data["identifiers"]?.arrayValue ?? []).compactMap { $0["identifier"]?["value"]?.stringValue }
        if !identifiers.isEmpty { request.append("for \(identifiers.joined(separator: ", "))") }
        if let agent = data["user_agent"]?.stringValue { request.append("by \(agent)") }
        let requestTime = data["request_time"]?.stringValue.flatMap(Timestamp.parse)

        let outcome = data["outcome"]?.stringValue ?? "unknown"
        var decided = ["\(outcome): \(data["identifier"]?["value"]?.stringValue ?? "?")"]
        if let authz = data["authz"]?.stringValue { decided.append("authz \(authz)") }
        if let challenge = data["challenge"]?.stringValue { decided.append(challenge) }
        if let validated = data["validated"]?.stringValue { decided.append("validated \(validated)") }
        if let serial = data["serial_number"]?.stringValue { decided.append("serial \(serial)") }
        if let error = data["error"]?.stringValue, !error.isEmpty { decided.append("error: \(error)") }
        return [
            Entry(
                step: .request, time: requestTime, text: request.isEmpty ? "request" : request.joined(separator: ", "),
                recordID: record.id, isSuccess: true),
            Entry(
                step: .decision, time: record.observedAt, text: decided.joined(separator: ", "), recordID: record.id,
                isSuccess: outcome == "successful"),
        ]
    }

    /// A Boulder VA line: one perspective (remote), or the primary with the quorum summary.
    private static func validation(_ record: EvidenceRecord) -> Entry {
        let data = record.data
        let isCAA = data["check_type"]?.stringValue == "caa"
        let status = data["status"]?.stringValue ?? "unknown"
        var parts = [isCAA ? "CAA" : data["challenge_type"]?.stringValue ?? "dcv"]
        parts.append("\(data["role"]?.stringValue ?? "primary") \(data["log"]?["host"]?.stringValue ?? "?"): \(status)")
        if let summary = data["summary"] {
            let passed = names(summary["passedPerspectives"])
            let failed = names(summary["failedPerspectives"])
            var quorum = "quorum \(summary["quorumResult"]?.stringValue ?? "?")"
            if !passed.isEmpty { quorum += ", passed \(passed)" }
            if !failed.isEmpty { quorum += ", failed \(failed)" }
            let rirs = names(summary["passedRIRs"])
            if !rirs.isEmpty { quorum += ", RIRs \(rirs)" }
            parts.append(quorum)
        }
        if let error = data["error"]?.stringValue, !error.isEmpty { parts.append("error: \(error)") }
        if let authz = data["authz_id"]?.stringValue { parts.append("authz \(authz)") }
        return Entry(
            step: isCAA ? .caa : .validation, time: record.observedAt, text: parts.joined(separator: " "),
            recordID: record.id, isSuccess: status == "valid")
    }

    /// An Open MPIC response: its verdict, then one line per perspective.
    private static func mpic(_ record: EvidenceRecord) -> [Entry] {
        let data = record.data
        let isCAA = data["check_type"]?.stringValue == "caa"
        let step: DecisionLog.Step = isCAA ? .caa : .validation
        let method = isCAA ? "CAA" : data["validation_method"]?.stringValue ?? "dcv"
        let perspectives = data["perspectives"]?.arrayValue ?? []
        let passed = perspectives.filter { $0["check_passed"]?.boolValue == true }.count
        let valid = data["is_valid"]?.boolValue == true
        var entries = [
            Entry(
                step: step, time: record.observedAt,
                text: "\(method) mpic: \(passed)/\(perspectives.count) perspectives passed (is_valid \(valid))",
                recordID: record.id, isSuccess: valid)
        ]
        for perspective in perspectives {
            let code = perspective["code"]?.stringValue ?? "?"
            let ok = perspective["check_passed"]?.boolValue == true
            var text = "\(method) perspective \(code): \(ok ? "passed" : "failed")"
            let errors = (perspective["errors"]?.arrayValue ?? []).compactMap { $0["error_message"]?.stringValue ?? $0["error_type"]?.stringValue }
            if !errors.isEmpty { text += " (\(errors.joined(separator: "; ")))" }
            let time = perspective["timestamp"]?.stringValue.flatMap(Timestamp.parse) ?? record.observedAt
            entries.append(Entry(step: step, time: time, text: text, recordID: record.id, isSuccess: ok))
        }
        return entries
    }

    /// The certificate (serial, names, validity, issuer), then its SCTs.
    private static func certificate(_ record: EvidenceRecord) -> [Entry] {
        guard let certificate = try? CertificateEvidence(record: record) else { return [] }
        var parts = ["serial \(certificate.serial ?? "?")"]
        let names = names(record.data["names"])
        if !names.isEmpty { parts.append("names \(names)") }
        if let notBefore = certificate.notBefore, let notAfter = certificate.notAfter {
            parts.append("valid \(Timestamp.format(notBefore)) to \(Timestamp.format(notAfter))")
        }
        if let issuer = certificate.issuerDN { parts.append("issuer \(issuer)") }
        if certificate.isPrecertificate == true { parts.append("precertificate") }
        let time = certificate.notBefore ?? record.observedAt
        var entries = [Entry(step: .certificate, time: time, text: parts.joined(separator: ", "), recordID: record.id, isSuccess: true)]
        for sct in certificate.scts ?? [] {
            entries.append(
                Entry(
                    step: .sct, time: sct.timestamp, text: "logged in \(sct.logID.isEmpty ? "?" : sct.logID)", recordID: record.id,
                    isSuccess: true))
        }
        if entries.count == 1 {
            entries.append(Entry(step: .sct, time: nil, text: "no SCT in the certificate", recordID: record.id, isSuccess: false))
        }
        return entries
    }

    private static func names(_ value: JSONValue?) -> String {
        (value?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
    }
}
