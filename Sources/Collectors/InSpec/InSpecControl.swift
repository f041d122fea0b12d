import EvidenceModel
import Foundation

/// One control of an InSpec JSON report (`profiles[].controls[]`), reduced to its outcome: its
/// `control.result` (``ControlResultEvidence``) and its waiver as the report gives it.
///
/// InSpec's own rule gives the status: `failed` when any result failed (or errored), else `passed`
/// when any passed, else `skipped`; a control without results is `no_results`.
struct InSpecControl {
    struct Waiver {
        let justification: String?
        let run: Bool?
        let expiresAt: Date?
        let skipped: Bool
        let message: String?

        /// InSpec evaluates an expired waiver's control normally and says so in `message`.
        var expiredInReport: Bool { message?.hasPrefix("Waiver expired") ?? false }
    }

    /// What the record says; a waiver past its expiry at the collection time is expired.
    let result: ControlResultEvidence
    let waiver: Waiver?

    var id: String { result.controlID }

    static let resultStatuses: Set<String> = ["passed", "failed", "skipped", "error"]

    static func status(of counts: [String: Int]) -> String {
        if counts.isEmpty { return "no_results" }
        if (counts["failed"] ?? 0) + (counts["error"] ?? 0) > 0 { return "failed" }
        if (counts["passed"] ?? 0) > 0 { return "passed" }
        return "skipped"
    }

    /// Reads and checks one control object; failures name its JSON path.
    init(_ value: JSONValue, profile: String, at path: String, in input: CollectorInput) throws(CollectionFailure) {
        guard value.objectValue != nil else { throw input.failure(at: path, "expected object, found \(value.typeName)") }
        guard let id = value["id"]?.stringValue, !id.isEmpty else {
            throw input.failure(at: JSONPath.child(path, "id"), "required: the control's id (a string)")
        }
        if let impact = value["impact"], !impact.isNull, impact.doubleValue == nil {
            throw input.failure(at: JSONPath.child(path, "impact"), "expected number, found \(impact.typeName)")
        }
        guard let results = value["results"]?.arrayValue else {
            throw input.failure(at: JSONPath.child(path, "results"), "required: a list of results")
        }
        var counts: [String: Int] = [:]
        var failures: [String] = []
        for (index, result) in results.enumerated() {
            let resultPath = JSONPath.element(JSONPath.child(path, "results"), index)
            guard let status = result["status"]?.stringValue, Self.resultStatuses.contains(status) else {
                let found = result["status"].map { $0.stringValue.map { "'\($0)'" } ?? $0.typeName } ?? "nothing"
                throw input.failure(at: JSONPath.child(resultPath, "status"), "expected passed, failed, skipped or error, found \(found)")
            }
            counts[status, default: 0] += 1
            if status == "failed" || status == "error" {
                failures.append(result["code_desc"]?.stringValue ?? result["message"]?.stringValue ?? "result \(index)")
            }
        }
        let waiver = try Self.waiver(value["waiver_data"], at: JSONPath.child(path, "waiver_data"), in: input)
        var result = ControlResultEvidence(
            profile: profile, controlID: id, status: Self.status(of: counts), results: counts, failures: failures)
        result.title = value["title"]?.stringValue
        result.impact = value["impact"]?.doubleValue
        result.waiver = waiver.map { waiver in
            ControlResultEvidence.Waiver(
                skippedDueToWaiver: waiver.skipped,
                expired: waiver.expiredInReport || (waiver.expiresAt.map { $0 < input.observedAt } ?? false),
                justification: waiver.justification, run: waiver.run, expirationDate: waiver.expiresAt, message: waiver.message)
        }
        self.result = result
        self.waiver = waiver
    }

    /// `waiver_data`, or nil when absent or `{}` (InSpec writes `{}` for controls without a waiver).
    private static func waiver(_ value: JSONValue?, at path: String, in input: CollectorInput) throws(CollectionFailure) -> Waiver? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else { throw input.failure(at: path, "expected object, found \(value.typeName)") }
        if object.isEmpty { return nil }
        var expiresAt: Date?
        if let raw = object["expiration_date"], !raw.isNull {
            guard let text = raw.stringValue, let date = Timestamp.parse(text) else {
                throw input.failure(at: JSONPath.child(path, "expiration_date"), "'\(raw.stringValue ?? raw.typeName)' is not a date")
            }
            expiresAt = date
        }
        return Waiver(
            justification: object["justification"]?.stringValue, run: object["run"]?.boolValue, expiresAt: expiresAt,
            skipped: object["skipped_due_to_waiver"]?.boolValue ?? false, message: object["message"]?.stringValue)
    }
}
