import Crypto
import Foundation

/// A note signature that verified with a trusted key.
public struct VerifiedSignature: Sendable, Hashable {
    /// The trusted key that verified it.
    public let key: NoteVerifierKey
    /// For a `cosignature/v1` signature, the time (seconds since the Unix epoch) the witness signed at.
    public let timestamp: UInt64?
}

extension Note {
    /// Checks the note's signatures against trusted keys, the C2SP way.
    ///
    /// Signatures whose (name, key ID) match no trusted key are ignored, whatever their type. A
    /// signature that matches a trusted key but does not verify rejects the whole note. At least
    /// one signature must verify.
    ///
    /// - Returns: the signatures that verified, in note order.
    /// - Throws: ``NoteError/invalidSignature(name:keyID:)`` or ``NoteError/noTrustedSignature(signers:)``.
    @discardableResult
    public func verify(trusting keys: [NoteVerifierKey]) throws(NoteError) -> [VerifiedSignature] {
        var verified: [VerifiedSignature] = []
        for signature in signatures {
            let candidates = keys.filter { $0.matches(signature) }
            guard !candidates.isEmpty else { continue }  // unknown signer, or a type we do not verify
            guard let match = Self.firstVerifying(signature, text: text, among: candidates) else {
                throw .invalidSignature(name: signature.name, keyID: hex8(signature.keyID))
            }
            verified.append(match)
        }
        guard !verified.isEmpty else { throw .noTrustedSignature(signers: signatures.map(\.name)) }
        return verified
    }

    private static func firstVerifying(
        _ signature: Signature, text: String, among keys: [NoteVerifierKey]
    ) -> VerifiedSignature? {
        for key in keys {
            guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey) else { continue }
            switch key.type.verify(signature: signature.signature, text: text, publicKey: publicKey) {
            case .untimed?: return VerifiedSignature(key: key, timestamp: nil)
            case let .timed(time)?: return VerifiedSignature(key: key, timestamp: time)
            case nil: continue
            }
        }
        return nil
    }
}
