import Foundation

extension JSONReader {
    /// Reads one document from its bytes; see ``JSONReader`` for what it refuses.
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let limits: InputLimits
        let bigIntegers: BigIntegers
        let knownUTF8: Bool
        var index = 0
        var skipping: Set<String> = []
        /// The members of the top-level `data` object to build, the others read but left out; nil
        /// builds them all.
        var dataMembers: DataMembers?
        /// True while the top-level member being read is `data`.
        private var inData = false
        /// False while a skipped member is read: values are checked, not built.
        private var building = true
        /// True while a member name is read with canonical form checked: names are compared for their
        /// order even in members left out, so a record read without its `data` is still checked whole.
        private var readingName = false
        /// Whether strings are decoded: those built, and member names whose order is checked.
        private var decodes: Bool { building || readingName }
        /// Set by whatever returned nil first.
        var failure: Failure?
        /// Cleared at the first thing RFC 8785 would write otherwise; nil when not asked.
        var canonical: Bool?

        init(bytes: UnsafeBufferPointer<UInt8>, limits: InputLimits, bigIntegers: BigIntegers, knownUTF8: Bool) {
            self.bytes = bytes
            self.limits = limits
            self.bigIntegers = bigIntegers
            self.knownUTF8 = knownUTF8
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        func syntax(_ reason: String, at offset: Int? = nil) -> Failure {
            Failure(offset: offset ?? index, reason: index >= bytes.count ? "the document ends early" : reason, isSyntax: true)
        }

        mutating func fail<T>(_ reason: String, at offset: Int? = nil, isSyntax: Bool = true) -> T? {
            if failure == nil {
                failure = isSyntax ? syntax(reason, at: offset) : Failure(offset: offset ?? index, reason: reason, isSyntax: false)
            }
            return nil
        }

        mutating func skipWhitespace() {
            let start = index
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
            if index != start, canonical != nil { canonical = false }
        }

        private mutating func literal(_ text: StaticString, _ value: JSONValue) -> JSONValue? {
            let count = text.utf8CodeUnitCount
            for offset in 0..<count where index + offset >= bytes.count || bytes[index + offset] != text.utf8Start[offset] {
                return fail("expected \(text), found \(found(at: index))")
            }
            index += count
            return value
        }

        mutating func value(depth: Int) -> JSONValue? {
            skipWhitespace()
            switch current {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < limits.nestingDepth else {
                    return fail("nested deeper than \(limits.nestingDepth) levels", isSyntax: false)
                }
                return current == UInt8(ascii: "{") ? object(depth: depth + 1) : array(depth: depth + 1)
            case UInt8(ascii: "\""): return string().map(JSONValue.string)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default: return number()
            }
        }

        private mutating func object(depth: Int) -> JSONValue? {
            index += 1
            skipWhitespace()
            if current == UInt8(ascii: "}") { index += 1; return .object([:]) }
            // Sized once the members are known: growing one insert at a time rehashed every key
            // several times over (a sixth of a check).
            var pairs: [(key: String, value: JSONValue, at: Int)] = []
            var previousName: String?
            func members() -> JSONValue? {
                var members = [String: JSONValue](minimumCapacity: pairs.count)
                for (key, member, keyStart) in pairs {
                    // A repeat with the same value means the same to every tool (InSpec writes one); another does not.
                    if let earlier = members.updateValue(member, forKey: key), earlier != member {
                        return fail(
                            "duplicate key '\(UntrustedText.escaped(key))' with another value (tools disagree on which counts)",
                            at: keyStart, isSyntax: false)
                    }
                }
                return .object(members)
            }
            while true {
                skipWhitespace()
                let keyStart = index
                guard current == UInt8(ascii: "\"") else { return fail("expected a quoted member name") }
                readingName = canonical == true
                let name = string()
                readingName = false
                guard let key = name else { return nil }
                if canonical == true {
                    if let previousName, !CanonicalJSON.precedes(previousName, key) { canonical = false }
                    previousName = key
                }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { return fail("expected ':' after a member name") }
                index += 1
                if depth == 1 { inData = key == "data" }
                // Skipped members come back hollow; members of `data` not kept are left out.
                let leftOut = depth == 2 && inData && dataMembers.map { !$0.contains(key) } ?? false
                let skipped = leftOut || depth == 1 && skipping.contains(key)
                let wasBuilding = building
                if skipped { building = false }
                guard let member = value(depth: depth) else { return nil }
                building = wasBuilding
                if building && !leftOut { pairs.append((key, member, keyStart)) }
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return members()
                default: return fail("expected ',' or '}' in an object")
                }
            }
        }

        private mutating func array(depth: Int) -> JSONValue? {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                guard let element = value(depth: depth) else { return nil }
                if building { elements.append(element) }
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(elements)
                default: return fail("expected ',' or ']' in an array")
                }
            }
        }

        /// A string; the opening quote is at `index`.
        private mutating func string() -> String? {
            let open = index
            index += 1
            let start = index
            // The common case: no escapes, decoded straight from the bytes.
            index = PlainRun.end(in: bytes, from: index)
            guard let stop = current else { return fail("unterminated string") }
            guard var text = utf8(start..<index) else { return nil }
            if stop == UInt8(ascii: "\"") { return finish(text, from: open) }
            var scalars = String.UnicodeScalarView()
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    text.unicodeScalars.append(contentsOf: scalars)
                    return finish(text, from: open)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let scalar = escape() else { return nil }
                    if decodes { scalars.append(scalar) }
                case 0..<0x20:
                    return fail("unescaped control character in a string")
                default:
                    let runStart = index
                    index = PlainRun.end(in: bytes, from: index)
                    guard let run = utf8(runStart..<index) else { return nil }
                    if decodes { scalars.append(contentsOf: run.unicodeScalars) }
                }
            }
            return fail("unterminated string")
        }

        /// Steps past the closing quote, and refuses a string beyond ``InputLimits/stringBytes``.
        private mutating func finish(_ text: String, from open: Int) -> String? {
            index += 1
            guard index - open - 2 <= limits.stringBytes else {
                return fail(
                    "string of \(index - open - 2) bytes is longer than the limit of \(InputLimits.size(limits.stringBytes))",
                    at: open, isSyntax: false)
            }
            return text
        }

        /// The bytes as text, or nil when they are not valid UTF-8 (never repaired).
        private mutating func utf8(_ range: Range<Int>) -> String? {
            // A run between quotes and escapes (ASCII bytes) of valid UTF-8 is valid UTF-8 itself.
            if knownUTF8, !decodes { return "" }
            if knownUTF8 { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            if let text = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) { return decodes ? text : "" }
            return fail("invalid UTF-8 in a string", at: range.lowerBound)
        }

        private mutating func escape() -> Unicode.Scalar? {
            guard let byte = current else { return fail("unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return "\""
            case UInt8(ascii: "\\"): return "\\"
            case UInt8(ascii: "/"):
                if canonical != nil { canonical = false }
                return "/"
            case UInt8(ascii: "b"): return "\u{08}"
            case UInt8(ascii: "f"): return "\u{0C}"
            case UInt8(ascii: "n"): return "\n"
            case UInt8(ascii: "r"): return "\r"
            case UInt8(ascii: "t"): return "\t"
            case UInt8(ascii: "u"):
                let start = index - 2
                guard let high = hex4() else { return nil }
                // RFC 8785 writes \u only for the C0 controls without a short escape, in lowercase hex.
                if canonical == true,
                    high >= 0x20 || [0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(high)
                        || bytes[(start + 2)..<index].contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F") })
                {
                    canonical = false
                }
                if (0xD800...0xDBFF).contains(high) {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        return fail("lone surrogate \\u\(String(high, radix: 16)) (not a character)", at: start)
                    }
                    index += 2
                    guard let low = hex4() else { return nil }
                    guard (0xDC00...0xDFFF).contains(low) else {
                        return fail("lone surrogate \\u\(String(high, radix: 16)) (not a character)", at: start)
                    }
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                }
                guard let scalar = Unicode.Scalar(high) else {
                    return fail("lone surrogate \\u\(String(high, radix: 16)) (not a character)", at: start)
                }
                return scalar
            default: return fail("invalid escape '\\\(Character(Unicode.Scalar(byte)))' in a string", at: index - 2)
            }
        }

        private mutating func hex4() -> UInt32? {
            var value: UInt32 = 0
            for _ in 0..<4 {
                let digit: UInt8
                switch current {
                case let byte? where (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte): digit = byte - UInt8(ascii: "0")
                case let byte? where (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte): digit = byte - UInt8(ascii: "a") + 10
                case let byte? where (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte): digit = byte - UInt8(ascii: "A") + 10
                default: return fail("expected four hex digits after \\u")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite as a Double.
        /// What stands at `offset`, quoted, for "found …" reasons: a word (`'tru'`, `'NaN'`) or one character.
        func found(at offset: Int) -> String {
            guard offset < bytes.count else { return "the end of the document" }
            var end = offset
            while end < bytes.count, end - offset < 24, isWordByte(bytes[end]) { end += 1 }
            if end == offset {  // one character: its lead byte and any continuation bytes
                end += 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            }
            return "'\(UntrustedText.escaped(String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)))'"
        }

        func isWordByte(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
        }
    }
}
