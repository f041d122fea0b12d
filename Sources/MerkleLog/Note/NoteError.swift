/// Why a signed note, a note key or a note's signatures were rejected.
public enum NoteError: Error, Equatable, Sendable {
    /// The note is not valid UTF-8.
    case invalidUTF8
    /// An ASCII control character other than `\n` (CR, tab, …) at this byte offset.
    case controlCharacter(UInt8, offset: Int)
    /// The note's text is empty or does not end in `\n`.
    case textNotEndingInNewline
    /// No blank line separates the text from a signature block ending in `\n`.
    case missingSignatureBlock
    /// A note needs at least one signature.
    case noSignatures
    /// Signature line `number` (1-based) is not `— <name> <base64(key ID ‖ signature)>`.
    case malformedSignatureLine(number: Int, reason: String)
    /// More signatures than the 100 a note may carry.
    case tooManySignatures(Int)
    /// A key name that is empty or contains whitespace or `+`.
    case invalidKeyName(String)
    /// A verifier or signer key string that does not have the expected shape.
    case malformedKey(reason: String)
    /// A key of a signature type this package cannot verify (known: 0x01 Ed25519, 0x04 cosignature/v1).
    case unsupportedKeyType(UInt8)
    /// A key string whose hex key ID does not match its name and public key.
    case keyIDMismatch(name: String, declared: String, computed: String)
    /// A signature by a trusted key that does not verify: the whole note is rejected.
    case invalidSignature(name: String, keyID: String)
    /// No signature on the note comes from a trusted key; `signers` lists the names seen.
    case noTrustedSignature(signers: [String])
    /// The crypto library refused to sign.
    case signingFailed(String)
}

extension NoteError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidUTF8: "note is not valid UTF-8"
        case let .controlCharacter(byte, offset): "note has control character 0x\(String(byte, radix: 16)) at byte \(offset)"
        case .textNotEndingInNewline: "note text must be non-empty and end with a newline"
        case .missingSignatureBlock: "note has no blank line followed by newline-terminated signature lines"
        case .noSignatures: "note has no signatures"
        case let .malformedSignatureLine(number, reason): "note signature line \(number): \(reason)"
        case let .tooManySignatures(count): "note has \(count) signatures, at most 100 are allowed"
        case let .invalidKeyName(name): "invalid key name '\(name)': must be non-empty, without spaces or '+'"
        case let .malformedKey(reason): "malformed note key: \(reason)"
        case let .unsupportedKeyType(type): "unsupported note key type 0x\(String(type, radix: 16))"
        case let .keyIDMismatch(name, declared, computed): "key \(name): key ID \(declared) should be \(computed)"
        case let .invalidSignature(name, keyID): "signature by trusted key \(name)+\(keyID) does not verify"
        case let .noTrustedSignature(signers):
            "no signature by a trusted key (signed by: \(signers.isEmpty ? "nobody" : signers.joined(separator: ", ")))"
        case let .signingFailed(reason): "signing failed: \(reason)"
        }
    }
}
