import EvidenceModel
import Foundation
import MerkleLog

#if canImport(Glibc)
    import Glibc
#endif

/// The workspace's log signing keys, in `keys/` (never inside the git store).
///
/// Each Ed25519 key is two files: `log-<keyid>.key` (the C2SP/Go signer key, mode 0600) and
/// `log-<keyid>.pub` (its verifier key). Every active key signs each checkpoint, so after
/// `rotate` checkpoints carry both signatures until the old key is retired; retired keys move to
/// `keys/retired/` and still verify the checkpoints they signed.
public struct KeyRing: Sendable {
    public let folder: URL

    public init(folder: URL) { self.folder = folder }

    public struct Entry: Sendable {
        public let verifier: NoteVerifierKey
        public let isActive: Bool
    }

    var retiredFolder: URL { folder.appendingPathComponent("retired") }

    /// The active signer keys; refuses keys that others can read.
    public func signers() throws(VigilError) -> [NoteSignerKey] {
        try keyFiles(in: folder, suffix: ".key").map { url throws(VigilError) in
            try requirePrivate(url)
            let text = try Self.text(of: url)
            do { return try NoteSignerKey(skey: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
                throw .input(file: url.path, reason: "not a signer key: \(error)")
            }
        }
    }

    /// Every known public key, active ones first.
    public func entries() throws(VigilError) -> [Entry] {
        let active = try keyFiles(in: folder, suffix: ".pub").map { url throws(VigilError) in
            Entry(verifier: try readVerifier(url), isActive: true)
        }
        let retired = try keyFiles(in: retiredFolder, suffix: ".pub").map { url throws(VigilError) in
            Entry(verifier: try readVerifier(url), isActive: false)
        }
        return active + retired
    }

    /// Creates a new active key named `name` (the log origin) and returns it.
    @discardableResult
    public func generate(name: String) throws(VigilError) -> NoteSignerKey {
        let key: NoteSignerKey
        do { key = try NoteSignerKey.generate(name: name) } catch {
            throw .usage("cannot make a key named '\(name)': \(error)")
        }
        let base = "log-\(String(format: "%08x", key.keyID))"
        try writeNew(folder.appendingPathComponent(base + ".key"), key.skey + "\n", mode: 0o600)
        try writeNew(folder.appendingPathComponent(base + ".pub"), key.verifierKey.vkey + "\n", mode: 0o644)
        return key
    }

    /// Adds the ML-DSA-65 key that co-signs bundles.
    @discardableResult
    public func generatePostQuantum() throws(VigilError) -> PostQuantumKey {
        try PostQuantumKey.generate(in: folder) { url, text, mode throws(VigilError) in try writeNew(url, text, mode: mode) }
    }

    public var postQuantumKey: PostQuantumKey? { PostQuantumKey.load(in: folder) }

    /// Moves a key out of signing; at least one active key must remain.
    public func retire(keyID: String) throws(VigilError) {
        let base = "log-\(keyID.lowercased())"
        let key = folder.appendingPathComponent(base + ".key")
        guard FileManager.default.fileExists(atPath: key.path) else {
            throw .usage("no active key with id \(keyID) in \(folder.path) (see 'vigil keys list')")
        }
        guard try keyFiles(in: folder, suffix: ".key").count > 1 else {
            throw .usage("key \(keyID) is the only active key; run 'vigil keys rotate' first")
        }
        do {
            try FileManager.default.createDirectory(
                at: retiredFolder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            try FileManager.default.moveItem(
                at: folder.appendingPathComponent(base + ".pub"),
                to: retiredFolder.appendingPathComponent(base + ".pub"))
            // The private half of a retired key has no further use: remove it rather than keep a secret around.
            try FileManager.default.removeItem(at: key)
        } catch {
            throw .io("cannot retire key \(keyID): \(FileProblem(error, path: key.path))")
        }
    }

    // MARK: Files

    private func keyFiles(in folder: URL, suffix: String) throws(VigilError) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { $0.hasPrefix("log-") && $0.hasSuffix(suffix) }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// A key file's text; one that cannot be read says why (`permission denied`, `is a folder, not a file`).
    static func text(of url: URL) throws(VigilError) -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .io("cannot read \(url.path): \(FileProblem(error, path: url.path))") }
        do { return try UTF8Text.decode(data) } catch { throw .input(file: url.path, reason: "\(error)") }
    }

    private func readVerifier(_ url: URL) throws(VigilError) -> NoteVerifierKey {
        let text = try Self.text(of: url)
        do { return try NoteVerifierKey(vkey: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw .input(file: url.path, reason: "not a verifier key: \(error)")
        }
    }

    /// A private key that group or others can read is refused, as ssh refuses such keys.
    private func requirePrivate(_ url: URL) throws(VigilError) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw .io("cannot stat \(url.path)") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .usage("\(url.path) is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(url.path)")
        }
    }

    private func writeNew(_ url: URL, _ text: String, mode: mode_t) throws(VigilError) {
        do {
            try FileManager.default.createDirectory(
                at: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch { throw .io("cannot create \(folder.path): \(FileProblem(error, path: folder.path))") }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .io("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw .io("cannot write \(url.path)") }
        fchmod(fd, mode)  // the umask may have narrowed or widened what open() set
    }
}
