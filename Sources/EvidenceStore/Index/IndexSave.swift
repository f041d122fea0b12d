import EvidenceModel
import Foundation
internal import GRDB
import MerkleLog

/// How a sync writes what it walked: one transaction a window, in log order.
extension EvidenceIndex {
    /// A window's rows being saved on another thread, and the subject logs they leave.
    struct SavingWindow {
        /// The root size the save starts from: the index's until the save commits.
        let from: Int
        let logs: [String: (size: Int, tree: CompactRange)]
        let work: BackgroundWork<Result<IndexSyncProgress, any Error>>

        /// Waits for the save: what the sync has indexed once it is committed.
        func saved() throws -> IndexSyncProgress { try work.value.get() }
    }

    /// ``save(rows:subjectLogs:state:from:commit:)`` on another thread; `saved` is the sync's progress
    /// once it is committed.
    func saveInBackground(
        rows: [(record: IndexedRecord, loggedAt: Date?, leafIndex: Int)], subjectLogs: [String: (size: Int, tree: CompactRange)],
        state: LogState, from start: Int, commit: StoreCommit, saved: IndexSyncProgress
    ) -> SavingWindow {
        // The index's writer is GRDB's own queue; the sync reads only what no save changes (see
        // ``subjectLogs(for:atRootSize:saving:)``) until it waits for this one.
        nonisolated(unsafe) let index = self
        return SavingWindow(
            from: start, logs: subjectLogs,
            work: BackgroundWork {
                Result {
                    try index.save(rows: rows, subjectLogs: subjectLogs, state: state, from: start, commit: commit)
                    return saved
                }
            })
    }

    /// Writes one window's rows, the subject logs they leave and how far the index has read, in one
    /// transaction, unless another writer moved the index on from `start` first.
    func save(
        rows: [(record: IndexedRecord, loggedAt: Date?, leafIndex: Int)], subjectLogs: [String: (size: Int, tree: CompactRange)],
        state: LogState, from start: Int, commit: StoreCommit
    ) throws {
        try pool.write { db in
            let current = try Int.fetchOne(db, sql: "SELECT root_size FROM log_state WHERE id = 1") ?? 0
            guard current == start else { throw SyncOutcome.anotherWriterMovedOn }
            var seq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM record") ?? 0) + 1
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO record (id, seq, kind, subject, observed_at, collector, origin, source_name,
                        source_sha256, commit_id, json, dictionary, logged_at, leaf_index)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var dictionaries = try RecordDictionaries(in: db)
            let packed = try dictionaries.pack(try rows.map { ($0.record.fields.kind, try $0.record.canonicalBytes()) }, in: db)
            for ((record, loggedAt, leafIndex), (dictionary, bytes)) in zip(rows, packed) {
                let fields = record.fields
                try insert.execute(arguments: [
                    fields.id, seq, fields.kind, fields.subject, fields.observedAt.timeIntervalSince1970,
                    fields.collector, fields.origin.rawValue, fields.source.name, fields.source.sha256,
                    commit.id.hex, bytes, dictionary, (loggedAt ?? commit.time).timeIntervalSince1970, leafIndex,
                ])
                seq += 1
            }
            let upsert = try db.makeStatement(sql: "INSERT OR REPLACE INTO subject_log (subject, size, compact) VALUES (?, ?, ?)")
            for (subject, log) in subjectLogs { try upsert.execute(arguments: [subject, log.size, log.tree.text]) }
            try db.execute(
                sql: "INSERT OR REPLACE INTO log_state (id, head, root_size, root_compact) VALUES (1, ?, ?, ?)",
                arguments: [state.head, state.rootSize, state.rootRange.text])
            if !state.head.isEmpty {
                let commitSeq = (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM store_commit") ?? 0) + 1
                try db.execute(
                    sql: "INSERT OR REPLACE INTO store_commit (id, seq, time, message) VALUES (?, ?, ?, ?)",
                    arguments: [commit.id.hex, commitSeq, commit.time.timeIntervalSince1970, commit.message])
            }
        }
    }
}
