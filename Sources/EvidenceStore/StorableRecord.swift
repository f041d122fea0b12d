import EvidenceModel
import Foundation

/// What the store writes of a record: its subject, its id and the canonical bytes the id hashes.
///
/// A collect stages ``IndexedRecord``s, which keep these without the parsed `data` tree, so that a
/// batch waiting for its commit holds a few hundred bytes per record, not kilobytes.
public protocol StorableRecord: Sendable {
    var id: String { get }
    var subject: String { get }
    var canonicalData: Data { get }
}

extension EvidenceRecord: StorableRecord {}
extension IndexedRecord: StorableRecord {}
