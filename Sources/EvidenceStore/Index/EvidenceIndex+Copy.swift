import Foundation
internal import GRDB

extension EvidenceIndex {
    /// Copies the index built at `fresh` into this one, page for page, with SQLite's online backup
    /// in one write transaction of this index's writer: connections reading it meanwhile keep their
    /// snapshot, then read the copy.
    ///
    /// Moving a new file over the index instead (``replace(_:withIndexAt:)``) leaves a connection
    /// still open on the old file (another process's check, a TUI) on a deleted file, and when the
    /// last connection to a database closes, SQLite unlinks its `-wal` and `-shm` files by name:
    /// the new index's, from under whoever is using them.
    /// - Returns: false, having copied nothing, when the page sizes differ: a database in WAL mode
    ///   keeps its page size (an index made before 16 KiB pages), and only moving the file changes it.
    public func copyContent(ofIndexAt fresh: URL) throws(StoreError) -> Bool {
        do {
            let source = try DatabaseQueue(path: fresh.path)
            let pageSize = { (db: Database) in try Int.fetchOne(db, sql: "PRAGMA page_size") }
            guard try source.read(pageSize) == pool.read(pageSize) else { return false }
            // Pages pass through the writer's cache once: its 64 MiB would only hold the copy's
            // last pages, at the end of a large collect.
            let cache = try pool.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } ?? -2000
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -8192") }
            defer { try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(cache)") } }
            try source.backup(to: pool)
            return true
        } catch {
            throw .index(path: path.path, reason: "could not copy the index built at \(fresh.path) into it: \(error)")
        }
    }

    /// Removes an index's files (one built beside the workspace's, once copied into it).
    public static func discard(at path: URL) {
        removeDatabaseFiles(at: path)
    }
}
