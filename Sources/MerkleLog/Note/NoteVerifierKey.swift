import Crypto
import Foundation

/// A public key that verifies note signatures, as the C2SP vkey string
/// `<name>+<8 hex key ID>+<base64(type ‖ public key)>`.
///
/// Example: `example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k`.
public struct NoteVerifierKey: Sendable, Hashable {
    /// The key name, matched against signature lines.
    public let name: String
    /// The key ID derived from name, type and public key.
    public let keyID: UInt32
    /// The signature type.
    public let type: NoteKeyType
    /// The raw 32-byte Ed25519 public key.
    public let publicKey: Data

    /// Parses a vkey string and checks that its key ID matches.
    ///
    /// - Throws: ``NoteError/malformedKey(reason:)``, ``NoteError/invalidKeyName(_:)``,
    ///   ``NoteError/unsupportedKeyType(_:)`` or ``NoteError/keyIDMismatch(name:declared:computed:)``.
    public init(vkey: String) throws(NoteError) {
        // The base64 part may itself contain '+', so only the first two '+' separate fields.
        let fields = vkey.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else { throw .malformedKey(reason: "expected name+keyid+key") }
        let name = String(fields[0])
        try requireValidKeyName(name)
        guard let declared = parseKeyID(fields[1]) else {
            throw .malformedKey(reason: "key ID '\(fields[1])' is not 8 hex digits")
        }
        guard let encoded = strictBase64(fields[2]), let typeByte = encoded.first else {
            throw .malformedKey(reason: "key is not canonical base64")
        }
        guard let type = NoteKeyType(rawValue: typeByte) else { throw .unsupportedKeyType(typeByte) }
        try self.init(name: name, type: type, publicKey: Data(encoded.dropFirst()))
        guard keyID == declared else {
            throw .keyIDMismatch(name: name, declared: hex8(declared), computed: hex8(keyID))
        }
    }

    /// A verifier for a raw 32-byte Ed25519 public key.
    public init(name: String, type: NoteKeyType = .ed25519, publicKey: Data) throws(NoteError) {
        try requireValidKeyName(name)
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw .malformedKey(reason: "public key is \(publicKey.count) bytes, expected a 32-byte Ed25519 key")
        }
        self.name = name
        self.type = type
        self.publicKey = publicKey
        self.keyID = type.keyID(name: name, publicKey: publicKey)
    }

    /// The vkey string.
    public var vkey: String {
        "\(name)+\(hex8(keyID))+\((Data([type.rawValue]) + publicKey).base64EncodedString())"
    }

    /// Whether this key is the one a signature line claims (same name and key ID).
    func matches(_ signature: Note.Signature) -> Bool {
        signature.name == name && signature.keyID == keyID
    }
}

extension NoteVerifierKey: CustomStringConvertible {
    public var description: String { vkey }
}

/// Exactly 8 hex digits.
func parseKeyID(_ text: some StringProtocol) -> UInt32? {
    guard text.utf8.count == 8, text.allSatisfy(\.isHexDigit) else { return nil }
    return UInt32(text, radix: 16)
}
