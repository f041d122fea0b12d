import EvidenceModel
import Foundation

/// What the index keeps of a record: its id, bytes and the fields it is selected by, without the
/// parsed `data` tree, which holds most of a record's memory.
///
/// A collect stages these while a batch waits for its commit (``AppendSession``); once written,
/// a record is kept only as a ``WrittenRecord``, its bytes left in the store.
public struct IndexedRecord: Sendable {
    /// Everything the index selects by, without the bytes.
    public struct Fields: Sendable {
        public let id: String
        public let kind: String
        public let subject: String
        public let observedAt: Date
        public let collector: String
        public let origin: EvidenceOrigin
        public let source: EvidenceSource

        init(_ record: EvidenceRecord) {
            id = record.id
            kind = record.kind
            subject = record.subject
            observedAt = record.observedAt
            collector = record.collector
            origin = record.origin
            source = record.source
        }
    }

    public let fields: Fields
    public let canonicalData: Data

    public var id: String { fields.id }
    public var subject: String { fields.subject }

    public init(_ record: EvidenceRecord) {
        fields = Fields(record)
        canonicalData = record.canonicalData
    }

    init(fields: Fields, canonicalData: Data) {
        self.fields = fields
        self.canonicalData = canonicalData
    }
}

/// A record this process has just written: what the index needs to select it, and the blob its
/// bytes are in. The index reads them back when it takes the record, checking them against the id
/// and the signed log; a collect of 200k Boulder lines held ~250 MB of bytes only for the index.
public struct WrittenRecord: Sendable {
    public let fields: IndexedRecord.Fields
    let blob: GitObjectID

    public var id: String { fields.id }
    public var subject: String { fields.subject }

    init(fields: IndexedRecord.Fields, blob: GitObjectID) {
        self.fields = fields
        self.blob = blob
    }
}
