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
    var canonicalData: Data { get }
    var fields: IndexedRecord.Fields { get }
}

extension EvidenceRecord: StorableRecord {
    public var fields: IndexedRecord.Fields { IndexedRecord.Fields(self) }
}

extension IndexedRecord: StorableRecord {}
