import Foundation
internal import GRDB

extension EvidenceIndex {
    /// The writer's page cache while a new index is filled, in KiB.
    static let fillingCacheKiB = 16384

    /// Runs `fill` (the sync of a new index) without the record table's own indexes, then makes
    /// them again as they were: SQLite builds an index from sorted rows at the end far faster than it
    /// keeps five b-trees in order row by row, which were a fifth of an index rebuild.
    ///
    /// Only for an index no one else reads yet (`fresh(replacing:)`): until `fill` ends its records
    /// are found only by scanning. Should `fill` throw, the indexes are still made again.
    public func fillingBeforeIndexing<T>(_ fill: () throws(StoreError) -> T) throws(StoreError) -> T {
        let (definitions, cache) = try write { db in
            let indexes = try Row.fetchAll(
                db, sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'record' AND sql IS NOT NULL")
            for index in indexes { try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)") }
            // Rows are appended, and only the id and subject keys land all over their b-trees:
            // filled through the writer's 64 MiB cache, a new index of 100k keys held all of it at
            // the peak of the collect that made it.
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = -\(Self.fillingCacheKiB)")
            return (indexes.map { $0["sql"] as String }, cache)
        }
        let filled: Result<T, StoreError> = Result { () throws(StoreError) in try fill() }
        let remade: Result<Void, StoreError> = Result { () throws(StoreError) in
            try write { db in
                // SQLite sorts an index's entries in runs as large as the page cache, beside the
                // cache: with the writer's 64 MiB, making the indexes of 400k records held 128 MiB
                // more at the peak of a collect. Runs of 8 MiB are merged from temporary files.
                try db.execute(sql: "PRAGMA cache_size = -8192")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(cache)") }
                for sql in definitions { try db.execute(sql: sql) }
            }
        }
        // Why the filling failed comes first: the indexes failing after it would only hide it.
        let value = try filled.get()
        try remade.get()
        return value
    }
}
