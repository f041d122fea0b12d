import Crypto
import Foundation

/// Lowercase hex SHA-256, the one digest Vigil names things by (record ids, raw inputs, subject folders).
public enum SHA256Hex {
    public static func of(_ data: Data) -> String { text(of: SHA256.hash(data: data)) }

    /// The digest of bytes hashed as they came, in pieces.
    public static func text(of digest: SHA256.Digest) -> String { digest.withUnsafeBytes(\.lowercaseHex) }

    public static func of(_ text: String) -> String { of(Data(text.utf8)) }
}

extension Collection where Element == UInt8 {
    /// The bytes in lowercase hex, two digits each: how Vigil writes every digest and git id.
    /// Record ids are computed for every judged record: `String(format:)` per byte cost more than the hash.
    public var lowercaseHex: String {
        String(unsafeUninitializedCapacity: count * 2) { text in
            var at = 0
            for byte in self {
                text[at] = hexDigits[Int(byte >> 4)]
                text[at + 1] = hexDigits[Int(byte & 0x0F)]
                at += 2
            }
            return at
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)
