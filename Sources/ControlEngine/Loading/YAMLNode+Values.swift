import EvidenceModel
import Yams

extension Node {
    /// The node as a JSON value, scalars typed by YAML's core rules (quoted scalars stay strings).
    ///
    /// Timestamps stay strings: checks parse them as RFC 3339 themselves.
    var jsonValue: JSONValue {
        switch self {
        case .scalar(let scalar):
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { return .string(scalar.string) }
            switch Tag.Name(rawValue: tag.rawValue) {
            case .null: return .null
            case .bool: return bool.map(JSONValue.bool) ?? .string(scalar.string)
            // Beyond ±2^53 no double holds the integer: it stays the exact text written (as JSON input does).
            case .int: return int.flatMap { $0.magnitude <= 1 << 53 ? .number(Double($0)) : nil } ?? .string(scalar.string)
            case .float:
                guard let number = float, number.isFinite else { return .string(scalar.string) }
                return .number(number)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping { members[key.scalar?.string ?? ""] = value.jsonValue }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.map(\.jsonValue))
        case .alias:
            return .null
        }
    }

    /// Whether this is an empty or `null` scalar (`freshness:` with nothing after it).
    var isNullScalar: Bool {
        if case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any {
            return tag.rawValue == Tag.Name.null.rawValue
        }
        return false
    }

    /// What kind of YAML node this is, for messages ("expected a list, found a mapping").
    var shapeName: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
