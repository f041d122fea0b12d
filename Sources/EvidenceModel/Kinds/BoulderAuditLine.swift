import Foundation

/// Where a `boulder-audit` record comes from, as both its kinds (``IssuanceDecisionEvidence``,
/// ``ValidationResultEvidence``) carry it: the audit line (`log`) and the whole file's counts
/// (`log_file`, known only once the file is read, so the collector adds it to each record's data).
///
/// Read back leniently: a field missing or of another type is nil, and is left out when written again.
public struct BoulderAuditLine: Sendable, Hashable {
    /// The line's number in its file.
    public var line: Int?
    public var host: String?
    /// The Boulder program that wrote it (`boulder-ra`, `boulder-remoteva`…).
    public var binary: String?
    public var pid: Int?
    /// Its syslog severity, 0–7.
    public var severity: Int?
    public var loggedAt: Date?

    public init(line: Int?, host: String?, binary: String?, pid: Int?, severity: Int?, loggedAt: Date?) {
        self.line = line
        self.host = host
        self.binary = binary
        self.pid = pid
        self.severity = severity
        self.loggedAt = loggedAt
    }

    /// The key of the file's counts in each record's data: `{"lines", "kept", "ignored_…"}`.
    public static let logFileKey = "log_file"

    /// `{"line", "host", "binary", "pid", "severity", "logged_at"}`.
    public var json: JSONValue {
        var value: [String: JSONValue] = [:]
        value["line"] = line.map { .number(Double($0)) }
        value["host"] = host.map(JSONValue.string)
        value["binary"] = binary.map(JSONValue.string)
        value["severity"] = severity.map { .number(Double($0)) }
        value["logged_at"] = loggedAt.map { .string(Timestamp.format($0)) }
        value["pid"] = pid.map { .number(Double($0)) }
        return .object(value)
    }

    /// Reads a record's `log` back; nil when it is not an object.
    public init?(json: JSONValue?) {
        guard let json, json.objectValue != nil else { return nil }
        self.init(
            line: KindField.integer(json["line"]), host: json["host"]?.stringValue, binary: json["binary"]?.stringValue,
            pid: KindField.integer(json["pid"]), severity: KindField.integer(json["severity"]),
            loggedAt: KindField.date(json["logged_at"]))
    }

    /// The file's counts as a record's `log_file` holds them.
    public static func logFile(_ counts: [String: Int]) -> JSONValue { .object(counts.mapValues { .number(Double($0)) }) }

    /// Reads a record's `log_file` back: the counts that are whole numbers.
    public static func logFile(_ json: JSONValue?) -> [String: Int]? {
        json?.objectValue?.compactMapValues(KindField.integer)
    }
}
