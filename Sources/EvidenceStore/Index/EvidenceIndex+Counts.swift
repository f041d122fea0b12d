import EvidenceModel
import Foundation
internal import GRDB

extension EvidenceIndex {
    /// How many records were logged after `start` (from the first, when nil) and at or before
    /// `end`, by kind: what a diff says was added between its two checkpoints.
    public func loggedCounts(after start: Date?, atOrBefore end: Date) throws(StoreError) -> [String: Int] {
        try counts(of: "logged_at", after: start, atOrBefore: end)
    }

    /// How many records were observed in that span, by kind, whenever they were logged.
    public func observedCounts(after start: Date?, atOrBefore end: Date) throws(StoreError) -> [String: Int] {
        try counts(of: "observed_at", after: start, atOrBefore: end)
    }

    private func counts(of column: String, after start: Date?, atOrBefore end: Date) throws(StoreError) -> [String: Int] {
        let sql = "SELECT kind, COUNT(*) FROM record WHERE \(column) > ? AND \(column) <= ? GROUP BY kind"
        let arguments: StatementArguments = [start?.timeIntervalSince1970 ?? -Double.infinity, end.timeIntervalSince1970]
        return try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) { counts[row[0]] = row[1] }
            return counts
        }
    }
}
