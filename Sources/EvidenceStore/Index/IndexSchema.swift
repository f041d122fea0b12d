import Foundation
internal import GRDB

/// The index's SQLite objects, checked before its rows are trusted: exactly the tables and indexes
/// Vigil's migrations make, and b-trees that agree with them.
///
/// A row audit reads every row as the signed log has it, and the seal then vouches for the file's
/// bytes; neither sees an object that acts later. A trigger added to a sealed index broke the seal,
/// passed the row audit (it had changed no row yet) and was sealed with it; the next collect's rows
/// were then rewritten as they were indexed, inside a sealed index, and believed. An index whose
/// b-tree was swapped for another (`PRAGMA writable_schema`) kept every row and every object's SQL.
extension EvidenceIndex {
    /// Why the index's objects are not the ones Vigil makes, or its b-trees disagree; nil when sound.
    func schemaProblem() throws(StoreError) -> String? {
        let expected = try Self.expectedSchema()
        let (found, integrity) = try read { db in
            (try SchemaObject.all(in: db), try String.fetchAll(db, sql: "PRAGMA integrity_check"))
        }
        if let extra = found.subtracting(expected).sorted().first {
            let made = expected.contains { $0.type == extra.type && $0.name == extra.name }
            return made ? "\(extra) is defined otherwise than Vigil defines it" : "it holds \(extra), which Vigil does not make"
        }
        if let missing = expected.subtracting(found).sorted().first { return "it lacks \(missing)" }
        guard integrity == ["ok"] else {
            return "SQLite's integrity check found \(integrity.prefix(3).joined(separator: "; "))"
        }
        return nil
    }

    /// Whether the index is as its migrations left it: no row in any table but the migrations' own,
    /// and only the objects Vigil makes (checked only once it is found empty: the check reads every page).
    public func isAsNew() throws(StoreError) -> Bool {
        let empty = try read { db in
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT NOT EXISTS (SELECT 1 FROM record) AND NOT EXISTS (SELECT 1 FROM store_commit)
                        AND NOT EXISTS (SELECT 1 FROM log_state) AND NOT EXISTS (SELECT 1 FROM subject_log)
                        AND NOT EXISTS (SELECT 1 FROM evaluation_cache) AND NOT EXISTS (SELECT 1 FROM record_dictionary)
                    """) ?? false
        }
        guard empty else { return false }
        return try schemaProblem() == nil
    }

    /// The objects a new index has once migrated: made in memory, so they are the migrations' own.
    private static func expectedSchema() throws(StoreError) -> Set<SchemaObject> {
        do {
            let database = try DatabaseQueue()
            try migrator.migrate(database)
            return try database.read(SchemaObject.all(in:))
        } catch {
            throw .index(path: ":memory:", reason: "\(error)")
        }
    }
}

/// One row of `sqlite_schema`, without the page it starts at (which differs between files).
private struct SchemaObject: Hashable, Comparable, CustomStringConvertible {
    let type: String
    let name: String
    let table: String
    let sql: String?

    static func all(in db: Database) throws -> Set<SchemaObject> {
        Set(
            try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema").map { row in
                SchemaObject(type: row["type"], name: row["name"], table: row["tbl_name"], sql: row["sql"])
            })
    }

    static func < (a: SchemaObject, b: SchemaObject) -> Bool { (a.type, a.name, a.sql ?? "") < (b.type, b.name, b.sql ?? "") }

    var description: String { "\(type) '\(name)' on \(table)" }
}
