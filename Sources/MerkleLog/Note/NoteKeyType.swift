import Crypto
import Foundation

/// The signature types (first byte of an encoded key) that this package can verify.
///
/// Signature lines of any other type (ECDSA 0x02, RFC 6962 0x05, ML-DSA-44 0x06, grease…) are
/// carried and ignored, never rejected.
public enum NoteKeyType: UInt8, Sendable, Hashable, CaseIterable {
    /// Ed25519 over the note text (log signatures).
    case ed25519 = 0x01
    /// c2sp.org/tlog-cosignature Ed25519 `cosignature/v1` (witnesses): signs a timestamped
    /// message over a checkpoint; the signature is `uint64be timestamp ‖ 64-byte signature`.
    case cosignatureV1 = 0x04
}

extension NoteKeyType {
    /// The key ID: the first 4 bytes, big-endian, of `SHA-256(name ‖ 0x0A ‖ type ‖ public key)`.
    func keyID(name: String, publicKey: Data) -> UInt32 {
        var hasher = SHA256()
        hasher.update(data: Data(name.utf8))
        hasher.update(data: Data([0x0A, rawValue]))
        hasher.update(data: publicKey)
        return hasher.finalize().prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// Checks `signature` (the bytes after the key ID) over `text`; returns the cosignature timestamp
    /// for ``cosignatureV1``, or `nil` if the signature does not verify.
    func verify(signature: Data, text: String, publicKey: Curve25519.Signing.PublicKey) -> VerifiedTime? {
        switch self {
        case .ed25519:
            return publicKey.isValidSignature(signature, for: Data(text.utf8)) ? .untimed : nil
        case .cosignatureV1:
            guard signature.count == 72 else { return nil }
            let timestamp = signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard timestamp < 1 << 63 else { return nil }
            let message = Data(Self.cosignatureMessage(body: text, timestamp: timestamp).utf8)
            return publicKey.isValidSignature(signature.dropFirst(8), for: message) ? .timed(timestamp) : nil
        }
    }

    /// What a `cosignature/v1` signature signs: the checkpoint body (extension lines included) under a timestamp.
    static func cosignatureMessage(body: String, timestamp: UInt64) -> String {
        "cosignature/v1\ntime \(timestamp)\n\(body)"
    }

    /// Whether a verified signature carries a time.
    enum VerifiedTime {
        case untimed
        case timed(UInt64)
    }
}
