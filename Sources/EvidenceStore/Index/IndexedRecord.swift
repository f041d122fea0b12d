import EvidenceModel
import Foundation

/// What the index keeps of a record: its id, bytes and the fields it is selected by, without the
/// parsed `data` tree, which holds most of a record's memory.
///
/// A collect keeps one of these per record it appends, so that the index need not read them back
/// from git, while the records themselves are let go batch by batch (``AppendSession``).
public struct IndexedRecord: Sendable {
    public let id: String
    public let kind: String
    public let subject: String
    public let observedAt: Date
    public let collector: String
    public let origin: EvidenceOrigin
    public let source: EvidenceSource
    public let canonicalData: Data

    public init(_ record: EvidenceRecord) {
        id = record.id
        kind = record.kind
        subject = record.subject
        observedAt = record.observedAt
        collector = record.collector
        origin = record.origin
        source = record.source
        canonicalData = record.canonicalData
    }
}
