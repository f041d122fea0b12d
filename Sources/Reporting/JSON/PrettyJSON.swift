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
    static func write(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        switch value {
        case .array(let elements) where !elements.isEmpty:
            container(.array, count: elements.count, depth: depth, into: &out) { i, out in
                write(elements[i], depth: depth + 1, into: &out)
            }
        case .object(let members) where !members.isEmpty:
            let sorted = CanonicalJSON.sortedMembers(members)
            container(.object, count: sorted.count, depth: depth, into: &out) { i, out in
                key(sorted[i].key, into: &out)
                write(sorted[i].value, depth: depth + 1, into: &out)
            }
        default:
            scalar(value, into: &out)
        }
    }

    enum Container {
        case array, object
    }

    /// A non-empty array or object: each item on its own line, one level deeper, commas between.
    /// `item` writes the i-th element (after its key, for an object) and may flush `out` between items.
    static func container<Failure: Error>(
        _ kind: Container, count: Int, depth: Int, into out: inout [UInt8],
        item: (Int, inout [UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        out.append(UInt8(ascii: kind == .array ? "[" : "{"))
        out.append(UInt8(ascii: "\n"))
        for i in 0..<count {
            indent(depth + 1, into: &out)
            try item(i, &out)
            if i < count - 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
        }
        indent(depth, into: &out)
        out.append(UInt8(ascii: kind == .array ? "]" : "}"))
    }

    /// An array of strings, as ``write(_:depth:into:)`` prints it, without making it a value first.
    static func strings(_ elements: [String], depth: Int, into out: inout [UInt8]) {
        guard !elements.isEmpty else { return out += Array("[]".utf8) }
        container(.array, count: elements.count, depth: depth, into: &out) { i, out in string(elements[i], into: &out) }
    }

    /// A string, as ``scalar(_:into:)`` prints `.string(text)`, without making it a value first.
    static func string(_ text: String, into out: inout [UInt8]) {
        CanonicalJSON.append(string: text, to: &out)
    }

    /// An object member's key and the separator before its value.
    static func key(_ name: String, into out: inout [UInt8]) {
        string(name, into: &out)
        out.append(UInt8(ascii: ":"))
        out.append(UInt8(ascii: " "))
    }

    /// Leaves (and empty containers) print exactly as in canonical JSON: ES6 numbers, the same escapes.
    /// Only a non-finite number fails there, and a report holds none; `null` keeps the output valid regardless.
    static func scalar(_ value: JSONValue, into out: inout [UInt8]) {
        let start = out.count
        do { try CanonicalJSON.append(value, to: &out) } catch {
            out.removeSubrange(start...)
            out += Array("null".utf8)
        }
    }

    private static func indent(_ depth: Int, into out: inout [UInt8]) {
        // From arrays made once: a repeated element was appended byte by byte (a tenth of a report).
        if depth < indents.count { return out.append(contentsOf: indents[depth]) }
        out += repeatElement(UInt8(ascii: " "), count: 2 * depth)
    }

    private static let indents = (0..<16).map { [UInt8](repeating: UInt8(ascii: " "), count: 2 * $0) }
}
