import Crypto
import Foundation

/// An Ed25519 key that signs notes, in Go's `golang.org/x/mod/sumdb/note` private key format
/// `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 ‖ 32-byte seed)>`.
///
/// Ed25519 signatures are deterministic here (BoringSSL), so signing the same text twice gives
/// the same note.
public struct NoteSignerKey: Sendable {
    /// The key name written on signature lines; for checkpoints, normally the log's origin.
    public let name: String
    /// The key ID shared with ``verifierKey``.
    public let keyID: UInt32
    private let privateKey: Curve25519.Signing.PrivateKey

    /// Parses an skey string and checks its key ID.
    ///
    /// - Throws: ``NoteError/malformedKey(reason:)`` (without echoing the secret),
    ///   ``NoteError/invalidKeyName(_:)``, ``NoteError/unsupportedKeyType(_:)``, ``NoteError/keyIDMismatch(name:declared:computed:)``.
    public init(skey: String) throws(NoteError) {
        let (name, declared, key) = try parseSkey(skey, type: .ed25519)
        try self.init(name: name, privateKey: key)
        guard keyID == declared else {
            throw .keyIDMismatch(name: name, declared: hex8(declared), computed: hex8(keyID))
        }
    }

    /// A signer for an existing Ed25519 private key.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(NoteError) {
        try requireValidKeyName(name)
        self.name = name
        self.privateKey = privateKey
        self.keyID = NoteKeyType.ed25519.keyID(name: name, publicKey: privateKey.publicKey.rawRepresentation)
    }

    /// A fresh random key; store ``skey`` secretly and publish ``verifierKey``'s `vkey`.
    public static func generate(name: String) throws(NoteError) -> NoteSignerKey {
        try NoteSignerKey(name: name, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The skey string (secret).
    public var skey: String {
        "PRIVATE+KEY+\(name)+\(hex8(keyID))+\((Data([NoteKeyType.ed25519.rawValue]) + privateKey.rawRepresentation).base64EncodedString())"
    }

    /// The matching verifier key.
    public var verifierKey: NoteVerifierKey {
        // Cannot fail: the name was validated and the key is a valid Ed25519 public key.
        guard let key = try? NoteVerifierKey(name: name, publicKey: privateKey.publicKey.rawRepresentation) else {
            preconditionFailure("verifier key of a valid signer key")
        }
        return key
    }

    /// Signs `text` (non-empty, ending in `\n`, no control characters) into a note with one signature.
    public func sign(_ text: String) throws(NoteError) -> Note {
        try Note.requireValidText(text)
        return try Note(text: text, signatures: [try signature(over: text)])
    }

    /// Adds this key's signature to an already signed note (e.g. during key rollover), replacing
    /// an earlier signature by the same key.
    public func sign(_ note: Note) throws(NoteError) -> Note {
        let others = note.signatures.filter { !($0.name == name && $0.keyID == keyID) }
        return try Note(text: note.text, signatures: others + [try signature(over: note.text)])
    }

    /// A plain Ed25519 signature over `message`, for envelopes that are not notes (DSSE bundles).
    ///
    /// Safe to share the key: a DSSE pre-authentication encoding starts with `DSSEv1 ` and ends with
    /// a JSON payload, so it can never be the text of a note (which ends in a newline).
    public func signature(forMessage message: Data) throws(NoteError) -> Data {
        do { return try privateKey.signature(for: message) } catch { throw .signingFailed("\(error)") }
    }

    private func signature(over text: String) throws(NoteError) -> Note.Signature {
        do {
            let bytes = try privateKey.signature(for: Data(text.utf8))
            return try Note.Signature(name: name, keyID: keyID, signature: bytes)
        } catch {
            throw .signingFailed("\(error)")
        }
    }
}

/// The fields of a Go-style skey `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(type ‖ 32-byte seed)>`
/// of the given type; errors never echo the secret.
func parseSkey(_ skey: String, type: NoteKeyType) throws(NoteError) -> (name: String, keyID: UInt32, key: Curve25519.Signing.PrivateKey) {
    let fields = skey.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
    guard fields.count == 5, fields[0] == "PRIVATE", fields[1] == "KEY" else {
        throw .malformedKey(reason: "expected PRIVATE+KEY+name+keyid+key")
    }
    guard let declared = parseKeyID(fields[3]) else { throw .malformedKey(reason: "key ID is not 8 hex digits") }
    guard let encoded = strictBase64(fields[4]), let typeByte = encoded.first else {
        throw .malformedKey(reason: "private key is not canonical base64")
    }
    guard typeByte == type.rawValue else { throw .unsupportedKeyType(typeByte) }
    guard encoded.count == 33, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: encoded.dropFirst())
    else { throw .malformedKey(reason: "private key is not a 32-byte Ed25519 seed") }
    return (String(fields[2]), declared, key)
}
