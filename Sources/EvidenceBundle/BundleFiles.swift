import EvidenceModel
import Foundation

/// A bundle's files, gathered before it is written: the signed manifest lists every file's SHA-256
/// and comes first in the zip, so each file is hashed as it is added, and its bytes are either held
/// or spooled to a temporary file and read back, one at a time, as the zip is written.
///
/// Spooled, a bundle's export holds one file at a time rather than the whole bundle: every record,
/// proof and raw input held until the manifest was signed was 692 MiB for a bundle of 366 MB (#15).
public final class BundleFiles {
    private enum Place {
        case held(Data)
        case spooled(offset: Int64, count: Int)
    }

    private struct File {
        let sha256: String
        /// Its zip CRC-32, which the zip's header gives before the bytes.
        let checksum: UInt32
        let place: Place

        var count: Int {
            switch place {
            case .held(let data): data.count
            case .spooled(_, let count): count
            }
        }
    }

    private var files: [String: File] = [:]
    /// How many bytes a spooled file is read back in at a time.
    static let pieceSize = 4 << 20
    /// The spool (nil: files are held), removed from its folder as soon as it is open.
    private let spool: Int32?
    /// How many bytes were spooled, the ``pending`` ones included.
    private var spooled: Int64 = 0
    /// The spool's last bytes, not written yet.
    private var pending = Data()
    static let pendingLimit = 1 << 20

    /// Files held in memory (tests, small bundles).
    public init() { spool = nil }

    /// Files spooled to a temporary file in `folder` (the bundle's own folder: the same disk), which
    /// no one else can open, gone from the folder at once and from the disk when this is released.
    public init(spoolingIn folder: URL) throws(BundleError) {
        let path = folder.appendingPathComponent(".vigil-bundle-spool.XXXXXX").path
        var template = Array(path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { path in path.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { throw .write("cannot create a spool file in \(folder.path): \(FileProblem(errno: errno, path: path))") }
        _ = template.withUnsafeBufferPointer { path in path.baseAddress.map { unlink($0) } }
        spool = fd
    }

    deinit { if let spool { close(spool) } }

    /// How many bytes they hold (without the zip's headers).
    public private(set) var byteCount = 0

    /// Adds (or replaces) the file `name`.
    public func add(_ name: String, _ content: Data) throws(BundleError) {
        let (sha256, checksum) = (SHA256Hex.of(content), StoredZip.crc32(content))
        let replaced = files[name]?.count ?? 0
        guard let spool else {
            files[name] = File(sha256: sha256, checksum: checksum, place: .held(content))
            byteCount += content.count - replaced
            return
        }
        let offset = spooled
        if content.count >= Self.pieceSize {
            try flush()
            try write(content, at: offset, spool, name)
            spooled += Int64(content.count)
        } else {
            // Small files (a record, a proof) go to the spool a megabyte at a time, not a write each.
            pending.append(content)
            spooled += Int64(content.count)
            if pending.count >= Self.pendingLimit { try flush() }
        }
        files[name] = File(sha256: sha256, checksum: checksum, place: .spooled(offset: offset, count: content.count))
        byteCount += content.count - replaced
    }

    /// Writes the small files waiting in memory to the spool.
    private func flush() throws(BundleError) {
        guard let spool, !pending.isEmpty else { return }
        try write(pending, at: spooled - Int64(pending.count), spool, "the bundle's files")
        pending.removeAll(keepingCapacity: true)
    }

    private func write(_ content: Data, at offset: Int64, _ spool: Int32, _ name: String) throws(BundleError) {
        let failure = content.withUnsafeBytes { raw in
            Self.whole(raw.count) { done in pwrite(spool, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset) + off_t(done)) }
        }
        if let failure { throw .write("cannot spool \(name): \(FileProblem(errno: failure, path: "the spool"))") }
    }

    /// Runs `transfer` (a `pread` or `pwrite` of what is left after `done` bytes) until all `count`
    /// bytes went; the errno that stopped it, if any (EIO for an early end of file).
    private static func whole(_ count: Int, _ transfer: (_ done: Int) -> Int) -> Int32? {
        var done = 0
        while done < count {
            let n = transfer(done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return n == 0 ? EIO : errno }
            done += n
        }
        return nil
    }

    /// Every file's name, sorted, with its SHA-256 in hex.
    var listing: [(name: String, sha256: String)] { files.keys.sorted().map { ($0, files[$0]?.sha256 ?? "") } }

    /// The `count` bytes of the spooled file `name` that lie at `offset` in the spool.
    private func piece(of name: String, at offset: Int64, count: Int) throws(BundleError) -> Data {
        guard let spool else { throw .write("\(name) has no spool") }
        var data = Data(count: count)
        let failure = data.withUnsafeMutableBytes { raw in
            Self.whole(raw.count) { done in pread(spool, raw.baseAddress.map { $0 + done }, raw.count - done, off_t(offset) + off_t(done)) }
        }
        if let failure { throw .write("cannot read \(name) back from the spool: \(FileProblem(errno: failure, path: "the spool"))") }
        return data
    }
}

extension BundleFiles: ZipFileSource {
    func entry(_ name: String) throws(BundleError) -> (count: Int, checksum: UInt32) {
        guard let file = files[name] else { throw .write("\(name) was never added") }
        return (file.count, file.checksum)
    }

    func read(_ name: String, into take: (Data) throws(BundleError) -> Void) throws(BundleError) {
        guard let file = files[name] else { throw .write("\(name) was never added") }
        try flush()
        switch file.place {
        case .held(let data): try take(data)
        case .spooled(let offset, let count):
            var done = 0
            repeat {
                let size = min(Self.pieceSize, count - done)
                try take(try piece(of: name, at: offset + Int64(done), count: size))
                done += size
            } while done < count
        }
    }
}
