import Crypto
import EvidenceModel
import Foundation
internal import GRDB

extension EvidenceIndex {
    /// SHA-256 over the index's bytes as SQLite reads them: the database file, then its write-ahead
    /// log (absent and empty hash alike). Any edit of the index's content, through SQLite or not,
    /// changes it; call ``settleJournal()`` first so committed pages are in the file.
    ///
    /// Each file is hashed in pieces of ``digestPiece`` bytes, on every core, and the digest is the
    /// SHA-256 of their digests: a 2.4 GB index (a million Boulder records) took 2.2 s on one core, on
    /// every check and twice in every collect into it. The pieces are fixed, so the digest does not
    /// depend on how many cores hashed them.
    ///
    /// Three header counters are left out (change counter, schema cookie, version-valid-for at
    /// offsets 24, 40 and 92): GRDB creates and drops a table whenever it opens a pool without a
    /// write-ahead log, which moves them and nothing else.
    public func contentDigest() throws(StoreError) -> Data { try contentDigest(piece: Self.digestPiece) }

    /// ``contentDigest()`` over pieces of `piece` bytes (smaller in tests, to have several).
    func contentDigest(piece: Int) throws(StoreError) -> Data {
        var hash = SHA256()
        for (number, file) in [path.path, path.path + "-wal"].enumerated() {
            guard FileManager.default.fileExists(atPath: file) else { continue }
            let pieces = try Self.pieceDigests(of: file, piece: piece, blankingHeaderCounters: number == 0)
            guard !pieces.isEmpty else { continue }
            hash.update(data: Data("file \(number), \(pieces.count) pieces\n".utf8))
            for piece in pieces { hash.update(data: piece) }
        }
        return Data(hash.finalize())
    }

    /// The size of the pieces ``contentDigest()`` hashes apart.
    static let digestPiece = 64 << 20

    /// The SHA-256 of each `piece` bytes of `file`, in order, hashed on all cores.
    private static func pieceDigests(of file: String, piece digestPiece: Int, blankingHeaderCounters: Bool) throws(StoreError) -> [Data] {
        @Sendable func failure(_ what: String) -> StoreError { .index(path: file, reason: "\(what): \(String(cString: strerror(errno)))") }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot be read") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot be read") }
        let size = Int(status.st_size)
        let pieces = Array(0..<((size + digestPiece - 1) / digestPiece))
        return try ParallelShares.map(pieces, minimum: 2) { share throws(StoreError) in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            return try share.map { piece throws(StoreError) in
                var hash = SHA256()
                var offset = piece * digestPiece
                let end = min(offset + digestPiece, size)
                while offset < end {
                    let wanted = min(buffer.count, end - offset)
                    let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
                    if got < 0, errno == EINTR { continue }
                    guard got > 0 else {
                        throw got == 0 ? StoreError.index(path: file, reason: "became shorter while it was read") : failure("cannot be read")
                    }
                    if blankingHeaderCounters, offset == 0, got >= 100 {
                        for counter in [24, 40, 92] { buffer.replaceSubrange(counter..<(counter + 4), with: [0, 0, 0, 0]) }
                    }
                    buffer.withUnsafeBytes { hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<got])) }
                    offset += got
                }
                return Data(hash.finalize())
            }
        }
    }

    /// Moves the write-ahead log into the database file and empties it, so the index's bytes stay
    /// as they are when the last connection closes. False when a reader kept part of it.
    ///
    /// The next opening of the pool creates and drops a table (see ``contentDigest()``), which takes
    /// a page from the free list, or grows the file when the list is empty; doing the same here first
    /// leaves a free page for it, so that opening puts the file back exactly as it was.
    @discardableResult
    public func settleJournal() throws(StoreError) -> Bool {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.inSavepoint {
                    try db.execute(sql: "CREATE TABLE vigil_settle (id INTEGER PRIMARY KEY); DROP TABLE vigil_settle")
                    return .commit
                }
                // (busy, frames in the log, frames moved): busy means a reader held part of it back.
                let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return (row?[0] as Int?) == 0
            }
        } catch {
            throw .index(path: path.path, reason: "\(error)")
        }
    }
}
