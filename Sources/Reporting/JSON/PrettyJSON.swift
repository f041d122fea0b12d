import EvidenceModel

/// JSON for people and diffs: 2-space indent, keys in RFC 8785 order, non-ASCII raw, a final newline.
///
/// Written by hand over `JSONValue` so the bytes never depend on a Foundation version's encoder
/// (which prints `42.0`, escapes slashes, or orders keys differently across platforms).
enum PrettyJSON {
    static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// The UTF-8 bytes `string(_:)` decodes: what a large report writes out without a copy as text.
    static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        write(value, depth: 0, into: &out)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    // Bytes, not String appends: a check's report of 10k results was an eighth of its time.
    private static func write(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += Array("[\n".utf8)
            for (i, element) in elements.enumerated() {
                indent(depth + 1, into: &out)
                write(element, depth: depth + 1, into: &out)
                out += i < elements.count - 1 ? Array(",\n".utf8) : [UInt8(ascii: "\n")]
            }
            indent(depth, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let members) where !members.isEmpty:
            out += Array("{\n".utf8)
            let sorted = CanonicalJSON.sortedMembers(members)
            for (i, member) in sorted.enumerated() {
                indent(depth + 1, into: &out)
                scalar(.string(member.key), into: &out)
                out += Array(": ".utf8)
                write(member.value, depth: depth + 1, into: &out)
                out += i < sorted.count - 1 ? Array(",\n".utf8) : [UInt8(ascii: "\n")]
            }
            indent(depth, into: &out)
            out.append(UInt8(ascii: "}"))
        default:
            scalar(value, into: &out)
        }
    }

    /// Leaves (and empty containers) print exactly as in canonical JSON: ES6 numbers, the same escapes.
    /// Only a non-finite number fails there, and a report holds none; `null` keeps the output valid regardless.
    private static func scalar(_ value: JSONValue, into out: inout [UInt8]) {
        let start = out.count
        do { try CanonicalJSON.append(value, to: &out) } catch {
            out.removeSubrange(start...)
            out += Array("null".utf8)
        }
    }

    private static func indent(_ depth: Int, into out: inout [UInt8]) {
        out += repeatElement(UInt8(ascii: " "), count: 2 * depth)
    }
}
