import Crypto
import EvidenceModel
import Foundation

/// The optional ML-DSA-65 key that co-signs bundles (DESIGN §3): `keys/mldsa65.key` holds the
/// base64 FIPS 204 seed (mode 0600), `keys/mldsa65.pub` the base64 public key.
///
/// Checkpoints stay Ed25519: C2SP's post-quantum choice for notes is ML-DSA-44, which swift-crypto
/// does not offer yet.
public struct PostQuantumKey: Sendable {
    public let publicKey: Data

    static func paths(in folder: URL) -> (key: URL, pub: URL) {
        (folder.appendingPathComponent("mldsa65.key"), folder.appendingPathComponent("mldsa65.pub"))
    }

    /// Creates the key pair; refuses to replace an existing one.
    static func generate(in folder: URL, write: (URL, String, mode_t) throws(VigilError) -> Void) throws(VigilError) -> PostQuantumKey {
        let (keyURL, pubURL) = paths(in: folder)
        guard !FileManager.default.fileExists(atPath: keyURL.path) else {
            throw .usage("\(keyURL.path) already exists")
        }
        let key: MLDSA65.PrivateKey
        do { key = try MLDSA65.PrivateKey() } catch { throw .io("cannot generate an ML-DSA-65 key: \(error)") }
        try write(keyURL, key.seedRepresentation.base64EncodedString() + "\n", 0o600)
        try write(pubURL, key.publicKey.rawRepresentation.base64EncodedString() + "\n", 0o644)
        return PostQuantumKey(publicKey: key.publicKey.rawRepresentation)
    }

    /// The public key, when the workspace has one.
    static func load(in folder: URL) -> PostQuantumKey? {
        guard let text = try? String(contentsOf: paths(in: folder).pub, encoding: .utf8),
            let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return PostQuantumKey(publicKey: data)
    }

    /// The private key, for signing bundles; refuses a key file others can read.
    static func loadPrivate(in folder: URL) throws(VigilError) -> MLDSA65.PrivateKey? {
        let url = paths(in: folder).key
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let mode = ((try? FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions]) as? Int) ?? 0
        guard mode & 0o077 == 0 else {
            throw .usage("\(url.path) is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(url.path)")
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8),
            let seed = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? MLDSA65.PrivateKey(seedRepresentation: seed, publicKey: nil)
        else { throw .input(file: url.path, reason: "not a base64 ML-DSA-65 seed") }
        return key
    }

    /// A short fingerprint for listings: the first 8 hex digits of SHA-256 of the public key.
    public var fingerprint: String {
        SHA256.hash(data: publicKey).withUnsafeBytes { $0.prefix(4).lowercaseHex }
    }
}
