import EvidenceModel
import Foundation
internal import GRDB

/// Reads records by seq from any thread, each call parsing on the thread that makes it: a check
/// reads and judges several slices of subjects at once, one per core (``EvidenceIndex/recordReader``).
public struct IndexRecordReader: Sendable {
    let pool: DatabasePool
    let path: String

    /// The records `seqs` names, oldest observation first (then in the order they were stored).
    public func records(_ seqs: [Int64]) throws(StoreError) -> [EvidenceRecord] {
        try Self.decode(try rows(seqs), path: path)
    }

    /// The stored rows of `seqs`, in the order ``records(_:)`` returns them.
    func rows(_ seqs: [Int64]) throws(StoreError) -> [StoredRow] {
        guard !seqs.isEmpty else { return [] }
        do {
            return try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT \(StoredRow.columns) FROM record WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY observed_at, seq",
                    arguments: [EvidenceIndex.jsonArray(seqs.sorted())]
                ).map(StoredRow.init)
            }
        } catch {
            throw .index(path: path, reason: "\(error)")
        }
    }

    /// Stored records back from their canonical JSON, with their logged time, in the rows' order.
    static func decode(_ rows: some Collection<StoredRow>, path: String) throws(StoreError) -> [EvidenceRecord] {
        var records: [EvidenceRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            var record: EvidenceRecord
            do { record = try EvidenceRecord(canonicalData: row.json, id: row.id, knownUTF8: true) } catch {
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
