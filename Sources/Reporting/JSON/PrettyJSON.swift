import EvidenceModel

/// JSON for people and diffs: 2-space indent, keys in RFC 8785 order, non-ASCII raw, a final newline.
///
/// Written by hand over `JSONValue` so the bytes never depend on a Foundation version's encoder
/// (which prints `42.0`, escapes slashes, or orders keys differently across platforms).
enum PrettyJSON {
    static func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, depth: 0, into: &out)
        out += "\n"
        return out
    }

    private static func write(_ value: JSONValue, depth: Int, into out: inout String) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += indent(depth + 1)
                write(element, depth: depth + 1, into: &out)
                out += i < elements.count - 1 ? ",\n" : "\n"
            }
            out += indent(depth) + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (i, key) in keys.enumerated() {
                out += indent(depth + 1) + scalar(.string(key)) + ": "
                write(members[key] ?? .null, depth: depth + 1, into: &out)
                out += i < keys.count - 1 ? ",\n" : "\n"
            }
            out += indent(depth) + "}"
        default:
            out += scalar(value)
        }
    }

    /// Leaves (and empty containers) print exactly as in canonical JSON: ES6 numbers, the same escapes.
    /// Only a non-finite number fails there, and a report holds none; `null` keeps the output valid regardless.
    private static func scalar(_ value: JSONValue) -> String {
        (try? CanonicalJSON.string(value)) ?? "null"
    }

    private static func indent(_ depth: Int) -> String {
        String(repeating: "  ", count: depth)
    }
}
