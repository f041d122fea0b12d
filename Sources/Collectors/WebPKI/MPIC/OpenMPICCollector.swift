import EvidenceModel
import Foundation

/// Reads Open MPIC `POST /mpic` responses (open-mpic-specification 3.5.0 schema, as open-mpic-core
/// 6.5.0 emits them): one `mpic.result` record per response. A file holds one response or a JSON
/// array of them.
///
/// Subject `domain:<target>`: `domain_or_ip_target` lowercased, without a trailing dot, a leading
/// `*.` stripped into `wildcard: true`. The record keeps `check_type` (caa|dcv), `target` as sent,
/// `is_valid` and `mpic_completed` (kept, never trusted by checks), `validation_method` (DCV; `caa`
/// for CAA), both orchestration parameter sets, the echoed `check_parameters`, `trace_identifier`,
/// every perspective (see ``MPICPerspective``), and `previous_attempts` (the retries' perspective
/// lists, oldest first). `validated_at` is the latest perspective timestamp: the attempt is observed
/// when it finished, whatever the collection time (as CloudTrail events are); a response without
/// any timestamp is observed at the collection time.
///
/// The openapi.yaml *example* puts perspective fields flat and CAA results in `response`; no
/// implementation emits that, so it is rejected with that explanation rather than half-read.
public struct OpenMPICCollector: EvidenceCollector {
    public let name = "mpic"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let value = try JSONDocuments.single(input, of: "MPIC response (or a JSON array of them)").value
        let root = JSONNode(value: value, path: "$", input: input)
        let responses = value.arrayValue != nil ? try root.elements() : [root]
        if responses.isEmpty { throw input.failure(at: "$", "an empty array: no MPIC response") }
        let source = input.source
        var records: [EvidenceRecord] = []
        for response in responses {
            let (subject, data, time) = try Self.response(response)
            records.append(
                EvidenceRecord(
                    kind: "mpic.result", subject: subject, observedAt: time ?? input.observedAt, collector: name,
                    origin: .observed, source: source, data: data))
        }
        return records
    }

    static func response(_ node: JSONNode) throws(CollectionFailure) -> (String, [String: JSONValue], Date?) {
        _ = try node.object()
        let checkTypeNode = try node.required("check_type")
        let checkType = try checkTypeNode.string()
        guard checkType == "caa" || checkType == "dcv" else {
            throw checkTypeNode.failure("expected 'caa' or 'dcv', found '\(checkType)'")
        }
        let targetNode = try node.required("domain_or_ip_target")
        let target = try targetNode.nonEmptyString()
        var domain = target.lowercased()
        let wildcard = domain.hasPrefix("*.")
        if wildcard { domain.removeFirst(2) }
        if domain.hasSuffix(".") { domain.removeLast() }
        if domain.isEmpty || domain.contains(" ") {
            throw targetNode.failure("'\(target)' is not a domain name or IP address")
        }
        let perspectiveNodes = try node.required("perspectives").elements()
        var perspectives: [MPICPerspective] = []
        for perspective in perspectiveNodes { perspectives.append(try MPICPerspective(perspective, checkType: checkType)) }
        var previous: [JSONValue] = []
        for attempt in try node.member("previous_attempt_results")?.elements() ?? [] {
            var list: [JSONValue] = []
            for perspective in try attempt.elements() { list.append(try MPICPerspective(perspective, checkType: checkType).value) }
            previous.append(.array(list))
        }
        let parametersKey = checkType == "caa" ? "caa_check_parameters" : "dcv_check_parameters"
        let parameters = try node.member(parametersKey).map { node throws(CollectionFailure) in JSONValue.object(try node.object()) }
        var method = try node.member(parametersKey)?.member("validation_method")?.string()
        if method == nil, checkType == "dcv" {
            method = perspectives.lazy.compactMap { $0.value["details"]?["validation_method"]?.stringValue }.first
        }
        let time = perspectives.compactMap(\.time).max()
        var data: [String: JSONValue] = [
            "check_type": .string(checkType), "target": .string(target), "domain": .string(domain),
            "wildcard": .bool(wildcard),
            "is_valid": .bool(try node.required("is_valid").bool()),
            "mpic_completed": .bool(try node.required("mpic_completed").bool()),
            "validation_method": .string(checkType == "caa" ? "caa" : method ?? "unknown"),
            "perspectives": .array(perspectives.map(\.value)),
            "previous_attempts": .array(previous),
            "check_parameters": parameters ?? .null,
            "request_orchestration_parameters": try node.member("request_orchestration_parameters").map(Self.object) ?? .null,
            "actual_orchestration_parameters": try node.member("actual_orchestration_parameters").map(Self.object) ?? .null,
            "trace_identifier": try node.optionalString("trace_identifier").map(JSONValue.string) ?? .null,
        ]
        if let time { data["validated_at"] = .string(Timestamp.format(time)) }
        return ("domain:\(domain)", data, time)
    }

    private static func object(_ node: JSONNode) throws(CollectionFailure) -> JSONValue { .object(try node.object()) }
}
