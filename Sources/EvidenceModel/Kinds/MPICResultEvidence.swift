import Foundation

/// The `mpic.result` kind, the one model of its record's data: one Open MPIC `POST /mpic` response
/// (open-mpic-specification 3.5.0, as open-mpic-core 6.5.0 emits it). The `mpic` collector writes
/// it; the decision log and the MPIC and issuance checks read it.
///
/// `is_valid` and `mpic_completed` are kept as the service said them; the checks judge the
/// perspectives themselves. Written, the parameter sets and the trace id are `null` when the
/// response had none. Read back, a field missing or of another type reads as nil, false or empty
/// (the readers then say what they could not tell); a record is never refused.
public struct MPICResultEvidence: Sendable, Hashable {
    /// One remote perspective's answer (`{"perspective_code", "check_response": {…}}`), normalised.
    public struct Perspective: Sendable, Hashable {
        /// One of its errors: `{"error_type", "error_message"}`.
        public struct Failure: Sendable, Hashable {
            public var type: String?
            public var message: String?

            public init(type: String?, message: String?) {
                self.type = type
                self.message = message
            }
        }

        /// The perspective's code, lowercased (`us-east-2`, `arin.us-east-2`…).
        public var code: String?
        public var checkCompleted: Bool
        public var checkPassed: Bool
        public var errors: [Failure]
        public var checkType: String?
        /// The check's details whole: CAA `records_seen`, `caa_record_present`; DNS `records_seen`,
        /// `response_code`; HTTP `response_status_code`, `response_url`…
        public var details: [String: JSONValue]
        /// `timestamp_ns` exactly (a double cannot hold nanoseconds), and the instant to the millisecond:
        /// read back, the instant is the nanoseconds', as written.
        public var nanoseconds: Int64?
        public var timestamp: Date?

        public init(code: String?, checkCompleted: Bool, checkPassed: Bool, errors: [Failure], checkType: String?, details: [String: JSONValue]) {
            self.code = code
            self.checkCompleted = checkCompleted
            self.checkPassed = checkPassed
            self.errors = errors
            self.checkType = checkType
            self.details = details
        }

        /// Sets `nanoseconds` and the instant it names, to the millisecond.
        public mutating func stamp(nanoseconds: Int64) {
            self.nanoseconds = nanoseconds
            timestamp = Date(timeIntervalSince1970: Double(nanoseconds / 1_000_000) / 1_000)
        }

        /// `code`, `check_completed`, `check_passed`, `errors`, `check_type`, `details`, `timestamp_ns`, `timestamp`.
        public var json: JSONValue {
            var json: [String: JSONValue] = [
                "check_completed": .bool(checkCompleted), "check_passed": .bool(checkPassed), "details": .object(details),
                "errors": .array(
                    errors.map { error in
                        var json: [String: JSONValue] = [:]
                        json["error_type"] = error.type.map(JSONValue.string)
                        json["error_message"] = error.message.map(JSONValue.string)
                        return .object(json)
                    }),
            ]
            json["code"] = code.map(JSONValue.string)
            json["check_type"] = checkType.map(JSONValue.string)
            json["timestamp_ns"] = nanoseconds.map { .string(String($0)) }
            json["timestamp"] = timestamp.map { .string(Timestamp.format($0)) }
            return .object(json)
        }

        public init(json: JSONValue) {
            self.init(
                code: json["code"]?.stringValue, checkCompleted: json["check_completed"]?.boolValue ?? false,
                checkPassed: json["check_passed"]?.boolValue ?? false,
                errors: (json["errors"]?.arrayValue ?? []).map {
                    Failure(type: $0["error_type"]?.stringValue, message: $0["error_message"]?.stringValue)
                },
                checkType: json["check_type"]?.stringValue, details: json["details"]?.objectValue ?? [:])
            if let nanoseconds = json["timestamp_ns"]?.stringValue.flatMap({ Int64($0) }) {
                stamp(nanoseconds: nanoseconds)
            } else {
                timestamp = KindField.date(json["timestamp"])
            }
        }
    }

    /// `caa` or `dcv`.
    public var checkType: String?
    /// `domain_or_ip_target` as sent.
    public var target: String?
    /// The target lowercased, without a trailing dot or a leading `*.`.
    public var domain: String?
    public var wildcard: Bool
    /// What the service said: kept, never trusted by the checks.
    public var isValid: Bool
    public var mpicCompleted: Bool
    /// The DCV method (`acme-http-01`…, `unknown` when not told), or `caa`.
    public var validationMethod: String?
    public var perspectives: [Perspective]
    /// The retries' perspectives, oldest first: not relied on (BR 3.2.2.9).
    public var previousAttempts: [[Perspective]]
    /// The echoed `caa_check_parameters` or `dcv_check_parameters`.
    public var checkParameters: [String: JSONValue]?
    public var requestOrchestrationParameters: [String: JSONValue]?
    /// The parameters the service ran with (`perspective_count`, `quorum_count`, `attempt_count`).
    public var actualOrchestrationParameters: [String: JSONValue]?
    public var traceIdentifier: String?
    /// The latest perspective timestamp: when the attempt finished.
    public var validatedAt: Date?

    public init(checkType: String?, target: String?, domain: String?, wildcard: Bool, isValid: Bool, mpicCompleted: Bool) {
        self.checkType = checkType
        self.target = target
        self.domain = domain
        self.wildcard = wildcard
        self.isValid = isValid
        self.mpicCompleted = mpicCompleted
        perspectives = []
        previousAttempts = []
    }

    /// The quorum the service was configured with (`actual_orchestration_parameters.quorum_count`).
    public var configuredQuorum: Int? { actualOrchestrationParameters?["quorum_count"]?.doubleValue.map { Int($0) } }

    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "wildcard": .bool(wildcard), "is_valid": .bool(isValid), "mpic_completed": .bool(mpicCompleted),
            "perspectives": .array(perspectives.map(\.json)),
            "previous_attempts": .array(previousAttempts.map { .array($0.map(\.json)) }),
            "check_parameters": checkParameters.map(JSONValue.object) ?? .null,
            "request_orchestration_parameters": requestOrchestrationParameters.map(JSONValue.object) ?? .null,
            "actual_orchestration_parameters": actualOrchestrationParameters.map(JSONValue.object) ?? .null,
            "trace_identifier": traceIdentifier.map(JSONValue.string) ?? .null,
        ]
        data["check_type"] = checkType.map(JSONValue.string)
        data["target"] = target.map(JSONValue.string)
        data["domain"] = domain.map(JSONValue.string)
        data["validation_method"] = validationMethod.map(JSONValue.string)
        data["validated_at"] = validatedAt.map { .string(Timestamp.format($0)) }
        return data
    }

    /// Reads an `mpic.result` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.mpicResult)
        let data = record.data
        self.init(
            checkType: data["check_type"]?.stringValue, target: data["target"]?.stringValue, domain: data["domain"]?.stringValue,
            wildcard: data["wildcard"]?.boolValue ?? false, isValid: data["is_valid"]?.boolValue ?? false,
            mpicCompleted: data["mpic_completed"]?.boolValue ?? false)
        validationMethod = data["validation_method"]?.stringValue
        perspectives = (data["perspectives"]?.arrayValue ?? []).map(Perspective.init(json:))
        previousAttempts = (data["previous_attempts"]?.arrayValue ?? []).map { ($0.arrayValue ?? []).map(Perspective.init(json:)) }
        checkParameters = data["check_parameters"]?.objectValue
        requestOrchestrationParameters = data["request_orchestration_parameters"]?.objectValue
        actualOrchestrationParameters = data["actual_orchestration_parameters"]?.objectValue
        traceIdentifier = data["trace_identifier"]?.stringValue
        validatedAt = KindField.date(data["validated_at"])
    }
}
