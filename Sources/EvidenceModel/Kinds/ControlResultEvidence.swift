import Foundation

/// The `control.result` kind, the one model of its record's data: one control of a compliance scan
/// (an InSpec profile's control) as run on a host, reduced to its outcome. The `inspec` collector
/// writes it; controls judge it by its fields (`status`, `failures`, `waiver.expired`…).
///
/// Read back, a field other than the control's id and status that is missing or of another type
/// reads as nil or empty.
public struct ControlResultEvidence: Sendable, Hashable {
    /// The control's waiver as the report carried it.
    public struct Waiver: Sendable, Hashable {
        /// Whether the control was not run because of the waiver.
        public var skippedDueToWaiver: Bool
        /// Past its expiry when collected, or said expired by the report.
        public var expired: Bool
        public var justification: String?
        /// Whether the waiver asked for the control to run anyway.
        public var run: Bool?
        public var expirationDate: Date?
        /// The report's note on the waiver; never empty.
        public var message: String?

        public init(
            skippedDueToWaiver: Bool, expired: Bool, justification: String?, run: Bool?, expirationDate: Date?, message: String?
        ) {
            self.skippedDueToWaiver = skippedDueToWaiver
            self.expired = expired
            self.justification = justification
            self.run = run
            self.expirationDate = expirationDate
            self.message = message.flatMap { $0.isEmpty ? nil : $0 }
        }

        /// `skipped_due_to_waiver`, `expired`, `justification`, `run`, `expiration_date`, `message`.
        public var json: JSONValue {
            var json: [String: JSONValue] = ["skipped_due_to_waiver": .bool(skippedDueToWaiver), "expired": .bool(expired)]
            json["justification"] = justification.map(JSONValue.string)
            json["run"] = run.map(JSONValue.bool)
            json["expiration_date"] = expirationDate.map { .string(Timestamp.format($0)) }
            json["message"] = message.map(JSONValue.string)
            return .object(json)
        }

        init(json: JSONValue) {
            self.init(
                skippedDueToWaiver: json["skipped_due_to_waiver"]?.boolValue ?? false, expired: json["expired"]?.boolValue ?? false,
                justification: json["justification"]?.stringValue, run: json["run"]?.boolValue,
                expirationDate: KindField.date(json["expiration_date"]), message: json["message"]?.stringValue)
        }
    }

    /// The profile the control belongs to.
    public var profile: String
    public var controlID: String
    /// `passed`, `failed` (a result failed or errored), `skipped`, or `no_results`.
    public var status: String
    /// How many of its results ended in each status (`passed`, `failed`, `skipped`, `error`).
    public var results: [String: Int]
    /// What failed, a line per failed or errored result.
    public var failures: [String]
    public var title: String?
    /// InSpec's impact, 0 to 1.
    public var impact: Double?
    public var waiver: Waiver?

    public init(profile: String, controlID: String, status: String, results: [String: Int], failures: [String]) {
        self.profile = profile
        self.controlID = controlID
        self.status = status
        self.results = results
        self.failures = failures
    }

    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "profile": .string(profile), "control_id": .string(controlID), "status": .string(status),
            "results": .object(results.mapValues { .number(Double($0)) }), "failures": .array(failures.map(JSONValue.string)),
        ]
        data["title"] = title.map(JSONValue.string)
        data["impact"] = impact.map(JSONValue.number)
        data["waiver"] = waiver?.json
        return data
    }

    /// Reads a `control.result` record back.
    /// - Throws: when the record is of another kind, or it names no control or no status.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.controlResult)
        let data = record.data
        guard let controlID = KindField.text(data["control_id"]) else {
            throw .invalid(field: "data.control_id", reason: "not a control's id")
        }
        guard let status = KindField.text(data["status"]) else {
            throw .invalid(field: "data.status", reason: "not a status")
        }
        self.init(
            profile: data["profile"]?.stringValue ?? "", controlID: controlID, status: status,
            results: data["results"]?.objectValue?.compactMapValues(KindField.integer) ?? [:],
            failures: (data["failures"]?.arrayValue ?? []).compactMap(\.stringValue))
        title = data["title"]?.stringValue
        impact = data["impact"]?.doubleValue
        waiver = data["waiver"].flatMap { $0.objectValue == nil ? nil : Waiver(json: $0) }
    }
}
