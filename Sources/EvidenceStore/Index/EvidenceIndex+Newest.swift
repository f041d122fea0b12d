import EvidenceModel
import Foundation
internal import GRDB

extension EvidenceIndex {
    /// The order ``newest(subject:kind:observedAtOrBefore:loggedAtOrBefore:limit:offset:by:)`` reads in.
    public enum Recency: Sendable {
        /// Newest observation first (then newest logged).
        case observed
        /// Last logged first: the order things happened to the store.
        case logged
    }

    /// A subject's records of one kind, newest first, `limit` of them from `offset`: a source's
    /// latest runs without reading its whole history.
    public func newest(
        subject: String, kind: String, observedAtOrBefore instant: Date, loggedAtOrBefore known: Date?, limit: Int,
        offset: Int = 0, by recency: Recency = .observed
    ) throws(StoreError) -> [EvidenceRecord] {
        // A subject's position in its own log is its logged order, and `record_by_subject_leaf`
        // reads it backwards without sorting the subject's whole history.
        let (order, using) =
            recency == .observed
            ? ("observed_at DESC, seq DESC", "") : ("leaf_index DESC", "INDEXED BY record_by_subject_leaf")
        let sql = """
            SELECT \(StoredRow.columns) FROM record \(using)
            WHERE subject = ? AND kind = ? AND observed_at <= ? AND logged_at <= ?
            ORDER BY \(order) LIMIT ? OFFSET ?
            """
        let arguments: StatementArguments = [
            subject, kind, instant.timeIntervalSince1970, known?.timeIntervalSince1970 ?? Double.infinity, limit, offset,
        ]
        return try decode(try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(StoredRow.init) })
    }
}
