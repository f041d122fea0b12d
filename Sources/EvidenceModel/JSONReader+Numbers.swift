import Foundation

extension JSONReader.Cursor {
    /// A number; its first character is at `index`.
    mutating func number() -> JSONValue? {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, isDigit(first) else {
            return fail("expected a value (an object, array, string, number, true, false or null), found \(found(at: start))")
        }
        index += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            index += 1
            isInteger = false
            guard let digit = current, isDigit(digit) else { return fail("expected a digit after '.'") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            isInteger = false
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, isDigit(digit) else { return fail("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            return fail(
                "number \(text) is out of range (beyond ±1.8e308, the largest number JSON tools hold)", at: start,
                isSyntax: false)
        }
        // Sixteen digits or more may lie beyond 2^53 = 9007199254740992; the text decides, not the rounded double.
        if isInteger, bigIntegers == .exactText, index - start >= 16,
            !(Int64(text).map { $0.magnitude <= 1 << 53 } ?? false)
        {
            return .string(text)
        }
        if canonical == true, !ES6Number.isCanonical(text, of: number) { canonical = false }
        return .number(number)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while let byte = current, isDigit(byte) { index += 1 }
    }
}
