import EvidenceModel
import Foundation
internal import GRDB

/// The dictionaries a sync packs its rows against (``RecordPacking``): one per kind, the kind's
/// first indexed record, kept in `record_dictionary` and never changed, so that a rebuild packs
/// every row as the syncs before it did.
struct RecordDictionaries {
    private var byKind: [String: (number: Int, bytes: Data)] = [:]

    /// The index's dictionaries, read in the transaction that will add rows.
    init(in db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT number, kind, bytes FROM record_dictionary") {
            byKind[row["kind"]] = (row["number"], row["bytes"])
        }
    }

    /// `records` packed against their kinds' dictionaries, on every core, in order; a kind without
    /// one first gets its first record here (its first ``RecordPacking/dictionaryLimit`` bytes).
    mutating func pack(_ records: [(kind: String, bytes: Data)], in db: Database) throws -> [(dictionary: Int, packed: Data)] {
        var next = (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM record_dictionary") ?? 0) + 1
        var items: [(dictionary: (number: Int, bytes: Data), bytes: Data)] = []
        items.reserveCapacity(records.count)
        for record in records {
            if let dictionary = byKind[record.kind] {
                items.append((dictionary, record.bytes))
                continue
            }
            let dictionary = (number: next, bytes: Data(record.bytes.prefix(RecordPacking.dictionaryLimit)))
            try db.execute(
                sql: "INSERT INTO record_dictionary (number, kind, bytes) VALUES (?, ?, ?)",
                arguments: [dictionary.number, record.kind, dictionary.bytes])
            byKind[record.kind] = dictionary
            items.append((dictionary, record.bytes))
            next += 1
        }
        return ParallelShares.map(items, minimum: 256) { share in
            let deflater = RecordDeflater()
            return share.map { item in (item.dictionary.number, deflater.pack(item.bytes, dictionary: item.dictionary.bytes)) }
        }
    }
}

extension RecordPacking {
    /// `vigil_record(json, dictionary, dictionary bytes)` for one connection, with its own inflate
    /// stream (SQLite calls a connection's functions one at a time): the row's bytes, or NULL when
    /// they do not unpack (the audit reports such a row; a reader fails on it).
    static func unpackingFunction() -> DatabaseFunction {
        let inflater = RecordInflater()
        return DatabaseFunction(function, argumentCount: 3, pure: true) { values in
            guard let dictionary = Int64.fromDatabaseValue(values[1]) else { return nil }
            if dictionary == 0 { return values[0] }
            guard case .blob(let packed) = values[0].storage, case .blob(let bytes) = values[2].storage else { return nil }
            return packed.withUnsafeBytes { packed in bytes.withUnsafeBytes { inflater.unpack(packed, dictionary: $0) } }
        }
    }
}
