import EvidenceModel
import Foundation

/// One perspective of an Open MPIC response, `{"perspective_code", "check_response": {…}}` as
/// open-mpic-core 6.5.0 emits it, read into the kind's model of it.
///
/// Kept: `code`, `check_passed`, `check_completed`, `errors` (`[{error_type, error_message}]`, empty
/// when null), `timestamp_ns` (the exact decimal text: nanoseconds do not fit a double),
/// `timestamp` (RFC 3339, milliseconds), `check_type`, and `details` whole (CAA `records_seen`,
/// `caa_record_present`, `found_at`; DNS `records_seen`, `response_code`, `ad_flag`, `cname_chain`;
/// HTTP `response_status_code`, `response_url`, `response_history`, `response_page`…). A CAA
/// `records_seen` string (the spec's type; the core emits a list) becomes a one-element list.
extension MPICResultEvidence.Perspective {
    init(_ node: JSONNode, checkType: String) throws(CollectionFailure) {
        let object = try node.object()
        guard let response = node.member("check_response") else {
            if object["check_passed"] != nil || object["response"] != nil {
                throw node.failure(
                    "perspective results sit flat, without 'check_response': this is the stale example "
                        + "of openapi.yaml 3.5.0, not what Open MPIC emits (open-mpic-core nests them under check_response)")
            }
            throw node.failure("missing required field 'check_response'")
        }
        let code = try node.required("perspective_code").nonEmptyString()
        let completed = try response.required("check_completed").bool()
        let passed = try response.required("check_passed").bool()
        let kind = try response.member("check_type")?.string()
        if let kind, kind != checkType {
            throw response.failure("check_type '\(kind)' in a '\(checkType)' response")
        }
        var errors: [Failure] = []
        for error in try response.member("errors")?.elements() ?? [] {
            let type = try error.required("error_type").string()
            let message = try error.member("error_message")?.string() ?? ""
            errors.append(Failure(type: type, message: message))
        }
        var details = try response.member("details")?.object() ?? [:]
        if case .string(let single)? = details["records_seen"] { details["records_seen"] = [.string(single)] }
        self.init(
            code: code.lowercased(), checkCompleted: completed, checkPassed: passed, errors: errors, checkType: kind ?? checkType,
            details: details)
        if let nanoseconds = response.member("timestamp_ns") { stamp(nanoseconds: try Self.nanoseconds(nanoseconds)) }
    }

    /// `timestamp_ns`: an integer (kept exact as text when beyond 2^53, see ``JSONValue/parse(_:limits:)``).
    private static func nanoseconds(_ node: JSONNode) throws(CollectionFailure) -> Int64 {
        switch node.value {
        case .string(let text):
            guard let value = Int64(text), value >= 0 else { throw node.failure("expected nanoseconds since 1970, found '\(text)'") }
            return value
        case .number(let number) where number >= 0 && number == number.rounded() && number < 9.2e18:
            return Int64(number)
        default:
            throw node.failure("expected nanoseconds since 1970 (an integer), found \(node.value.typeName)")
        }
    }
}
