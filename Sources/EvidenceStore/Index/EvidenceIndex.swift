import EvidenceModel
import Foundation
internal import GRDB

/// What to select from the index; nil fields don't filter.
public struct RecordQuery: Sendable {
    public var subject: String?
    public var kind: String?
    /// Only records observed at or before this instant (`--at`).
    public var observedAtOrBefore: Date?

    public init(subject: String? = nil, kind: String? = nil, observedAtOrBefore: Date? = nil) {
        self.subject = subject
        self.kind = kind
        self.observedAtOrBefore = observedAtOrBefore
    }
}

/// The SQLite index (GRDB, WAL mode): a derived, rebuildable view of the store for fast queries.
///
/// It is never the truth: `sync(with:)` catches it up commit by commit, and `rebuild` recreates it
/// from the store alone, identically.
public final class EvidenceIndex {
    public let path: URL
    private let pool: DatabasePool

    public init(path: URL) throws(StoreError) {
        self.path = path
        do {
            var configuration = Configuration()
            // A collect run and a check may sync at the same moment: wait for the other writer.
            configuration.busyMode = .timeout(30)
            pool = try DatabasePool(path: path.path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw .index(path: path.path, reason: "\(error)")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
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
        // Evaluations the TUI computed, by a key that names everything they depend on (EvaluationCache);
        // derived like the rest, so a rebuild starts it empty and dump() leaves it out.
        migrator.registerMigration("v3 evaluation_cache") { db in
            try db.execute(sql: """
                CREATE TABLE evaluation_cache (key TEXT PRIMARY KEY, head TEXT NOT NULL, payload BLOB NOT NULL)
                """)
        }
        return migrator
    }

    /// The store commit the index has caught up to.
    public func indexedHead() throws(StoreError) -> GitObjectID? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT id FROM store_commit ORDER BY seq DESC LIMIT 1")
                .flatMap(GitObjectID.init(hex:))
        }
    }

    /// Adds the commits the store has and the index lacks. Returns the number of records added.
    ///
    /// When the store no longer contains the indexed head (history rewritten), it starts over.
    @discardableResult
    public func sync(with store: EvidenceStore) throws(StoreError) -> Int {
        let history = try store.history()
        var pending = history
        if let indexed = try indexedHead() {
            if let position = history.firstIndex(where: { $0.id == indexed }) {
                pending = Array(history[(position + 1)...])
            } else {
                try write { db in
                    try db.execute(sql: "DELETE FROM record; DELETE FROM store_commit;")
                }
            }
        }
        var added = 0
        for commit in pending {
            let records = try store.recordsAdded(by: commit)
            try apply(commit: commit, records: records)
            added += records.count
        }
        return added
    }

    private func apply(commit: StoreCommit, records: [EvidenceRecord]) throws(StoreError) {
        try write { db in
            // Another process may have indexed this commit since we looked.
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM store_commit WHERE id = ?", arguments: [commit.id.hex]) == true {
                return
            }
            let commitSeq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM store_commit") ?? 0) + 1
            var seq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM record") ?? 0) + 1
            try db.execute(
                sql: "INSERT INTO store_commit (id, seq, time, message) VALUES (?, ?, ?, ?)",
                arguments: [commit.id.hex, commitSeq, commit.time.timeIntervalSince1970, commit.message])
            let insert = try db.makeStatement(sql: """
                INSERT OR IGNORE INTO record (id, seq, kind, subject, observed_at, collector, origin, source_name,
                    source_sha256, commit_id, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for record in records {
                try insert.execute(arguments: [
                    record.id, seq, record.kind, record.subject, record.observedAt.timeIntervalSince1970,
                    record.collector, record.origin.rawValue, record.source.name, record.source.sha256,
                    commit.id.hex, record.canonicalData,
                ])
                seq += 1
            }
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
        let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT id, json FROM record \(filter) ORDER BY observed_at, seq"
        return try decode(try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.stored) })
    }

    /// A row's id and canonical JSON.
    static func stored(_ row: Row) -> (id: String, json: Data) { (row["id"], row["json"]) }

    /// Stored records back from their canonical JSON and the id kept with it.
    func decode(_ rows: [(id: String, json: Data)]) throws(StoreError) -> [EvidenceRecord] {
        var records: [EvidenceRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            do { records.append(try EvidenceRecord(canonicalData: row.json, id: row.id)) } catch {
                throw .index(path: path.path, reason: "stored record unreadable: \(error)")
            }
        }
        return records
    }

    /// The record with this id, if indexed.
    public func record(id: String) throws(StoreError) -> EvidenceRecord? {
        guard let blob = try read({ db in try Data.fetchOne(db, sql: "SELECT json FROM record WHERE id = ?", arguments: [id]) }) else {
            return nil
        }
        do { return try EvidenceRecord(canonicalData: blob) } catch {
            throw .index(path: path.path, reason: "stored record unreadable: \(error)")
        }
    }

    public func recordCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? 0 }
    }

    /// Every row of every table as text, in key order: two indexes with equal dumps hold the same data.
    public func dump() throws(StoreError) -> String {
        try read { db in
            var lines: [String] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, seq, time, message FROM store_commit ORDER BY seq") {
                lines.append("commit \(row.description)")
            }
            let sql = """
                SELECT id, seq, kind, subject, observed_at, collector, origin, source_name, source_sha256, commit_id,
                    hex(json) AS json FROM record ORDER BY seq
                """
            for row in try Row.fetchAll(db, sql: sql) { lines.append("record \(row.description)") }
            return lines.joined(separator: "\n")
        }
    }

    /// Recreates the index at `path` from the store alone, replacing the old file only once the new one is whole.
    public static func rebuild(at path: URL, from store: EvidenceStore) throws(StoreError) -> EvidenceIndex {
        let fresh = path.appendingPathExtension("rebuild")
        removeDatabaseFiles(at: fresh)
        do {
            let index = try EvidenceIndex(path: fresh)
            try index.sync(with: store)
        }
        removeDatabaseFiles(at: path)
        do {
            try FileManager.default.moveItem(at: fresh, to: path)
        } catch {
            throw .index(path: path.path, reason: "could not move the rebuilt index into place: \(error)")
        }
        return try EvidenceIndex(path: path)
    }

    private static func removeDatabaseFiles(at path: URL) {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path.path + suffix)
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw .index(path: path.path, reason: "\(error)") }
    }

    func write<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw .index(path: path.path, reason: "\(error)") }
    }
}
