import EvidenceModel
import Foundation

/// What the store writes of a record: its subject, its id and the canonical bytes the id hashes,
/// and the fields the index selects it by.
///
/// A collect stages ``IndexedRecord``s, which keep these without the parsed `data` tree, so that a
/// batch waiting for its commit holds a few hundred bytes per record, not kilobytes.
public protocol StorableRecord: Sendable {
    var id: String { get }
    var subject: String { get }
    /// The canonical bytes (read back from the collect's spool for a staged record).
    func canonicalBytes() throws(StoreError) -> Data
    /// Where the bytes are, for the index to take without copying them into memory early.
    var stagedBytes: IndexedRecord.Bytes { get }
    var fields: IndexedRecord.Fields { get }
}

extension EvidenceRecord: StorableRecord {
    public var fields: IndexedRecord.Fields { IndexedRecord.Fields(self) }
    public func canonicalBytes() throws(StoreError) -> Data { canonicalData }
    public var stagedBytes: IndexedRecord.Bytes { .inline(canonicalData) }
}

extension IndexedRecord: StorableRecord {}
