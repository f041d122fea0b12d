import EvidenceModel
import Foundation

/// The audit events the `boulder-audit` collector keeps, turned into records.
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
            return try issuance(event, outcome: outcome, line: line).map { ("issuance.decision", $0.0, $0.1) }
        }
        if let checkType = validationMessages[message] {
            let (subject, data) = try validation(event, checkType: checkType, line: line)
            return [("validation.result", subject, data)]
        }
        return []
    }

    private static func issuance(_ event: JSONNode, outcome: String, line: BoulderLogLine) throws(CollectionFailure) -> [(String, [String: JSONValue])] {
        var common: [String: JSONValue] = [
            "event": .string("Certificate request - \(outcome)"), "outcome": .string(outcome), "log": line.jsonValue,
        ]
        let fields: [(String, String)] = [
            ("ID", "id"), ("SerialNumber", "serial_number"), ("CommonName", "common_name"), ("Error", "error"),
            ("CertProfileName", "profile"), ("CertProfileHash", "profile_hash"), ("UserAgent", "user_agent"),
        ]
        for (key, name) in fields { if let text = try event.optionalString(key) { common[name] = .string(text) } }
        for (key, name) in [("Requester", "requester"), ("OrderID", "order_id")] {
            if let number = try event.optionalInteger(key) { common[name] = .number(Double(number)) }
        }
        for (key, name) in [
            ("NotBefore", "not_before"), ("NotAfter", "not_after"), ("RequestTime", "request_time"),
            ("ResponseTime", "response_time"), ("PreviousCertificateIssued", "previous_certificate_issued"),
        ] {
            if let date = try event.optionalTimestamp(key), !isGoZeroTime(date) { common[name] = .string(Timestamp.format(date)) }
        }
        let identifiers = try requestIdentifiers(event)
        if identifiers.isEmpty { throw event.failure("no Identifiers (or Names): the request names no identifier") }
        common["identifiers"] = .array(identifiers.map { .object($0.data) })
        return identifiers.map { identifier in
            var data = common
            data.merge(identifier.data) { _, new in new }
            return (identifier.subject, data)
        }
    }

    private struct RequestIdentifier {
        let subject: String
        let data: [String: JSONValue]
    }

    private static func requestIdentifiers(_ event: JSONNode) throws(CollectionFailure) -> [RequestIdentifier] {
        var found: [RequestIdentifier] = []
        if let list = event.member("Identifiers") {
            for entry in try list.elements() {
                let ident = try entry.required("Ident")
                let (subject, identifier, wildcard) = try identifierValue(ident)
                var data: [String: JSONValue] = ["identifier": identifier, "wildcard": .bool(wildcard)]
                if let authz = try entry.optionalString("Authz") { data["authz"] = .string(authz) }
                if let challenge = try entry.optionalString("Challenge") { data["challenge"] = .string(challenge) }
                if let validated = try entry.optionalTimestamp("Validated"), !isGoZeroTime(validated) {
                    data["validated"] = .string(Timestamp.format(validated))
                }
                found.append(RequestIdentifier(subject: subject, data: data))
            }
            return found
        }
        let authorizations = event.member("Authorizations")
        for name in try event.member("Names")?.elements() ?? [] {
            let (subject, identifier, wildcard) = try identifierValue(name)
            var data: [String: JSONValue] = ["identifier": identifier, "wildcard": .bool(wildcard)]
            if let authz = authorizations?.member(try name.string()) {
                if let id = try authz.optionalString("ID") { data["authz"] = .string(id) }
                if let type = try authz.optionalString("ChallengeType") { data["challenge"] = .string(type) }
            }
            found.append(RequestIdentifier(subject: subject, data: data))
        }
        return found
    }

    private static func validation(_ event: JSONNode, checkType: String, line: BoulderLogLine) throws(CollectionFailure) -> (String, [String: JSONValue]) {
        let (subject, identifier, wildcard) = try identifierValue(try event.required("Identifier"))
        let challenge = event.member("Challenge")
        var data: [String: JSONValue] = [
            "event": .string(checkType == "caa" ? "CAA check result" : "Validation result"),
            "check_type": .string(checkType), "identifier": identifier, "wildcard": .bool(wildcard),
            "target": identifier["value"] ?? "", "validated_at": .string(Timestamp.format(line.time)),
            "log": line.jsonValue, "challenge": .object(try challenge?.object() ?? [:]),
        ]
        if let id = try event.optionalString("AuthzID") { data["authz_id"] = .string(id) }
        if let requester = try event.optionalInteger("Requester") { data["requester"] = .number(Double(requester)) }
        if let type = try challenge?.optionalString("type"), !type.isEmpty {
            data["challenge_type"] = .string(type)
            data["validation_method"] = .string(type)
        } else if checkType == "caa" {
            data["validation_method"] = "caa"
        }
        let error = try event.optionalString("Error") ?? ""
        data["error"] = .string(error)
        if let internalError = try event.optionalString("InternalError") { data["internal_error"] = .string(internalError) }
        if let latency = try event.member("Latency")?.number() { data["latency_seconds"] = .number(latency) }
        // CAA lines carry no challenge status: the check passed when no error was logged.
        let status = try challenge?.optionalString("status") ?? ""
        data["status"] = .string(status.isEmpty || checkType == "caa" ? (error.isEmpty ? "valid" : "invalid") : status)
        if let summary = event.member("Summary") {
            var normalized: [String: JSONValue] = [:]
            for key in ["passedPerspectives", "failedPerspectives", "passedRIRs"] {
                let names = try summary.member(key)?.elements() ?? []
                var list: [JSONValue] = []
                for name in names { list.append(.string(try name.string())) }
                normalized[key] = .array(list)
            }
            let quorumNode = try summary.required("quorumResult")
            let quorum = try quorumNode.string()
            let parts = quorum.split(separator: "/")
            guard parts.count == 2, parts.allSatisfy({ Int($0) != nil }) else {
                throw quorumNode.failure("expected 'n/m', found '\(quorum)'")
            }
            normalized["quorumResult"] = .string(quorum)
            data["summary"] = .object(normalized)
            data["role"] = "primary"
        } else {
            data["role"] = line.binary.contains("remoteva") ? "remote" : "primary"
        }
        return (subject, data)
    }

    /// `{"type": "dns", "value": "*.Example.net"}` (or a bare string, as older Boulders log) →
    /// `domain:example.net`, the identifier as logged, and whether it was a wildcard.
    private static func identifierValue(_ node: JSONNode) throws(CollectionFailure) -> (String, JSONValue, Bool) {
        let value: String
        let identifier: JSONValue
        if case .string(let text) = node.value {
            value = text
            identifier = ["type": "dns", "value": .string(text)]
        } else {
            value = try node.required("value").nonEmptyString()
            identifier = ["type": .string(try node.optionalString("type") ?? "dns"), "value": .string(value)]
        }
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
