import EvidenceModel
import Foundation

/// One clause of an `expect` check: a `field` (found as ``RecordField`` says) and one operator.
public struct ExpectClause: Sendable, Hashable {
    public enum Operator: Sendable, Hashable {
        case equals(JSONValue)
        case notEquals(JSONValue)
        case isIn([JSONValue])
        /// An array element equal to the value, or a substring of a string.
        case contains(JSONValue)
        /// An unanchored regular expression (`^…$` anchors it) on a string, in ``LinearRegex``'s syntax.
        case matches(String)
        /// Numbers compare as numbers; RFC 3339 strings compare as instants.
        case greaterOrEqual(JSONValue)
        case lessOrEqual(JSONValue)
        case exists(Bool)
    }

    /// The operator keys a clause may use, as written in YAML.
    public static let operatorKeys = ["equals", "not_equals", "in", "contains", "matches", "gte", "lte", "exists"]

    public let field: String
    public let expectation: Operator
    /// The longest string `matches` searches; a longer one fails the clause, saying so
    /// (`limits.regex_text_length`).
    public var regexTextLength = InputLimits.standard.regexTextLength

    public init(field: String, _ expectation: Operator) {
        self.field = field
        self.expectation = expectation
    }

    /// Whether the clause holds for `record`, and a sentence saying what was found.
    public func evaluate(_ record: EvidenceRecord) -> (holds: Bool, sentence: String) {
        let found = RecordField.value(field, in: record)
        if case .exists(let wanted) = expectation {
            guard let found else { return (!wanted, "\(field) is absent") }
            return (wanted, "\(field) is present (\(JSONText.of(found)))")
        }
        guard let value = found else { return (false, "\(field) is missing") }
        let shown = JSONText.of(value)
        switch expectation {
        case .equals(let expected):
            return value == expected
                ? (true, "\(field) is \(shown)") : (false, "\(field) is \(shown), not \(JSONText.of(expected))")
        case .notEquals(let unwanted):
            return value != unwanted
                ? (true, "\(field) is \(shown), not \(JSONText.of(unwanted))") : (false, "\(field) is \(shown)")
        case .isIn(let options):
            let list = JSONText.of(.array(options))
            return options.contains(value)
                ? (true, "\(field) is \(shown), one of \(list)") : (false, "\(field) is \(shown), not one of \(list)")
        case .contains(let element):
            let holds: Bool
            switch value {
            case .array(let elements): holds = elements.contains(element)
            case .string(let text): holds = element.stringValue.map { text.contains($0) } ?? false
            default: return (false, "\(field) is \(value.typeName), neither an array nor a string")
            }
            let verb = holds ? "contains" : "does not contain"
            return (holds, "\(field) \(verb) \(JSONText.of(element)) (found \(shown))")
        case .matches(let pattern):
            guard let text = value.stringValue else { return (false, "\(field) is \(value.typeName), not a string") }
            let length = text.unicodeScalars.count
            guard length <= regexTextLength else {
                return (
                    false,
                    "\(field) is \(length) characters long, over the \(regexTextLength) that /\(pattern)/ is matched against "
                        + "(limits.regex_text_length)"
                )
            }
            let holds = (try? LinearRegex(pattern))?.matches(in: text) ?? false
            return (holds, "\(field) is \(shown), which \(holds ? "matches" : "does not match") /\(pattern)/")
        case .greaterOrEqual(let bound):
            return compare(value, with: bound, atLeast: true)
        case .lessOrEqual(let bound):
            return compare(value, with: bound, atLeast: false)
        case .exists:
            return (true, "")  // handled above
        }
    }

    private func compare(_ value: JSONValue, with bound: JSONValue, atLeast: Bool) -> (holds: Bool, sentence: String) {
        let shown = JSONText.of(value)
        let pair: (Double, Double)?
        if let limit = bound.doubleValue {
            pair = value.doubleValue.map { ($0, limit) }
            if pair == nil { return (false, "\(field) is \(shown), not a number") }
        } else {
            let limit = bound.stringValue.flatMap(Timestamp.parse)?.timeIntervalSince1970 ?? .nan
            pair = value.stringValue.flatMap(Timestamp.parse).map { ($0.timeIntervalSince1970, limit) }
            if pair == nil { return (false, "\(field) is \(shown), not a timestamp") }
        }
        guard let (actual, limit) = pair else { return (false, "") }
        let holds = atLeast ? actual >= limit : actual <= limit
        let relation =
            switch (atLeast, holds) {
            case (true, true): "at least"
            case (true, false): "below"
            case (false, true): "at most"
            case (false, false): "above"
            }
        return (holds, "\(field) is \(shown), \(relation) \(JSONText.of(bound))")
    }
}
