import EvidenceModel
import Foundation

/// What the store writes of a record: its subject, its id and the canonical bytes the id hashes.
///
/// A collect stages ``SpooledRecord``s, which keep these without the parsed `data` tree or the
/// fields, so that a batch waiting for its commit holds tens of bytes per record, not kilobytes.
public protocol StorableRecord: Sendable {
    var id: String { get }
    var subject: String { get }
    /// The canonical bytes (read back from the collect's spool for a staged record).
    func canonicalBytes() throws(StoreError) -> Data
    /// Where the bytes are, for the index to take without copying them into memory early.
    var stagedBytes: IndexedRecord.Bytes { get }
}

extension EvidenceRecord: StorableRecord {
    public func canonicalBytes() throws(StoreError) -> Data { canonicalData }
    public var stagedBytes: IndexedRecord.Bytes { .inline(canonicalData) }
}
