import EvidenceModel
import Foundation
internal import GRDB
import MerkleLog

/// The SQLite index (GRDB, WAL mode): a derived, rebuildable view of the store for fast queries.
///
/// It is never the truth: `sync(with:)` reads it from HEAD's signed log alone (never from side
/// commits), `rebuild` recreates it identically, and ``audit(against:trusting:)`` checks it whole
/// against the signed log before a verdict rests on it.
public final class EvidenceIndex {
    public let path: URL
    let pool: DatabasePool
    /// How much one sync transaction indexes; tests make it small to sync over many transactions.
    var transactionSize = SyncTransactionSize()

    public convenience init(path: URL) throws(StoreError) {
        try self.init(path: path, newPageSize: Self.pageSize)
    }

    /// Opens the index at `path`, made with pages of `newPageSize` bytes if it is new.
    init(path: URL, newPageSize: Int) throws(StoreError) {
        self.path = path
        do {
            var configuration = Configuration()
            // A collect run and a check may sync at the same moment: wait for the other writer.
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                db.add(function: RecordPacking.unpackingFunction())
                // Indexing a large collect wrote most of its pages twice: dirty pages spilled from
                // the default 2 MB cache mid-transaction, and the WAL was copied back every 1,000
                // pages (a fifth of a 100k-key collect). A 64 MiB cache and a checkpoint every
                // 64 MiB of WAL write each hot page about once.
                // Readers keep SQLite's default cache: the OS caches the file already, and a check
                // would otherwise hold most of the index in its own memory too.
                guard !db.configuration.readonly else { return }
                // Pages of 16 KiB (``pageSize``), set before a new index's first write (an existing
                // one keeps its own until `vigil index rebuild` makes it anew): a record row of ~1.5
                // KB left a quarter of each 4 KiB page empty, two rows a page.
                try db.execute(sql: "PRAGMA page_size = \(newPageSize)")
                let pages = (64 << 20) / max(try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096, 512)
                try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = \(pages)")
            }
            pool = try DatabasePool(path: path.path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw .index(path: path.path, reason: "\(error)")
        }
    }

    /// The page size of a new index, in bytes.
    static let pageSize = 16384

    /// The page size of this index, and how many pages of WAL it writes before copying them back.
    var pages: (size: Int, checkpointEvery: Int) {
        get throws(StoreError) {
            try write { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0, try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 0)
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE store_commit (
                        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, time REAL NOT NULL, message TEXT NOT NULL);
                    CREATE TABLE record (
                        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, kind TEXT NOT NULL, subject TEXT NOT NULL,
                        observed_at REAL NOT NULL, collector TEXT NOT NULL, origin TEXT NOT NULL,
                        source_name TEXT NOT NULL, source_sha256 TEXT NOT NULL, commit_id TEXT NOT NULL,
                        json BLOB NOT NULL);
                    CREATE INDEX record_by_subject ON record(subject, kind, observed_at);
                    CREATE INDEX record_by_kind ON record(kind, observed_at);
                    CREATE INDEX record_by_time ON record(observed_at);
                    """)
        }
        // An evaluation asks, per kind, for each subject's newest observation (EvaluationSelection):
        // this index answers that with one seek per subject instead of a scan of the kind's history.
        migrator.registerMigration("v2 record_by_kind_subject") { db in
            try db.execute(sql: "CREATE INDEX record_by_kind_subject ON record(kind, subject, observed_at)")
        }
        // Evaluations the TUI computed, by a key that names everything they depend on. No longer
        // written: the TUI keeps them in the workspace's tui-cache/ since 2026-12-06, so that its
        // statuses show before the index is opened. Kept so that a sealed index stays sealed.
        migrator.registerMigration("v3 evaluation_cache") { db in
            try db.execute(
                sql: """
                    CREATE TABLE evaluation_cache (key TEXT PRIMARY KEY, head TEXT NOT NULL, payload BLOB NOT NULL)
                    """)
        }
        // The index is read from HEAD's signed log: records carry their logged time and position in
        // their subject's log, and the index remembers how far into the root log it has read.
        migrator.registerMigration("v4 signed log") { db in
            try db.execute(
                sql: """
                    DELETE FROM record; DELETE FROM store_commit; DELETE FROM evaluation_cache;
                    ALTER TABLE record ADD COLUMN logged_at REAL NOT NULL DEFAULT 0;
                    ALTER TABLE record ADD COLUMN leaf_index INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX record_by_subject_leaf ON record(subject, leaf_index);
                    CREATE TABLE log_state (
                        id INTEGER PRIMARY KEY CHECK (id = 1), head TEXT NOT NULL, root_size INTEGER NOT NULL,
                        root_compact TEXT NOT NULL);
                    CREATE TABLE subject_log (subject TEXT PRIMARY KEY, size INTEGER NOT NULL, compact TEXT NOT NULL);
                    """)
        }
        // Records packed against their kind's dictionary (RecordPacking): rows indexed before stay
        // as they are (dictionary 0) until `vigil index rebuild`.
        migrator.registerMigration("v5 packed records") { db in
            try db.execute(
                sql: """
                    CREATE TABLE record_dictionary (number INTEGER PRIMARY KEY, kind TEXT NOT NULL UNIQUE, bytes BLOB NOT NULL);
                    ALTER TABLE record ADD COLUMN dictionary INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        // A check's selection reads each record's seq, kind, subject and logged time beside the
        // columns it seeks on: with them in both kind indexes, SQLite answers it from the index alone
        // instead of reading each record's row, a page of its own for most (0.37 s of a check of 200k
        // Boulder records on one core). Plans: EvaluationSelectionTests.theSelectionIsReadFromTheKindIndexesAlone.
        migrator.registerMigration("v6 covering kind indexes") { db in
            try db.execute(
                sql: """
                    DROP INDEX record_by_kind;
                    CREATE INDEX record_by_kind ON record(kind, observed_at, logged_at, subject, seq);
                    DROP INDEX record_by_kind_subject;
                    CREATE INDEX record_by_kind_subject ON record(kind, subject, observed_at, logged_at, seq);
                    """)
        }
        return migrator
    }

    /// The store commit the index has caught up to.
    public func indexedHead() throws(StoreError) -> GitObjectID? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT head FROM log_state WHERE id = 1").flatMap(GitObjectID.init(hex:))
        }
    }

    /// Matching records, oldest observation first (then in the order they were stored).
    public func records(matching query: RecordQuery) throws(StoreError) -> [EvidenceRecord] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let subject = query.subject {
            clauses.append("subject = ?")
            _ = arguments.append(contentsOf: [subject])
        }
        if let kind = query.kind {
            clauses.append("kind = ?")
            _ = arguments.append(contentsOf: [kind])
        }
        if let instant = query.observedAtOrBefore {
            clauses.append("observed_at <= ?")
            _ = arguments.append(contentsOf: [instant.timeIntervalSince1970])
        }
        if let instant = query.loggedAtOrBefore {
            clauses.append("logged_at <= ?")
            _ = arguments.append(contentsOf: [instant.timeIntervalSince1970])
        }
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT \(StoredRow.columns) FROM record \(filter) ORDER BY observed_at, seq"
        return try decode(try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(StoredRow.init) })
    }

    /// Stored records back from their canonical JSON, with their logged time, in the rows' order.
    ///
    /// Parsing is most of a check's time and each row parses alone: large selections are split into
    /// one contiguous share per core, parsed at once.
    func decode(_ rows: [StoredRow]) throws(StoreError) -> [EvidenceRecord] {
        let path = path.path
        return try ParallelShares.map(rows, minimum: 2_048) { slice throws(StoreError) in
            try IndexRecordReader.decode(slice, path: path)
        }
    }

    /// The record with this id, if indexed.
    public func record(id: String) throws(StoreError) -> EvidenceRecord? {
        let sql = "SELECT \(StoredRow.columns) FROM record WHERE id = ?"
        guard let row = try read({ db in try Row.fetchOne(db, sql: sql, arguments: [id]).map(StoredRow.init) }) else {
            return nil
        }
        return try decode([row]).first
    }

    /// The subject of each of these records that the index holds, by id: one query, no record read.
    public func subjects(ofRecords ids: [String]) throws(StoreError) -> [String: String] {
        try read { db in
            var subjects: [String: String] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, subject FROM record WHERE id IN (SELECT value FROM json_each(?))", arguments: [Self.jsonArray(ids)])
            while let row = try rows.next() { subjects[row["id"]] = row["subject"] }
            return subjects
        }
    }

    public func recordCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0 }
    }

    /// Every row of every table as text, in key order: two indexes with equal dumps hold the same data
    /// (records by their bytes, however they are packed).
    public func dump() throws(StoreError) -> String {
        try read { db in
            var lines: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, seq, time, message FROM store_commit ORDER BY seq") {
                lines.append("commit \(row.description)")
            }
            let sql = """
                SELECT id, seq, kind, subject, observed_at, logged_at, leaf_index, collector, origin, source_name,
                    source_sha256, hex(\(RecordPacking.bytesSQL)) AS json FROM record ORDER BY seq
                """
            for row in try Row.fetchAll(db, sql: sql) { lines.append("record \(row.description)") }
            return lines.joined(separator: "\n")
        }
    }

    /// Recreates the index at `path` from the store alone, replacing the old file only once the new one is whole.
    public static func rebuild(
        at path: URL, from store: EvidenceStore, trusting keys: [NoteVerifierKey]? = nil,
        progress: (IndexSyncProgress) -> Void = { _ in }
    ) throws(StoreError) -> EvidenceIndex {
        let built: URL
        do {
            let index = try fresh(replacing: path)
            _ = try index.fillingBeforeIndexing { () throws(StoreError) in try index.sync(with: store, trusting: keys, progress: progress) }
            built = index.path
        }
        return try replace(path, withIndexAt: built)
    }

    /// A new, empty index beside `path`, to be built, let go, and moved over it with ``replace(_:withIndexAt:)``.
    public static func fresh(replacing path: URL) throws(StoreError) -> EvidenceIndex {
        let fresh = path.appendingPathExtension("rebuild")
        removeDatabaseFiles(at: fresh)
        return try EvidenceIndex(path: fresh)
    }

    /// Moves the index built at `fresh` (no longer open) over the one at `path`, and opens it there.
    public static func replace(_ path: URL, withIndexAt fresh: URL) throws(StoreError) -> EvidenceIndex {
        removeDatabaseFiles(at: path)
        do {
            try FileManager.default.moveItem(at: fresh, to: path)
        } catch {
            throw .index(path: path.path, reason: "could not move the rebuilt index into place: \(error)")
        }
        return try EvidenceIndex(path: path)
    }

    static func removeDatabaseFiles(at path: URL) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path.path + suffix)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let error as StoreError { throw error } catch {
            throw .index(path: path.path, reason: "\(error)")
        }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch let error as StoreError { throw error } catch {
            throw .index(path: path.path, reason: "\(error)")
        }
    }
}
