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
        var out = ""
        try write(value, into: &out)
        return Data(out.utf8)
    }

    public static func string(_ value: JSONValue) throws(Failure) -> String {
        var out = ""
        try write(value, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String) throws(Failure) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += try ES6Number.string(n)
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                try write(element, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let keys = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                try write(members[key] ?? .null, into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{09}": out += "\\t"
            case "\u{0A}": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\u{0D}": out += "\\r"
            case _ where scalar.value < 0x20:
                out += "\\u00" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

/// ECMAScript Number-to-String (ES2015 §7.1.12.1) on the shortest round-trip digits of a double.
public enum ES6Number {
    public static func string(_ value: Double) throws(CanonicalJSON.Failure) -> String {
        guard value.isFinite else { throw .nonFiniteNumber }
        if value == 0 { return "0" }  // also -0
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

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
