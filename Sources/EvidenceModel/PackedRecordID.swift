import Crypto

/// A record id — 64 lowercase hex digits, the SHA-256 of its canonical bytes — kept in 32 bytes
/// while its record waits for its commit: as a `String` it was 16 bytes and a 96-byte allocation,
/// ~30 MB of a 1M-line Boulder collect's peak (262,144 records a batch). Any SHA-256 named in hex
/// packs so (a subject's, in the v3 subject map), and packed ones sort as their hex does.
public struct PackedRecordID: Sendable, Hashable, Comparable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// nil unless `hex` is exactly 64 lowercase hex digits.
    public init?(hex: String) {
        // Read from the string's own bytes: a re-check reads every remembered verdict's ids this way,
        // and walking them through an iterator one optional digit at a time was a tenth of its work.
        guard let words = hex.utf8.withContiguousStorageIfAvailable(Self.words) ?? Self.words(Array(hex.utf8)) else { return nil }
        self.words = words
    }

    /// The digest itself, without writing it in hex to read it back (once a subject, several times a
    /// commit, in the v3 subject map).
    public init(digest: SHA256.Digest) {
        words = digest.withUnsafeBytes { bytes in
            func word(_ offset: Int) -> UInt64 { UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
            return (word(0), word(8), word(16), word(24))
        }
    }

    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64, UInt64)? {
        guard bytes.count == 64 else { return nil }
        var valid = true
        func word(_ start: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in bytes[start..<(start + 16)] {
                let digit = byte &- UInt8(ascii: "0")
                let letter = byte &- UInt8(ascii: "a")
                valid = valid && (digit < 10 || letter < 6)
                value = value << 4 | UInt64(digit < 10 ? digit : letter &+ 10)
            }
            return value
        }
        let words = (word(0), word(16), word(32), word(48))
        return valid ? words : nil
    }

    private static func words(_ bytes: [UInt8]) -> (UInt64, UInt64, UInt64, UInt64)? { bytes.withUnsafeBufferPointer(words) }

    public static func == (a: PackedRecordID, b: PackedRecordID) -> Bool { a.words == b.words }

    /// The first digit is the high nibble of the first word: words compare as the hex does.
    public static func < (a: PackedRecordID, b: PackedRecordID) -> Bool { a.words < b.words }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }

    public var hex: String {
        withUnsafeBytes(of: (words.0.bigEndian, words.1.bigEndian, words.2.bigEndian, words.3.bigEndian), \.lowercaseHex)
    }
}
