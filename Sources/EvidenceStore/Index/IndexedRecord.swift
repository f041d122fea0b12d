import EvidenceModel
import Foundation

/// What the index keeps of a record: its id, bytes and the fields it is selected by, without the
/// parsed `data` tree, which holds most of a record's memory.
///
/// A collect stages these while a batch waits for its commit (``AppendSession``); once written,
/// a record is kept only as a ``WrittenRecord``, its bytes left in the store.
public struct IndexedRecord: Sendable {
    /// Everything the index selects by, without the bytes: the record's id and header
    /// (`fields.kind`, `fields.subject`, … read through to ``RecordHeader``).
    @dynamicMemberLookup
    public struct Fields: Sendable {
        public let id: String
        public let header: RecordHeader

        init(_ record: EvidenceRecord) {
            self.init(RecordHeader(record), id: record.id)
        }

        init(_ header: RecordHeader, id: String) {
            self.id = id
            self.header = header
        }

        public subscript<Value>(dynamicMember field: KeyPath<RecordHeader, Value>) -> Value { header[keyPath: field] }
    }

    /// Where a staged record's canonical bytes are: in memory, or in the collect's spool.
    public enum Bytes: Sendable {
        case inline(Data)
        case spooled(RecordSpool, RecordSpool.Place)

        func data() throws(StoreError) -> Data {
            switch self {
            case .inline(let data): data
            case .spooled(let spool, let place): try spool.read(place)
            }
        }
    }

    public let fields: Fields
    let bytes: Bytes

    public var id: String { fields.id }
    public var subject: String { fields.subject }

    public init(_ record: EvidenceRecord) {
        fields = Fields(record)
        bytes = .inline(record.canonicalData)
    }

    /// The record with its bytes in `spool`, not in memory.
    public init(_ record: EvidenceRecord, spool: RecordSpool) throws(StoreError) {
        fields = Fields(record)
        bytes = .spooled(spool, try spool.append(record.canonicalData))
    }

    init(fields: Fields, canonicalData: Data) {
        self.fields = fields
        bytes = .inline(canonicalData)
    }

    public func canonicalBytes() throws(StoreError) -> Data { try bytes.data() }
    public var stagedBytes: Bytes { bytes }
}

/// A record this process has just written: what the index needs to select it, the blob its bytes
/// are in, and the bytes themselves while they are at hand anyway (the last commit of a collect,
/// whose batch is in memory until then). Without them the index reads the blob back, checking it
/// against the id and the signed log: a chain of commits no longer holds every record's bytes
/// only for the index (~250 MB for 200k Boulder lines).
public struct WrittenRecord: Sendable {
    public let fields: IndexedRecord.Fields
    let blob: GitObjectID
    let bytes: IndexedRecord.Bytes?

    public var id: String { fields.id }
    public var subject: String { fields.subject }

    init(fields: IndexedRecord.Fields, blob: GitObjectID, bytes: IndexedRecord.Bytes? = nil) {
        self.fields = fields
        self.blob = blob
        self.bytes = bytes
    }

    /// This record without its bytes, which the index will read back.
    var withoutBytes: WrittenRecord { WrittenRecord(fields: fields, blob: blob) }
}
