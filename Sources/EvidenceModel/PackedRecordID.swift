/// A record id — 64 lowercase hex digits, the SHA-256 of its canonical bytes — kept in 32 bytes
/// while its record waits for its commit: as a `String` it was 16 bytes and a 96-byte allocation,
/// ~30 MB of a 1M-line Boulder collect's peak (262,144 records a batch).
public struct PackedRecordID: Sendable, Hashable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// nil unless `hex` is exactly 64 lowercase hex digits.
    public init?(hex: String) {
        var utf8 = hex.utf8.makeIterator()
        func word() -> UInt64? {
            var value: UInt64 = 0
            for _ in 0..<16 {
                guard let digit = utf8.next().flatMap(Self.value) else { return nil }
                value = value << 4 | UInt64(digit)
            }
            return value
        }
        guard let a = word(), let b = word(), let c = word(), let d = word(), utf8.next() == nil else { return nil }
        words = (a, b, c, d)
    }

    public static func == (a: PackedRecordID, b: PackedRecordID) -> Bool { a.words == b.words }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    public var hex: String {
        withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian), \.lowercaseHex)
    }

    private static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
