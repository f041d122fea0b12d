import Crypto
import Foundation

/// A witness's Ed25519 key for c2sp.org/tlog-cosignature `cosignature/v1` (key type 0x04), in the
/// Go skey shape `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x04 ‖ 32-byte seed)>`.
///
/// A separate type from ``NoteSignerKey`` on purpose: a cosignature signs a timestamped message
/// about a checkpoint, never the note text, so the two keys must not be interchangeable.
public struct NoteCosignerKey: Sendable {
    /// The witness's name, written on its signature lines.
    public let name: String
    /// `SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4]`.
    public let keyID: UInt32
    private let privateKey: Curve25519.Signing.PrivateKey

    /// A cosigner for an existing Ed25519 private key.
    public init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(NoteError) {
        try requireValidKeyName(name)
        self.name = name
        self.privateKey = privateKey
        self.keyID = NoteKeyType.cosignatureV1.keyID(name: name, publicKey: privateKey.publicKey.rawRepresentation)
    }

    /// Parses a cosigner skey (type byte 0x04) and checks its key ID; the secret is never echoed.
    public init(skey: String) throws(NoteError) {
        let (name, declared, key) = try parseSkey(skey, type: .cosignatureV1)
        try self.init(name: name, privateKey: key)
        guard keyID == declared else { throw .keyIDMismatch(name: name, declared: hex8(declared), computed: hex8(keyID)) }
    }

    /// A fresh random key.
    public static func generate(name: String) throws(NoteError) -> NoteCosignerKey {
        try NoteCosignerKey(name: name, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The skey string (secret).
    public var skey: String {
        let encoded = Data([NoteKeyType.cosignatureV1.rawValue]) + privateKey.rawRepresentation
        return "PRIVATE+KEY+\(name)+\(hex8(keyID))+\(encoded.base64EncodedString())"
    }

    /// The vkey auditors pass as `--witness`.
    public var verifierKey: NoteVerifierKey {
        guard let key = try? NoteVerifierKey(name: name, type: .cosignatureV1, publicKey: privateKey.publicKey.rawRepresentation) else {
            preconditionFailure("verifier key of a valid cosigner key")
        }
        return key
    }

    /// The cosignature line's signature over a checkpoint body at `timestamp` (seconds since the epoch):
    /// Ed25519 over `"cosignature/v1\ntime <timestamp>\n" ‖ body`, carried as `uint64be timestamp ‖ signature`.
    public func cosign(checkpointBody body: String, timestamp: UInt64) throws(NoteError) -> Note.Signature {
        guard timestamp < 1 << 63 else { throw .signingFailed("timestamp \(timestamp) is not below 2^63") }
        let message = Data(NoteKeyType.cosignatureMessage(body: body, timestamp: timestamp).utf8)
        let bytes: Data
        do { bytes = try privateKey.signature(for: message) } catch { throw .signingFailed("\(error)") }
        let time = withUnsafeBytes(of: timestamp.bigEndian) { Data($0) }
        return try Note.Signature(name: name, keyID: keyID, signature: time + bytes)
    }
}
