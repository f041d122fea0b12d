import Foundation
internal import GRDB

/// The index's table of cached evaluations: opaque payloads under keys the caller derives.
///
/// Entries name the store head they were computed at; storing one drops those of other heads, which
/// no key can reach again once the store moved on, and all but the newest few.
extension EvidenceIndex {
    /// The payload stored under `key`, if any.
    public func cachedEvaluation(key: String) throws(StoreError) -> Data? {
        try read { db in try Data.fetchOne(db, sql: "SELECT payload FROM evaluation_cache WHERE key = ?", arguments: [key]) }
    }

    /// Stores `payload` under `key` unless the index has moved past `head` meanwhile (then the payload
    /// may describe records it did not read). Returns whether it was stored.
    @discardableResult
    public func cacheEvaluation(_ payload: Data, key: String, head: GitObjectID) throws(StoreError) -> Bool {
        try write { db in
            let indexed = try String.fetchOne(db, sql: "SELECT head FROM log_state WHERE id = 1")
            guard indexed == head.hex else { return false }
            try db.execute(sql: "DELETE FROM evaluation_cache WHERE head <> ?", arguments: [head.hex])
            try db.execute(
                sql: "INSERT OR REPLACE INTO evaluation_cache (key, head, payload) VALUES (?, ?, ?)",
                arguments: [key, head.hex, payload])
            // A few instants (or builds) at one head; payloads run to megabytes at scale.
            try db.execute(
                sql: "DELETE FROM evaluation_cache WHERE rowid NOT IN (SELECT rowid FROM evaluation_cache ORDER BY rowid DESC LIMIT ?)",
                arguments: [Self.cachedEvaluationLimit])
            return true
        }
    }

    /// The most evaluations kept; the oldest stored go first.
    static let cachedEvaluationLimit = 8

    /// How many evaluations are cached.
    public func cachedEvaluationCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM evaluation_cache") ?? 0 }
    }
}
