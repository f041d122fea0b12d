import Crypto
import EvidenceModel
import Foundation
internal import GRDB

extension EvidenceIndex {
    /// SHA-256 over the index's bytes as SQLite reads them: the database file, then its write-ahead
    /// log (absent and empty hash alike). Any edit of the index's content, through SQLite or not,
    /// changes it; call ``settleJournal()`` first so committed pages are in the file.
    ///
    /// Three header counters are left out (change counter, schema cookie, version-valid-for at
    /// offsets 24, 40 and 92): GRDB creates and drops a table whenever it opens a pool without a
    /// write-ahead log, which moves them and nothing else.
    public func contentDigest() throws(StoreError) -> Data {
        var hash = SHA256()
        for file in [path.path, path.path + "-wal"] {
            guard FileManager.default.fileExists(atPath: file) else { continue }
            guard let handle = FileHandle(forReadingAtPath: file) else {
                throw .index(path: file, reason: "cannot be read")
            }
            defer { try? handle.close() }
            do {
                var first = file == path.path
                while var chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    if first, chunk.count >= 100 {
                        for counter in [24, 40, 92] { chunk.replaceSubrange(counter..<(counter + 4), with: [0, 0, 0, 0]) }
                    }
                    first = false
                    hash.update(data: chunk)
                }
            } catch {
                throw .index(path: file, reason: "\(FileProblem(error, path: file))")
            }
        }
        return Data(hash.finalize())
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
