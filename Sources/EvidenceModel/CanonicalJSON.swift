import Foundation

/// RFC 8785 JSON Canonicalization Scheme (JCS): the byte form that record ids hash.
///
/// Keys sort by UTF-16 code units, strings keep non-ASCII raw in UTF-8, and numbers print as
/// ECMAScript's `Number.prototype.toString` does. No whitespace, no trailing newline.
public enum CanonicalJSON {
    public enum Failure: Error, Sendable, Equatable {
        /// NaN and the infinities have no JSON form.
        case nonFiniteNumber
    }

    public static func data(_ value: JSONValue) throws(Failure) -> Data {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        try write(value, into: &out)
        return Data(out)
    }

    public static func string(_ value: JSONValue) throws(Failure) -> String {
        String(decoding: try data(value), as: UTF8.self)
    }

    /// Appends the canonical bytes of `value` to `out` (a report writer prints its leaves this way).
    public static func append(_ value: JSONValue, to out: inout [UInt8]) throws(Failure) {
        try write(value, into: &out)
    }

    /// Appends the canonical bytes of the string `text`, as ``append(_:to:)`` writes `.string(text)`.
    public static func append(string text: String, to out: inout [UInt8]) {
        writeString(text, into: &out)
    }

    /// Whether `lhs` comes before `rhs` in RFC 8785 member order (their UTF-16 code units), as
    /// ``sortedMembers(_:)`` orders them.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        // Over the contiguous bytes: iterating the UTF8Views for a lead byte was a tenth of checking a
        // record's form (every member name is compared with the one before it).
        var (a, b) = (lhs, rhs)  // withUTF8 makes a foreign string native first
        let inUTF8Order = a.withUTF8 { a in
            b.withUTF8 { b in
                a.contains(where: { $0 >= 0xF0 }) || b.contains(where: { $0 >= 0xF0 }) ? nil : bytesPrecede(a, b)
            }
        }
        return inUTF8Order ?? lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
    }

    /// An object's members in RFC 8785 order: by the UTF-16 code units of their keys.
    public static func sortedMembers<Value>(_ members: [String: Value]) -> [(key: String, value: Value)] {
        // UTF-8 byte order is code point order, which is UTF-16 order unless a key holds a character
        // beyond U+FFFF (a surrogate pair in UTF-16, lead byte 0xF0 or above in UTF-8).
        if members.keys.allSatisfy({ key in !key.utf8.contains { $0 >= 0xF0 } }) {
            return members.sorted { utf8Precedes($0.key, $1.key) }
        }
        return members.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
    }

    /// UTF-8 byte order, compared over the strings' contiguous bytes: iterating two UTF8Views was
    /// most of sorting a record's members.
    private static func utf8Precedes(_ lhs: String, _ rhs: String) -> Bool {
        var (lhs, rhs) = (lhs, rhs)  // withUTF8 makes a foreign string native first
        return lhs.withUTF8 { a in rhs.withUTF8 { b in bytesPrecede(a, b) } }
    }

    private static func bytesPrecede(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let shared = min(a.count, b.count)
        if shared > 0, let x = a.baseAddress, let y = b.baseAddress {
            let order = memcmp(x, y, shared)
            if order != 0 { return order < 0 }
        }
        return a.count < b.count
    }

    // Written as UTF-8 bytes: appending scalar by scalar to a String was most of a collect's time.
    private static func write(_ value: JSONValue, into out: inout [UInt8]) throws(Failure) {
        switch value {
        // Literals and whole numbers written in place: an Array or a String for each was most of
        // the allocations of serializing a record.
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: b ? "true".utf8 : "false".utf8)
        case .number(let n):
            if let whole = ES6Number.wholeNumber(n) {
                writeDigits(whole, into: &out)
            } else {
                out.append(contentsOf: try ES6Number.string(n).utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                try write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, member) in sortedMembers(members).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                try write(member.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The decimal digits of `value`, as `String(value)` writes them.
    private static func writeDigits(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    /// Escapes `"`, `\` and the C0 controls (RFC 8785 §3.2.2.2); every other byte of the UTF-8
    /// form is written as it is.
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole: most strings are one such run.
        var s = s  // withUTF8 makes a foreign string native first
        s.withUTF8 { bytes in
            var runStart = 0
            var index = PlainRun.end(in: bytes, from: 0)
            while index < bytes.count {
                // As buffers, not slices: a slice was appended byte by byte.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                writeEscaped(bytes[index], into: &out)
                runStart = index + 1
                index = PlainRun.end(in: bytes, from: runStart)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ byte: UInt8, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
        case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
        case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        default:
            out += [
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)],
            ]
        }
    }
}

/// ECMAScript Number-to-String (ES2015 §7.1.12.1) on the shortest round-trip digits of a double.
public enum ES6Number {
    public static func string(_ value: Double) throws(CanonicalJSON.Failure) -> String {
        guard value.isFinite else { throw .nonFiniteNumber }
        if let whole = wholeNumber(value) { return String(whole) }
        if value < 0 { return "-" + (try string(-value)) }
        let (digits, n) = shortestDigits(value)
        let k = digits.count
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            return digits[..<split] + "." + digits[split...]
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let exponent = n - 1
        let sign = exponent < 0 ? "-" : "+"
        let mantissa = k == 1 ? digits : String(digits.prefix(1)) + "." + String(digits.dropFirst())
        return mantissa + "e" + sign + String(abs(exponent))
    }

    /// Whether `text` is how RFC 8785 writes `value`.
    static func isCanonical(_ text: String, of value: Double) -> Bool {
        if let whole = wholeNumber(value) { return text == String(whole) }
        return (try? string(value)) == text
    }

    /// `value` when it prints as its integer digits: zero (also -0), and whole numbers below 2^53
    /// (ES2015 uses no exponent below 1e21).
    static func wholeNumber(_ value: Double) -> Int64? {
        if value == 0 { return 0 }
        guard value.rounded(.towardZero) == value, abs(value) < 9_007_199_254_740_992 else { return nil }
        return Int64(value)
    }

    /// The shortest decimal digits `d` and position `n` with value = 0.d × 10^n, from Swift's
    /// shortest round-trip `description`.
    static func shortestDigits(_ value: Double) -> (digits: String, n: Int) {
        let text = "\(value)".lowercased()
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(pieces[0])
        let fraction = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits, point)
    }
}
