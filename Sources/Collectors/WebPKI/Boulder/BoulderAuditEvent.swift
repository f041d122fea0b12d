import EvidenceModel
import Foundation

/// The audit events the `boulder-audit` collector keeps, turned into records' data through their
/// kinds' models (``IssuanceDecisionEvidence``, ``ValidationResultEvidence``).
///
/// - `Certificate request - successful|error` (boulder-ra, `certificateRequestEvent`): one
///   `issuance.decision` per identifier, data `outcome` (successful|error), `id`, `requester`,
///   `order_id`, `serial_number`, `common_name`, `identifier` {type, value}, `wildcard`, `authz`,
///   `challenge`, `validated`, `identifiers` (all of the request), `not_before`, `not_after`,
///   `request_time`, `response_time`, `error`, `profile`, `previous_certificate_issued`,
///   `user_agent`. Older Boulders log `Names` and an `Authorizations` map instead of `Identifiers`.
/// - `Validation result` (DCV) and `CAA check result` (boulder-va, `validationLogEvent`): one
///   `validation.result`, data `check_type` dcv|caa, `role` (primary, or remote: a line without
///   `Summary` from a `*remoteva*` binary), `authz_id`, `requester`, `identifier`, `wildcard`,
///   `challenge` (whole), `challenge_type`, `status`, `error`, `internal_error`, `latency_seconds`,
///   and `summary` {passedPerspectives, failedPerspectives, passedRIRs, quorumResult} when logged.
///
/// Every record carries `log` (line number, host, binary, pid, severity, time) and is observed at
/// the line's timestamp, so a domain's records read in the order the CA decided.
enum BoulderAuditEvent {
    static let issuanceMessages = ["Certificate request - successful": "successful", "Certificate request - error": "error"]
    static let validationMessages = ["Validation result": "dcv", "CAA check result": "caa"]

    static func records(_ event: JSONNode, message: String, line: BoulderLogLine) throws(CollectionFailure) -> [(String, String, [String: JSONValue])] {
        if let outcome = issuanceMessages[message] {
            return try issuance(event, outcome: outcome, line: line).map { (EvidenceKind.issuanceDecision, $0.0, $0.1) }
        }
        if let checkType = validationMessages[message] {
            let (subject, validation) = try validation(event, checkType: checkType, line: line)
            return [(EvidenceKind.validationResult, subject, validation.data)]
        }
        return []
    }

    /// One decision's data per identifier of the request, through ``IssuanceDecisionEvidence``.
    private static func issuance(_ event: JSONNode, outcome: String, line: BoulderLogLine) throws(CollectionFailure) -> [(String, [String: JSONValue])] {
        var request = IssuanceDecisionEvidence.Request(outcome: outcome, identifiers: [], log: line.audit)
        request.id = try event.optionalString("ID")
        request.serialNumber = try event.optionalString("SerialNumber")
        request.commonName = try event.optionalString("CommonName")
        request.error = try event.optionalString("Error")
        request.profile = try event.optionalString("CertProfileName")
        request.profileHash = try event.optionalString("CertProfileHash")
        request.userAgent = try event.optionalString("UserAgent")
        request.requester = try event.optionalInteger("Requester")
        request.orderID = try event.optionalInteger("OrderID")
        request.notBefore = try date(event, "NotBefore")
        request.notAfter = try date(event, "NotAfter")
        request.requestTime = try date(event, "RequestTime")
        request.responseTime = try date(event, "ResponseTime")
        request.previousCertificateIssued = try date(event, "PreviousCertificateIssued")
        let subjects: [String]
        (subjects, request.identifiers) = try requestIdentifiers(event)
        if request.identifiers.isEmpty { throw event.failure("no Identifiers (or Names): the request names no identifier") }
        return Array(zip(subjects, IssuanceDecisionEvidence.dataOfEachDecision(on: request)))
    }

    /// The request's identifiers, with the subject of each.
    private static func requestIdentifiers(
        _ event: JSONNode
    ) throws(CollectionFailure) -> ([String], [IssuanceDecisionEvidence.RequestedIdentifier]) {
        var subjects: [String] = []
        var found: [IssuanceDecisionEvidence.RequestedIdentifier] = []
        if let list = event.member("Identifiers") {
            for entry in try list.elements() {
                let (subject, identifier, wildcard) = try identifierValue(try entry.required("Ident"))
                subjects.append(subject)
                found.append(
                    IssuanceDecisionEvidence.RequestedIdentifier(
                        identifier: identifier, wildcard: wildcard, authz: try entry.optionalString("Authz"),
                        challenge: try entry.optionalString("Challenge"), validated: try date(entry, "Validated")))
            }
            return (subjects, found)
        }
        let authorizations = event.member("Authorizations")
        for name in try event.member("Names")?.elements() ?? [] {
            let (subject, identifier, wildcard) = try identifierValue(name)
            var requested = IssuanceDecisionEvidence.RequestedIdentifier(identifier: identifier, wildcard: wildcard)
            if let authz = authorizations?.member(try name.string()) {
                requested.authz = try authz.optionalString("ID")
                requested.challenge = try authz.optionalString("ChallengeType")
            }
            subjects.append(subject)
            found.append(requested)
        }
        return (subjects, found)
    }

    private static func validation(
        _ event: JSONNode, checkType: String, line: BoulderLogLine
    ) throws(CollectionFailure) -> (String, ValidationResultEvidence) {
        let (subject, identifier, wildcard) = try identifierValue(try event.required("Identifier"))
        let challenge = event.member("Challenge")
        var validation = ValidationResultEvidence(checkType: checkType, identifier: identifier, wildcard: wildcard, error: "")
        validation.target = identifier.value
        validation.validatedAt = line.time
        validation.log = line.audit
        validation.challenge = try challenge?.object() ?? [:]
        validation.authzID = try event.optionalString("AuthzID")
        validation.requester = try event.optionalInteger("Requester")
        if let type = try challenge?.optionalString("type"), !type.isEmpty {
            validation.challengeType = type
            validation.validationMethod = type
        } else if checkType == "caa" {
            validation.validationMethod = "caa"
        }
        let error = try event.optionalString("Error") ?? ""
        validation.error = error
        validation.internalError = try event.optionalString("InternalError")
        validation.latencySeconds = try event.member("Latency")?.number()
        // CAA lines carry no challenge status: the check passed when no error was logged.
        let status = try challenge?.optionalString("status") ?? ""
        validation.status = status.isEmpty || checkType == "caa" ? (error.isEmpty ? "valid" : "invalid") : status
        if let summary = event.member("Summary") {
            func names(_ key: String) throws(CollectionFailure) -> [String] {
                var list: [String] = []
                for name in try summary.member(key)?.elements() ?? [] { list.append(try name.string()) }
                return list
            }
            let (passed, failed, rirs) = (try names("passedPerspectives"), try names("failedPerspectives"), try names("passedRIRs"))
            let quorumNode = try summary.required("quorumResult")
            let quorum = try quorumNode.string()
            let parts = quorum.split(separator: "/")
            guard parts.count == 2, parts.allSatisfy({ Int($0) != nil }) else {
                throw quorumNode.failure("expected 'n/m', found '\(quorum)'")
            }
            validation.summary = ValidationResultEvidence.Summary(
                passedPerspectives: passed, failedPerspectives: failed, passedRIRs: rirs, quorumResult: quorum)
            validation.role = "primary"
        } else {
            validation.role = line.binary.contains("remoteva") ? "remote" : "primary"
        }
        return (subject, validation)
    }

    /// An optional timestamp, nil also when Go wrote its zero time.
    private static func date(_ node: JSONNode, _ key: String) throws(CollectionFailure) -> Date? {
        guard let date = try node.optionalTimestamp(key), !isGoZeroTime(date) else { return nil }
        return date
    }

    /// `{"type": "dns", "value": "*.Example.net"}` (or a bare string, as older Boulders log) →
    /// `domain:example.net`, the identifier as logged, and whether it was a wildcard.
    private static func identifierValue(
        _ node: JSONNode
    ) throws(CollectionFailure) -> (String, IssuanceDecisionEvidence.Identifier, Bool) {
        let identifier: IssuanceDecisionEvidence.Identifier
        if case .string(let text) = node.value {
            identifier = IssuanceDecisionEvidence.Identifier(type: "dns", value: text)
        } else {
            let value = try node.required("value").nonEmptyString()
            identifier = IssuanceDecisionEvidence.Identifier(type: try node.optionalString("type") ?? "dns", value: value)
        }
        let value = identifier.value
        var name = value.lowercased()
        let wildcard = name.hasPrefix("*.")
        if wildcard { name.removeFirst(2) }
        if name.hasSuffix(".") { name.removeLast() }
        if name.isEmpty { throw node.failure("empty identifier") }
        return ("domain:\(name)", identifier, wildcard)
    }

    /// Go writes an unset `time.Time` as `0001-01-01T00:00:00Z` (a failed request's NotBefore): absent, not a date.
    private static func isGoZeroTime(_ date: Date) -> Bool { date.timeIntervalSince1970 < -62_135_596_000 }
}
