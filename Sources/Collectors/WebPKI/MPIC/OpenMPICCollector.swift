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
/// every perspective (see ``MPICResultEvidence/Perspective``), and `previous_attempts` (the retries' perspective
/// lists, oldest first). `validated_at` is the latest perspective timestamp: the attempt is observed
/// when it finished, whatever the collection time (as CloudTrail events are); a response without
/// any timestamp is observed at the collection time.
///
/// The openapi.yaml *example* puts perspective fields flat and CAA results in `response`; no
/// implementation emits that, so it is rejected with that explanation rather than half-read.
public struct OpenMPICCollector: StreamingCollector {
    public let name = "mpic"

    public init() {}

    static let format = "MPIC response (or a JSON array of them)"

    /// The records of each response in turn, a batch at a time: an array is parsed element by
    /// element, never as one tree (50k responses, 117 MB, parsed whole took 1.2 GB), and each batch's
    /// records are serialized and hashed on every core. Places and failures are a whole parse's.
    public func stream(
        from input: CollectorInput, emit: (_ records: [EvidenceRecord]) throws(CollectionFailure) -> Void
    )
        throws(CollectionFailure) -> [CollectionFailure]
    {
        var waiting = WaitingRecords(kind: EvidenceKind.mpicResult, collector: name, origin: .observed, input: input)
        var seen = 0
        try JSONDocuments.forEachValue(in: input, onlyDocumentOf: Self.format) { response, _ throws(CollectionFailure) in
            seen += 1
            let (subject, result) = try Self.response(response)
            try waiting.add(subject: subject, observedAt: result.validatedAt, data: result.data, emit: emit)
        }
        if seen == 0 { throw input.failure(at: "$", "an empty array: no MPIC response") }
        try waiting.hand(to: emit)
        return []
    }

    static func response(_ node: JSONNode) throws(CollectionFailure) -> (String, MPICResultEvidence) {
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
        var perspectives: [MPICResultEvidence.Perspective] = []
        for perspective in perspectiveNodes { perspectives.append(try .init(perspective, checkType: checkType)) }
        var previous: [[MPICResultEvidence.Perspective]] = []
        for attempt in try node.member("previous_attempt_results")?.elements() ?? [] {
            var list: [MPICResultEvidence.Perspective] = []
            for perspective in try attempt.elements() { list.append(try .init(perspective, checkType: checkType)) }
            previous.append(list)
        }
        let parametersKey = checkType == "caa" ? "caa_check_parameters" : "dcv_check_parameters"
        let parameters = try node.member(parametersKey).map { node throws(CollectionFailure) in try node.object() }
        var method = try node.member(parametersKey)?.member("validation_method")?.string()
        if method == nil, checkType == "dcv" {
            method = perspectives.lazy.compactMap { $0.details["validation_method"]?.stringValue }.first
        }
        var result = MPICResultEvidence(
            checkType: checkType, target: target, domain: domain, wildcard: wildcard, isValid: try node.required("is_valid").bool(),
            mpicCompleted: try node.required("mpic_completed").bool())
        result.validationMethod = checkType == "caa" ? "caa" : method ?? "unknown"
        result.perspectives = perspectives
        result.previousAttempts = previous
        result.checkParameters = parameters
        result.requestOrchestrationParameters = try node.member("request_orchestration_parameters").map(Self.object)
        result.actualOrchestrationParameters = try node.member("actual_orchestration_parameters").map(Self.object)
        result.traceIdentifier = try node.optionalString("trace_identifier")
        result.validatedAt = perspectives.compactMap(\.timestamp).max()
        return ("domain:\(domain)", result)
    }

    private static func object(_ node: JSONNode) throws(CollectionFailure) -> [String: JSONValue] { try node.object() }
}
