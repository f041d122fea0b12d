import Foundation

/// The `key.event` and `credential.event` kinds, the one model of their records' data: the
/// `cloudtrail` collector writes them (one CloudTrail record each), `key_rotation` and `credential_age`
/// read them. One type for both, as one CloudTrail record becomes either.
///
/// | field | type | meaning |
/// | --- | --- | --- |
/// | `event_name`, `event_time` | string, RFC 3339 | the API call or service event and when it happened |
/// | `event_source` | string | `kms.amazonaws.com` (a `key.event`) or `iam.amazonaws.com` (a `credential.event`) |
/// | `event_type` | string? | `AwsApiCall`, `AwsServiceEvent` |
/// | `actor` | string | the caller's ARN, or `invokedBy` for service events |
/// | `region` | string? | `awsRegion` |
/// | `native` | object | the CloudTrail record as logged |
/// | `log_file` | object | `{records, ignored}`: how many records the log file held and how many Vigil did not keep |
/// | `key_id` | string | key events: the KMS key id |
/// | `rotation_type` | string? | `RotateKey`, `RotateKeyOnDemand`: `AUTOMATIC`, `ON_DEMAND` |
/// | `rotation_period_days` | number? | `EnableKeyRotation`: `rotationPeriodInDays` |
/// | `deletion_date`, `pending_window_days` | any? | `ScheduleKeyDeletion`, as CloudTrail wrote them (`Aug 10, 2022, 10:38:27 PM`) |
/// | `access_key_id` | string | credential events: the access key |
/// | `user_name`, `status` | string? | the key's user; `Active`/`Inactive` |
///
/// Written, a field left nil is left out of the data. Read back, a field missing or of another type
/// reads as nil; a record of either kind is never refused.
public struct KeyEventEvidence: Sendable, Hashable {
    /// `{records, ignored}` of the log file an event was read from.
    public struct LogFile: Sendable, Hashable {
        public var records: Int?
        public var ignored: Int?

        public init(records: Int?, ignored: Int?) {
            self.records = records
            self.ignored = ignored
        }
    }

    /// ``EvidenceKind/keyEvent`` or ``EvidenceKind/credentialEvent``.
    public let kind: String
    public var eventName: String?
    public var eventTime: Date?
    public var eventSource: String?
    public var eventType: String?
    public var actor: String?
    public var region: String?
    public var native: [String: JSONValue]?
    public var logFile: LogFile?
    public var keyID: String?
    public var rotationType: String?
    public var rotationPeriodDays: Double?
    /// Kept as CloudTrail wrote it: a Java-style date text, not RFC 3339.
    public var deletionDate: JSONValue?
    public var pendingWindowDays: JSONValue?
    public var accessKeyID: String?
    public var userName: String?
    public var status: String?

    /// An event as a collector found it; the fields of its kind are set after.
    public init(kind: String, eventName: String, eventTime: Date, eventSource: String, actor: String, native: [String: JSONValue]) {
        self.kind = kind
        self.eventName = eventName
        self.eventTime = eventTime
        self.eventSource = eventSource
        self.actor = actor
        self.native = native
    }

    public var data: [String: JSONValue] {
        var data = [String: JSONValue](minimumCapacity: 12)
        data["event_name"] = eventName.map(JSONValue.string)
        data["event_time"] = eventTime.map { .string(Timestamp.format($0)) }
        data["event_source"] = eventSource.map(JSONValue.string)
        data["event_type"] = eventType.map(JSONValue.string)
        data["actor"] = actor.map(JSONValue.string)
        data["region"] = region.map(JSONValue.string)
        data["native"] = native.map(JSONValue.object)
        data["log_file"] = logFile.map(\.data)
        data["key_id"] = keyID.map(JSONValue.string)
        data["rotation_type"] = rotationType.map(JSONValue.string)
        data["rotation_period_days"] = rotationPeriodDays.map(JSONValue.number)
        data["deletion_date"] = deletionDate
        data["pending_window_days"] = pendingWindowDays
        data["access_key_id"] = accessKeyID.map(JSONValue.string)
        data["user_name"] = userName.map(JSONValue.string)
        data["status"] = status.map(JSONValue.string)
        return data
    }

    /// Reads a `key.event` or `credential.event` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, isOneOf: [EvidenceKind.keyEvent, EvidenceKind.credentialEvent])
        let data = record.data
        kind = record.kind
        eventName = data["event_name"]?.stringValue
        eventTime = KindField.date(data["event_time"])
        eventSource = data["event_source"]?.stringValue
        eventType = data["event_type"]?.stringValue
        actor = data["actor"]?.stringValue
        region = data["region"]?.stringValue
        native = data["native"]?.objectValue
        logFile = data["log_file"]?.objectValue.map {
            LogFile(records: KindField.integer($0["records"]), ignored: KindField.integer($0["ignored"]))
        }
        keyID = data["key_id"]?.stringValue
        rotationType = data["rotation_type"]?.stringValue
        rotationPeriodDays = data["rotation_period_days"]?.doubleValue
        deletionDate = data["deletion_date"]
        pendingWindowDays = data["pending_window_days"]
        accessKeyID = data["access_key_id"]?.stringValue
        userName = data["user_name"]?.stringValue
        status = data["status"]?.stringValue
    }
}

extension KeyEventEvidence.LogFile {
    var data: JSONValue {
        var object = [String: JSONValue](minimumCapacity: 2)
        object["records"] = records.map { .number(Double($0)) }
        object["ignored"] = ignored.map { .number(Double($0)) }
        return .object(object)
    }
}
