import Foundation

/// Decodes standard base64 only when the text is the canonical encoding of the result,
/// so that parsing then formatting reproduces the input byte for byte.
func strictBase64(_ text: some StringProtocol) -> Data? {
    guard let data = Data(base64Encoded: String(text)), data.base64EncodedString() == text else { return nil }
    return data
}

/// Parses an ASCII decimal with no sign and no leading zeros ("0" itself is fine).
func parseDecimal(_ text: some StringProtocol) -> Int? {
    let utf8 = text.utf8
    guard let first = utf8.first, utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        first != 0x30 || utf8.count == 1
    else { return nil }
    return Int(text)
}

/// `value` as 8 lowercase hex digits (a note key ID).
func hex8(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
}

/// The first blank line of `text` (its first "\n\n"), found on the bytes: Foundation's `range(of:)`
/// bridged the string and was half of parsing a proof (67k of them in a bundle).
func firstBlankLine(in text: String) -> Range<String.Index>? {
    let utf8 = text.utf8
    var index = utf8.startIndex
    var previous: UInt8 = 0
    while index != utf8.endIndex {
        let byte = utf8[index]
        if byte == 0x0A, previous == 0x0A { return utf8.index(before: index)..<utf8.index(after: index) }
        previous = byte
        index = utf8.index(after: index)
    }
    return nil
}

/// `text` split at every "\n", empty lines kept (as `split(separator: "\n", omittingEmptySubsequences:
/// false)`), found on the bytes: splitting by Character compared grapheme clusters, most of parsing a proof.
func lines(of text: Substring) -> [Substring] {
    let utf8 = text.utf8
    var lines: [Substring] = []
    var start = utf8.startIndex
    var index = start
    while index != utf8.endIndex {
        if utf8[index] == 0x0A {
            lines.append(text[start..<index])
            start = utf8.index(after: index)
        }
        index = utf8.index(after: index)
    }
    lines.append(text[start...])
    return lines
}
