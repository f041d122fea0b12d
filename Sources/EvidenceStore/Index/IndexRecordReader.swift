import EvidenceModel
import Foundation
internal import GRDB

/// Reads records by seq from any thread, each call parsing on the thread that makes it: a check
/// reads and judges several slices of subjects at once, one per core (``EvidenceIndex/recordReader``).
public struct IndexRecordReader: Sendable {
    let pool: DatabasePool
    let path: String

    /// The records `seqs` names, oldest observation first (then in the order they were stored).
    ///
    /// - Parameter keepingData: for the kinds it lists, only those members of a record's data are
    ///   built (``EvidenceRecord/init(canonicalData:id:knownUTF8:keepingData:)``): records read to be
    ///   judged by checks that name what they read, never to be shown or written.
    public func records(_ seqs: [Int64], keepingData: [String: DataMembers] = [:]) throws(StoreError) -> [EvidenceRecord] {
        let rows = try rows(seqs)
        guard !keepingData.isEmpty else { return try Self.decode(rows.lazy.map(\.row), path: path) }
        let records = try Self.decode(rows.lazy.map(\.row), path: path, keepingData: rows.map { keepingData[$0.kind] })
        // The kind chose what was built: a row whose kind column is not its record's would have
        // built the wrong members (the seal and the audit find such an edit; this read does not rely on them).
        for (record, row) in zip(records, rows) where record.kind != row.kind {
            throw .index(path: path, reason: "record \(row.row.id) is stored as kind '\(row.kind)' but is a '\(record.kind)' record")
        }
        return records
    }

    /// The stored rows of `seqs` with their kind columns, in the order ``records(_:keepingData:)`` returns them.
    func rows(_ seqs: [Int64]) throws(StoreError) -> [(row: StoredRow, kind: String)] {
        guard !seqs.isEmpty else { return [] }
        do {
            return try pool.read { db in try Self.rows(seqs, in: db) }
        } catch {
            throw .index(path: path, reason: "\(error)")
        }
    }

    /// ``rows(_:)`` read through `db`: inside a read already open on this thread.
    static func rows(_ seqs: [Int64], in db: Database) throws -> [(row: StoredRow, kind: String)] {
        guard !seqs.isEmpty else { return [] }
        // A cursor's row read column by column: fetching whole rows first copied each one twice.
        // Ordered here, not by SQLite: its ORDER BY copied every unpacked row into a temporary
        // B-tree and back (a tenth of reading a slice).
        let cursor = try Row.fetchCursor(
            db,
            sql: "SELECT id, \(RecordPacking.bytesSQL), logged_at, kind, observed_at, seq FROM record "
                + "WHERE seq IN (SELECT value FROM json_each(?))",
            arguments: [EvidenceIndex.jsonArray(seqs.sorted())])
        var rows: [(row: StoredRow, kind: String, order: (observedAt: Double, seq: Int64))] = []
        rows.reserveCapacity(seqs.count)
        while let row = try cursor.next() {
            rows.append((StoredRow(id: row[0], json: row[1] ?? Data(), loggedAt: row[2]), row[3], (row[4], row[5])))
        }
        rows.sort { $0.order < $1.order }
        return rows.map { ($0.row, $0.kind) }
    }

    /// Stored records back from their canonical JSON, with their logged time, in the rows' order;
    /// `keepingData`, when given, says for each row which members of its data to build.
    static func decode(
        _ rows: some Collection<StoredRow>, path: String, keepingData: [DataMembers?]? = nil
    ) throws(StoreError) -> [EvidenceRecord] {
        var records: [EvidenceRecord] = []
        records.reserveCapacity(rows.count)
        for (position, row) in rows.enumerated() {
            var record: EvidenceRecord
            do {
                record = try EvidenceRecord(
                    canonicalData: row.json, id: row.id, knownUTF8: true, keepingData: keepingData?[position] ?? nil)
            } catch {
                throw .index(path: path, reason: "stored record unreadable: \(error)")
            }
            record.loggedAt = Date(timeIntervalSince1970: row.loggedAt)
            records.append(record)
        }
        return records
    }
}

extension EvidenceIndex {
    /// A reader of this index's records that any thread may use.
    public var recordReader: IndexRecordReader { IndexRecordReader(pool: pool, path: path.path) }
}
