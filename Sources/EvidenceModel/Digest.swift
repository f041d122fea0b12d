import Crypto
import Foundation

/// Lowercase hex SHA-256, the one digest Vigil names things by (record ids, raw inputs, subject folders).
public enum SHA256Hex {
    public static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func of(_ text: String) -> String { of(Data(text.utf8)) }
}
