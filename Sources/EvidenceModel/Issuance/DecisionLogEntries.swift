import Foundation

/// The lines of a ``DecisionLog`` one record contributes, from what its collector put in `data`
/// (boulder-audit, mpic, x509; see each collector's documentation).
enum DecisionLogEntries {
    typealias Entry = DecisionLog.Entry

    static func entries(of record: EvidenceRecord) -> [Entry] {
        switch record.kind {
        case EvidenceKind.issuanceDecision: (try? IssuanceDecisionEvidence(record: record)).map { decision($0, record: record) } ?? []
        case EvidenceKind.validationResult: (try? ValidationResultEvidence(record: record)).map { [validation($0, record: record)] } ?? []
        case EvidenceKind.mpicResult: (try? MPICResultEvidence(record: record)).map { mpic($0, record: record) } ?? []
        case EvidenceKind.certificate: certificate(record)
        default: []
        }
    }

    /// The request (from the decision's request fields), then the decision for this identifier.
    static func decision(_ decision: IssuanceDecisionEvidence, record: EvidenceRecord) -> [Entry] {
        let request = decision.request
        var requested: [String] = []
        if let account = request.requester { requested.append("account \(account)") }
        if let order = request.orderID { requested.append("order \(order)") }
        let identifiers = request.identifiers.compactMap(\.identifier?.value)
        if !identifiers.isEmpty { requested.append("for \(identifiers.joined(separator: ", "))") }
        if let agent = request.userAgent { requested.append("by \(agent)") }

        let outcome = request.outcome ?? "unknown"
        let decided = decision.decided
        var parts = ["\(outcome): \(decided.identifier?.value ?? "?")"]
        if let authz = decided.authz { parts.append("authz \(authz)") }
        if let challenge = decided.challenge { parts.append(challenge) }
        if let validated = decided.validated { parts.append("validated \(Timestamp.format(validated))") }
        if let serial = request.serialNumber { parts.append("serial \(serial)") }
        if let error = request.error, !error.isEmpty { parts.append("error: \(error)") }
        return [
            Entry(
                step: .request, time: request.requestTime, text: requested.isEmpty ? "request" : requested.joined(separator: ", "),
                recordID: record.id, isSuccess: true),
            Entry(
                step: .decision, time: record.observedAt, text: parts.joined(separator: ", "), recordID: record.id,
                isSuccess: outcome == "successful"),
        ]
    }

    /// A Boulder VA line: one perspective (remote), or the primary with the quorum summary.
    private static func validation(_ validation: ValidationResultEvidence, record: EvidenceRecord) -> Entry {
        let isCAA = validation.checkType == "caa"
        let status = validation.status ?? "unknown"
        var parts = [isCAA ? "CAA" : validation.challengeType ?? "dcv"]
        parts.append("\(validation.role ?? "primary") \(validation.log?.host ?? "?"): \(status)")
        if let summary = validation.summary {
            let passed = summary.passedPerspectives.joined(separator: ", ")
            let failed = summary.failedPerspectives.joined(separator: ", ")
            var quorum = "quorum \(summary.quorumResult ?? "?")"
            if !passed.isEmpty { quorum += ", passed \(passed)" }
            if !failed.isEmpty { quorum += ", failed \(failed)" }
            let rirs = summary.passedRIRs.joined(separator: ", ")
            if !rirs.isEmpty { quorum += ", RIRs \(rirs)" }
            parts.append(quorum)
        }
        if !validation.error.isEmpty { parts.append("error: \(validation.error)") }
        if let authz = validation.authzID { parts.append("authz \(authz)") }
        return Entry(
            step: isCAA ? .caa : .validation, time: record.observedAt, text: parts.joined(separator: " "),
            recordID: record.id, isSuccess: status == "valid")
    }

    /// An Open MPIC response: its verdict, then one line per perspective.
    private static func mpic(_ response: MPICResultEvidence, record: EvidenceRecord) -> [Entry] {
        let isCAA = response.checkType == "caa"
        let step: DecisionLog.Step = isCAA ? .caa : .validation
        let method = isCAA ? "CAA" : response.validationMethod ?? "dcv"
        let perspectives = response.perspectives
        let passed = perspectives.filter(\.checkPassed).count
        let valid = response.isValid
        var entries = [
            Entry(
                step: step, time: record.observedAt,
                text: "\(method) mpic: \(passed)/\(perspectives.count) perspectives passed (is_valid \(valid))",
                recordID: record.id, isSuccess: valid)
        ]
        for perspective in perspectives {
            let code = perspective.code ?? "?"
            let ok = perspective.checkPassed
            var text = "\(method) perspective \(code): \(ok ? "passed" : "failed")"
            let errors = perspective.errors.compactMap { $0.message ?? $0.type }
            if !errors.isEmpty { text += " (\(errors.joined(separator: "; ")))" }
            let time = perspective.timestamp ?? record.observedAt
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
