import Crypto
import Foundation

/// Lowercase hex SHA-256, the one digest Vigil names things by (record ids, raw inputs, subject folders).
public enum SHA256Hex {
    public static func of(_ data: Data) -> String { text(of: SHA256.hash(data: data)) }

    /// The digest of bytes hashed as they came, in pieces.
    public static func text(of digest: SHA256.Digest) -> String {
        // Record ids are computed for every judged record: String(format:) per byte cost more than the hash.
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    public static func of(_ text: String) -> String { of(Data(text.utf8)) }
}
