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
