import Foundation

/// Decodes standard base64 only when the text is the canonical encoding of the result,
/// so that parsing then formatting reproduces the input byte for byte: the standard alphabet,
/// padded with `=` to a multiple of four, and the bits the padding leaves over zero.
///
/// Decoded here on the bytes: Foundation's decoder and the encoding back to compare were a fifth of
/// verifying a bundle (18 hashes in each of 67k proofs).
func strictBase64(_ text: some StringProtocol) -> Data? {
    withBytes(of: text, canonicalBase64)
}

/// Each byte's value in the standard base64 alphabet, 0xFF for bytes outside it (`=` included).
private let base64Values: [UInt8] = {
    var values = [UInt8](repeating: 0xFF, count: 256)
    for (value, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
        values[Int(byte)] = UInt8(value)
    }
    return values
}()

private func canonicalBase64(_ text: UnsafeBufferPointer<UInt8>) -> Data? {
    let count = text.count
    guard count % 4 == 0 else { return nil }
    guard count > 0 else { return Data() }
    let padding = text[count - 1] != 0x3D ? 0 : text[count - 2] != 0x3D ? 1 : 2
    let length = count / 4 * 3 - padding
    // Decoded into a buffer of the stack's and copied once into the result: filling a `Data` in
    // place went through its copy-on-write checks, most of the decoding.
    return base64Values.withUnsafeBufferPointer { values in
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: length) { out -> Data? in
            var written = 0
            for group in stride(from: 0, to: count, by: 4) {
                let isLast = group == count - 4
                let significant = isLast ? 4 - padding : 4
                var bits: UInt32 = 0
                for position in 0..<4 {
                    let value = position < significant ? values[Int(text[group + position])] : 0
                    guard value != 0xFF else { return nil }
                    bits = bits << 6 | UInt32(value)
                }
                // Two symbols make one byte and three make two: the bits they leave over are zero in a canonical text.
                if isLast, padding == 2, bits & 0xFFFF != 0 { return nil }
                if isLast, padding == 1, bits & 0xFF != 0 { return nil }
                out[written] = UInt8(truncatingIfNeeded: bits >> 16)
                if significant > 2 { out[written + 1] = UInt8(truncatingIfNeeded: bits >> 8) }
                if significant > 3 { out[written + 2] = UInt8(truncatingIfNeeded: bits) }
                written += significant - 1
            }
            return Data(buffer: UnsafeBufferPointer(rebasing: out[..<length]))
        }
    }
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

/// `body` run on `text`'s UTF-8 bytes: in place where they lie in one piece (a native string), else
/// on a copy. Searching the bytes of a proof through the generic UTF-8 view was a tenth of verifying
/// a bundle (67k proofs).
func withBytes<Result>(of text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
}

/// The first blank line of `text` (its first "\n\n"), found on the bytes: Foundation's `range(of:)`
/// bridged the string and was half of parsing a proof.
func firstBlankLine(in text: String) -> Range<String.Index>? {
    let found = withBytes(of: text) { bytes -> Int? in
        bytes.indices.dropFirst().first { bytes[$0] == 0x0A && bytes[$0 - 1] == 0x0A }
    }
    guard let found else { return nil }
    let utf8 = text.utf8
    let second = utf8.index(utf8.startIndex, offsetBy: found)
    return utf8.index(before: second)..<utf8.index(after: second)
}

/// `text` split at every "\n", empty lines kept (as `split(separator: "\n", omittingEmptySubsequences:
/// false)`), found on the bytes: splitting by Character compared grapheme clusters, most of parsing a proof.
func lines(of text: Substring) -> [Substring] {
    let utf8 = text.utf8
    let breaks = withBytes(of: text) { bytes in bytes.indices.filter { bytes[$0] == 0x0A } }
    var lines: [Substring] = []
    lines.reserveCapacity(breaks.count + 1)
    var start = utf8.startIndex
    for offset in breaks {
        let end = utf8.index(utf8.startIndex, offsetBy: offset)
        lines.append(text[start..<end])
        start = utf8.index(after: end)
    }
    lines.append(text[start...])
    return lines
}
