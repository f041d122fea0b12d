import EvidenceModel
import Foundation
internal import GRDB

extension EvidenceIndex {
    /// A subject's records of one kind, newest observation first, `limit` of them from `offset`:
    /// a source's latest runs without reading its whole history.
    public func newest(
        subject: String, kind: String, observedAtOrBefore instant: Date, loggedAtOrBefore known: Date?, limit: Int,
        offset: Int = 0
    ) throws(StoreError) -> [EvidenceRecord] {
        let sql = """
            SELECT \(StoredRow.columns) FROM record
            WHERE subject = ? AND kind = ? AND observed_at <= ? AND logged_at <= ?
            ORDER BY observed_at DESC, seq DESC LIMIT ? OFFSET ?
            """
        let arguments: StatementArguments = [
            subject, kind, instant.timeIntervalSince1970, known?.timeIntervalSince1970 ?? Double.infinity, limit, offset,
        ]
        return try decode(try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(StoredRow.init) })
    }
}
