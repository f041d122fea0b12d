import Foundation

/// The `issuance.decision` kind, the one model of its record's data: a CA's decision on one
/// identifier of a certificate request, as Boulder's RA logs it (`Certificate request - successful`
/// or `- error`). The `boulder-audit` collector writes one per identifier of a request; the decision
/// log and `issuance_justified` read it.
///
/// The data is the request's (the same in the decision of each of its identifiers) and, over it,
/// the decided identifier's. Written, a field left nil is left out. Read back, a field missing or
/// of another type reads as nil (the readers then say what they could not tell); a record is never
/// refused.
public struct IssuanceDecisionEvidence: Sendable, Hashable {
    /// An identifier as requested: `{"type": "dns", "value": "*.Example.net"}`.
    public struct Identifier: Sendable, Hashable {
        public var type: String
        /// As requested: a wildcard keeps its `*.`.
        public var value: String

        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }

        public var json: JSONValue { ["type": .string(type), "value": .string(value)] }

        /// Nil when `value` is not a text; a missing `type` reads as `dns`.
        public init?(json: JSONValue?) {
            guard let value = json?["value"]?.stringValue else { return nil }
            self.init(type: json?["type"]?.stringValue ?? "dns", value: value)
        }
    }

    /// One identifier of the request and the authorization the CA relied on for it.
    public struct RequestedIdentifier: Sendable, Hashable {
        public var identifier: Identifier?
        public var wildcard: Bool
        /// The authorization's id, and the challenge type that validated it, when logged.
        public var authz: String?
        public var challenge: String?
        public var validated: Date?

        public init(identifier: Identifier?, wildcard: Bool, authz: String? = nil, challenge: String? = nil, validated: Date? = nil) {
            self.identifier = identifier
            self.wildcard = wildcard
            self.authz = authz
            self.challenge = challenge
            self.validated = validated
        }

        /// `identifier`, `wildcard`, `authz`, `challenge`, `validated`.
        public var data: [String: JSONValue] {
            var data: [String: JSONValue] = ["wildcard": .bool(wildcard)]
            data["identifier"] = identifier?.json
            data["authz"] = authz.map(JSONValue.string)
            data["challenge"] = challenge.map(JSONValue.string)
            data["validated"] = validated.map { .string(Timestamp.format($0)) }
            return data
        }

        init(data: [String: JSONValue]) {
            self.init(
                identifier: Identifier(json: data["identifier"]), wildcard: data["wildcard"]?.boolValue ?? false,
                authz: data["authz"]?.stringValue, challenge: data["challenge"]?.stringValue, validated: KindField.date(data["validated"]))
        }
    }

    /// What the request says, the same in the decision of each of its identifiers.
    public struct Request: Sendable, Hashable {
        /// `successful`, or `error` when the CA refused it.
        public var outcome: String?
        /// The RA's id of the request.
        public var id: String?
        /// The ACME account and order.
        public var requester: Int?
        public var orderID: Int?
        public var serialNumber: String?
        public var commonName: String?
        public var error: String?
        public var profile: String?
        public var profileHash: String?
        public var userAgent: String?
        public var notBefore: Date?
        public var notAfter: Date?
        public var requestTime: Date?
        /// When the RA answered: the certificate is signed between the request and it.
        public var responseTime: Date?
        public var previousCertificateIssued: Date?
        /// Every identifier of the request, in the order logged.
        public var identifiers: [RequestedIdentifier]
        public var log: BoulderAuditLine?
        /// The whole log file's counts (``BoulderAuditLine/logFileKey``).
        public var logFile: [String: Int]?

        public init(outcome: String?, identifiers: [RequestedIdentifier], log: BoulderAuditLine?) {
            self.outcome = outcome
            self.identifiers = identifiers
            self.log = log
        }

        /// The request's part of each decision's data, given its identifiers' data.
        func data(identifiers: [[String: JSONValue]]) -> [String: JSONValue] {
            var data: [String: JSONValue] = ["identifiers": .array(identifiers.map(JSONValue.object))]
            if let outcome {
                data["event"] = .string("Certificate request - \(outcome)")
                data["outcome"] = .string(outcome)
            }
            data["log"] = log?.json
            let texts: [(String, String?)] = [
                ("id", id), ("serial_number", serialNumber), ("common_name", commonName), ("error", error), ("profile", profile),
                ("profile_hash", profileHash), ("user_agent", userAgent),
            ]
            for (key, value) in texts { data[key] = value.map(JSONValue.string) }
            data["requester"] = requester.map { .number(Double($0)) }
            data["order_id"] = orderID.map { .number(Double($0)) }
            let dates: [(String, Date?)] = [
                ("not_before", notBefore), ("not_after", notAfter), ("request_time", requestTime), ("response_time", responseTime),
                ("previous_certificate_issued", previousCertificateIssued),
            ]
            for (key, value) in dates { data[key] = value.map { .string(Timestamp.format($0)) } }
            data[BoulderAuditLine.logFileKey] = logFile.map(BoulderAuditLine.logFile)
            return data
        }

        init(data: [String: JSONValue]) {
            self.init(
                outcome: data["outcome"]?.stringValue,
                identifiers: (data["identifiers"]?.arrayValue ?? []).map { RequestedIdentifier(data: $0.objectValue ?? [:]) },
                log: BoulderAuditLine(json: data["log"]))
            id = data["id"]?.stringValue
            requester = KindField.integer(data["requester"])
            orderID = KindField.integer(data["order_id"])
            serialNumber = data["serial_number"]?.stringValue
            commonName = data["common_name"]?.stringValue
            error = data["error"]?.stringValue
            profile = data["profile"]?.stringValue
            profileHash = data["profile_hash"]?.stringValue
            userAgent = data["user_agent"]?.stringValue
            notBefore = KindField.date(data["not_before"])
            notAfter = KindField.date(data["not_after"])
            requestTime = KindField.date(data["request_time"])
            responseTime = KindField.date(data["response_time"])
            previousCertificateIssued = KindField.date(data["previous_certificate_issued"])
            logFile = BoulderAuditLine.logFile(data[BoulderAuditLine.logFileKey])
        }
    }

    public var request: Request
    /// The identifier this decision is about, one of the request's.
    public var decided: RequestedIdentifier

    public init(request: Request, decided: RequestedIdentifier) {
        self.request = request
        self.decided = decided
    }

    public var data: [String: JSONValue] {
        request.data(identifiers: request.identifiers.map(\.data)).merging(decided.data) { _, own in own }
    }

    /// The data of the decision on each of the request's identifiers, in their order: each
    /// identifier's data built once, the request's part once for all of them.
    public static func dataOfEachDecision(on request: Request) -> [[String: JSONValue]] {
        let identifiers = request.identifiers.map(\.data)
        let shared = request.data(identifiers: identifiers)
        return identifiers.map { shared.merging($0) { _, own in own } }
    }

    /// Reads an `issuance.decision` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.issuanceDecision)
        self.init(request: Request(data: record.data), decided: RequestedIdentifier(data: record.data))
    }
}
