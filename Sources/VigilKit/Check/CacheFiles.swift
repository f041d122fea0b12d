import Crypto
import EvidenceModel
import Foundation

/// A workspace folder of cached payloads, one file per key and kind (`<key>.<kind>`), each behind
/// an HMAC-SHA256 under the workspace's cache secret (``CacheEntryMAC``): a file edited, or copied
/// from another key's, by anyone who cannot read `keys/` fails its MAC and is a miss. A cache that
/// cannot be written or read only costs speed.
struct CacheFiles {
    let folder: URL
    /// nil when the secret cannot be read or created: then nothing is kept.
    let secret: SymmetricKey?

    /// The payload of kind `kind` kept under `key`, if its MAC holds and its file is at most `bound`
    /// bytes: a file planted to exhaust memory is not read.
    func payload(_ key: String, kind: Kind, bound: Int) -> Data? {
        payloadBytes(key, kind: kind, bound: bound).map { Data($0.bytes[$0.start...]) }
    }

    /// ``payload(_:kind:bound:)`` as the file's bytes, read into one array, and where the payload
    /// starts in them: the re-check memory of 400k keys (72 MB) was read, copied out of its MAC and
    /// copied again to be decoded, three copies at once.
    func payloadBytes(_ key: String, kind: Kind, bound: Int) -> (bytes: [UInt8], start: Int)? {
        let path = file(key, kind).path
        guard let mac = mac(kind), let size = Self.size(of: path), size <= bound, size > CacheEntryMAC.size,
            let stored = Self.contents(of: path, size: size), stored.count > CacheEntryMAC.size,
            mac.code(stored[CacheEntryMAC.size...], key: key) == stored[..<CacheEntryMAC.size]
        else { return nil }
        return (stored, CacheEntryMAC.size)
    }

    /// The bytes of the file at `path`, expected to be `size` long (nil if it cannot be read whole).
    private static func contents(of path: String, size: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        guard case .success = StreamedFile.read(path: path, upTo: size, { bytes.append(contentsOf: $0) }), bytes.count == size
        else { return nil }
        return bytes
    }

    /// Keeps the payload `pieces` make in turn under `key`, written as the MAC and then each piece
    /// (never joined: a re-check memory of a million records is 28 MB), replacing the file whole.
    /// - Returns: whether it was kept.
    @discardableResult
    func keep(_ pieces: [[UInt8]], key: String, kind: Kind) -> Bool {
        guard let mac = mac(kind) else { return false }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let written = try AtomicFile(replacing: file(key, kind), mode: 0o600)
            try written.append(Array(mac.code(pieces, key: key)))
            for piece in pieces { try written.append(piece) }
            try written.commit()
            return true
        } catch { return false }
    }

    /// Removes all but the `kept` newest keys having a file of kind `kind`, with every file of
    /// theirs (a few instants or control folders looked at in turn are kept).
    func forgetAllButNewest(_ kept: Int, by kind: Kind) {
        let files = FileManager.default
        guard let urls = try? files.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return }
        let dated = urls.filter { $0.pathExtension == kind.name }.map { url in
            (url, (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast)
        }
        let stale = Set(dated.sorted { $0.1 > $1.1 }.dropFirst(kept).map { $0.0.deletingPathExtension().lastPathComponent })
        for url in urls where stale.contains(url.deletingPathExtension().lastPathComponent) { try? files.removeItem(at: url) }
    }

    /// One kind of file: its extension, and the label its MAC is taken under (with its format's version).
    struct Kind {
        let name: String
        let label: String
    }

    /// The size of the file at `path`, nil when there is none.
    static func size(of path: String) -> Int? {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : nil
    }

    func file(_ key: String, _ kind: Kind) -> URL { folder.appendingPathComponent("\(key).\(kind.name)") }

    func mac(_ kind: Kind) -> CacheEntryMAC? { secret.map { CacheEntryMAC(label: kind.label, secret: $0) } }
}
