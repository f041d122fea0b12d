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
    public func contentDigest() throws(StoreError) -> Data { try digest().value }

    /// ``contentDigest()`` over pieces of `piece` bytes (smaller in tests, to have several).
    func contentDigest(piece: Int) throws(StoreError) -> Data { try digest(piece: piece).value }

    /// ``contentDigest()`` kept piece by piece, of `piece` bytes; `known` gives the digest of a
    /// database piece that need not be hashed again.
    func digest(piece: Int = digestPiece, known: (Int) -> Data? = { _ in nil }) throws(StoreError) -> IndexDigest {
        let wal = path.path + "-wal"
        return IndexDigest(
            piece: piece, database: try Self.pieceDigests(of: path.path, piece: piece, blankingHeaderCounters: true, known: known),
            wal: FileManager.default.fileExists(atPath: wal) ? try Self.pieceDigests(of: wal, piece: piece, blankingHeaderCounters: false) : [])
    }

    /// Settles the write-ahead log into the file (``settleJournal()``) and gives the index's digest.
    /// When `earlier` was taken with the log empty and the log held every page written since, only
    /// the pieces those pages fall in, or past the earlier end, are hashed again; otherwise every
    /// piece is.
    ///
    /// A piece changed some other way keeps its earlier digest, so a seal made of this value does
    /// not hold for the file as it is: the change is found, by a whole audit, not sealed.
    public func settledDigest(since earlier: IndexDigest?) throws(StoreError) -> IndexDigest {
        var written: WrittenPages?
        try settleJournal(noting: { written = $0 })
        guard let earlier, earlier.wal.isEmpty, let written else { return try digest(piece: earlier?.piece ?? Self.digestPiece) }
        // The pieces each page overlaps (one, unless pieces are smaller than pages, as in tests).
        let changed = Set(
            written.pages.flatMap { page in
                ((page - 1) * written.pageSize / earlier.piece)...((page * written.pageSize - 1) / earlier.piece)
            })
        return try digest(piece: earlier.piece) { number in
            number < earlier.database.count - 1 && !changed.contains(number) ? earlier.database[number] : nil
        }
    }

    /// A number that changes whenever another connection (another process) commits to the index,
    /// and never for this index's own writes: SQLite's `data_version`, read on the one connection
    /// they all go through. A seal made of what a sync wrote holds only if nothing else wrote.
    public func commitsByOthers() throws(StoreError) -> Int {
        try write { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// The size of the pieces ``contentDigest()`` hashes apart: small enough that every core gets about
    /// as many bytes (in 64 MiB pieces, one of two cores hashed 128 of a 157 MB index, the tenth of a
    /// re-check of 50k subjects spent waiting for it), large enough that the digests stay few.
    static let digestPiece = 16 << 20

    /// The SHA-256 of each `piece` bytes of `file`, in order, hashed on all cores; `known` gives a
    /// piece's digest where it need not be hashed again.
    private static func pieceDigests(
        of file: String, piece digestPiece: Int, blankingHeaderCounters: Bool, known: (Int) -> Data? = { _ in nil }
    ) throws(StoreError) -> [Data] {
        @Sendable func failure(_ what: String) -> StoreError { .index(path: file, reason: "\(what): \(String(cString: strerror(errno)))") }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot be read") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot be read") }
        let size = Int(status.st_size)
        var digests = (0..<((size + digestPiece - 1) / digestPiece)).map(known)
        let pieces = digests.indices.filter { digests[$0] == nil }
        let hashed = try ParallelShares.map(pieces, minimum: 2) { share throws(StoreError) in
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
        for (piece, digest) in zip(pieces, hashed) { digests[piece] = digest }
        return digests.map { $0 ?? Data() }
    }

    /// Moves the write-ahead log into the database file and empties it, so the index's bytes stay
    /// as they are when the last connection closes. False when a reader kept part of it.
    ///
    /// The next opening of the pool creates and drops a table (see ``contentDigest()``), which takes
    /// a page from the free list, or grows the file when the list is empty; doing the same here first
    /// leaves a free page for it, so that opening puts the file back exactly as it was.
    @discardableResult
    public func settleJournal() throws(StoreError) -> Bool { try settleJournal(noting: { _ in }) }

    /// ``settleJournal()``, telling `written` the pages the log holds just before they are moved
    /// into the file (nil when it cannot tell them all: see ``WrittenPages/read(walAt:pageSize:restartAt:)``).
    @discardableResult
    func settleJournal(noting written: (WrittenPages?) -> Void) throws(StoreError) -> Bool {
        do {
            return try pool.writeWithoutTransaction { db in
                try db.inSavepoint {
                    // GRDB's own statement (`Database.setUpWALMode`), byte for byte: a table of another
                    // name is a schema cell of another size, and page 1's free space came out otherwise
                    // after GRDB's turn than after this one (a new index's seal broke at its next opening).
                    try db.execute(sql: "CREATE TABLE grdb_issue_102 (id INTEGER PRIMARY KEY); DROP TABLE grdb_issue_102")
                    return .commit
                }
                let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                let restartAt = try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 0
                // A size limit would let SQLite shrink the log as it starts it again, hiding the restart.
                let unlimited = try Int.fetchOne(db, sql: "PRAGMA journal_size_limit") ?? 0 < 0
                written(unlimited ? WrittenPages.read(walAt: path.path + "-wal", pageSize: pageSize, restartAt: restartAt) : nil)
                // (busy, frames in the log, frames moved): busy means a reader held part of it back.
                let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return (row?[0] as Int?) == 0
            }
        } catch {
            throw .index(path: path.path, reason: "\(error)")
        }
    }
}
