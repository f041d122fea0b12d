import Foundation

/// The `validation.result` kind, the one model of its record's data: a domain-control validation
/// (`Validation result`) or CAA check (`CAA check result`) as a Boulder VA logs it. The
/// `boulder-audit` collector writes it; the decision log and the MPIC and issuance checks read it.
///
/// The primary VA's line carries the quorum ``Summary``; a remote VA's line (`role` remote) is one
/// perspective. Written, a field left nil is left out. Read back, a field missing or of another
/// type reads as nil (the readers then say what they could not tell); a record is never refused.
public struct ValidationResultEvidence: Sendable, Hashable {
    /// The primary VA's account of the corroboration (Boulder `Summary`).
    public struct Summary: Sendable, Hashable {
        public var passedPerspectives: [String]
        public var failedPerspectives: [String]
        public var passedRIRs: [String]
        /// `n/m`: corroborations and remote perspectives asked.
        public var quorumResult: String?

        public init(passedPerspectives: [String], failedPerspectives: [String], passedRIRs: [String], quorumResult: String?) {
            self.passedPerspectives = passedPerspectives
            self.failedPerspectives = failedPerspectives
            self.passedRIRs = passedRIRs
            self.quorumResult = quorumResult
        }

        /// `{"passedPerspectives", "failedPerspectives", "passedRIRs", "quorumResult"}`, Boulder's names.
        public var json: JSONValue {
            var json: [String: JSONValue] = [
                "passedPerspectives": .array(passedPerspectives.map(JSONValue.string)),
                "failedPerspectives": .array(failedPerspectives.map(JSONValue.string)),
                "passedRIRs": .array(passedRIRs.map(JSONValue.string)),
            ]
            json["quorumResult"] = quorumResult.map(JSONValue.string)
            return .object(json)
        }

        /// `quorumResult` as numbers; nil unless it is `n/m`.
        public var quorum: (corroborated: Int, of: Int)? {
            let parts = (quorumResult ?? "").split(separator: "/").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }

        init(json: JSONValue) {
            func names(_ key: String) -> [String] { (json[key]?.arrayValue ?? []).compactMap(\.stringValue) }
            self.init(
                passedPerspectives: names("passedPerspectives"), failedPerspectives: names("failedPerspectives"),
                passedRIRs: names("passedRIRs"), quorumResult: json["quorumResult"]?.stringValue)
        }
    }

    /// `dcv` or `caa`.
    public var checkType: String?
    public var identifier: IssuanceDecisionEvidence.Identifier?
    public var wildcard: Bool
    /// The identifier's value, as the Open MPIC records name theirs.
    public var target: String?
    /// When the VA logged its result.
    public var validatedAt: Date?
    public var log: BoulderAuditLine?
    /// The whole log file's counts (``BoulderAuditLine/logFileKey``).
    public var logFile: [String: Int]?
    /// The challenge as logged, whole (empty for a CAA check).
    public var challenge: [String: JSONValue]?
    public var authzID: String?
    public var requester: Int?
    public var challengeType: String?
    /// The challenge type, or `caa` for a CAA check.
    public var validationMethod: String?
    /// What the VA logged as `Error` (empty when none).
    public var error: String
    public var internalError: String?
    public var latencySeconds: Double?
    /// `valid` or `invalid` (a CAA check: valid when no error was logged).
    public var status: String?
    public var summary: Summary?
    /// `primary`, or `remote` for a remote VA's own line.
    public var role: String?

    public init(checkType: String?, identifier: IssuanceDecisionEvidence.Identifier?, wildcard: Bool, error: String) {
        self.checkType = checkType
        self.identifier = identifier
        self.wildcard = wildcard
        self.error = error
    }

    /// The Boulder message of the line: `CAA check result` or `Validation result`.
    public var event: String { checkType == "caa" ? "CAA check result" : "Validation result" }

    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = ["wildcard": .bool(wildcard), "error": .string(error)]
        if let checkType {
            data["event"] = .string(event)
            data["check_type"] = .string(checkType)
        }
        data["identifier"] = identifier?.json
        let texts: [(String, String?)] = [
            ("target", target), ("authz_id", authzID), ("challenge_type", challengeType), ("validation_method", validationMethod),
            ("internal_error", internalError), ("status", status), ("role", role),
        ]
        for (key, value) in texts { data[key] = value.map(JSONValue.string) }
        data["validated_at"] = validatedAt.map { .string(Timestamp.format($0)) }
        data["log"] = log?.json
        data[BoulderAuditLine.logFileKey] = logFile.map(BoulderAuditLine.logFile)
        data["challenge"] = challenge.map(JSONValue.object)
        data["requester"] = requester.map { .number(Double($0)) }
        data["latency_seconds"] = latencySeconds.map(JSONValue.number)
        data["summary"] = summary?.json
        return data
    }

    /// Reads a `validation.result` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.validationResult)
        let data = record.data
        self.init(
            checkType: data["check_type"]?.stringValue, identifier: IssuanceDecisionEvidence.Identifier(json: data["identifier"]),
            wildcard: data["wildcard"]?.boolValue ?? false, error: data["error"]?.stringValue ?? "")
        target = data["target"]?.stringValue
        validatedAt = KindField.date(data["validated_at"])
        log = BoulderAuditLine(json: data["log"])
        logFile = BoulderAuditLine.logFile(data[BoulderAuditLine.logFileKey])
        challenge = data["challenge"]?.objectValue
        authzID = data["authz_id"]?.stringValue
        requester = KindField.integer(data["requester"])
        challengeType = data["challenge_type"]?.stringValue
        validationMethod = data["validation_method"]?.stringValue
        internalError = data["internal_error"]?.stringValue
        latencySeconds = data["latency_seconds"]?.doubleValue
        status = data["status"]?.stringValue
        summary = data["summary"].flatMap { $0.objectValue == nil ? nil : Summary(json: $0) }
        role = data["role"]?.stringValue
    }
}
