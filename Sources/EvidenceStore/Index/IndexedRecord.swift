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

        var count: Int {
            switch self {
            case .inline(let data): data.count
            case .spooled(_, let place): place.count
            }
        }
    }

    /// One allocation per record, shared by its copies: a commit's batch is copied as it is staged
    /// (waiting, added, grouped by subject), and copying ~150 bytes a record held it three times.
    private final class Storage: Sendable {
        let fields: Fields
        let bytes: Bytes

        init(fields: Fields, bytes: Bytes) {
            self.fields = fields
            self.bytes = bytes
        }
    }

    private let storage: Storage

    /// The length of its canonical bytes.
    var byteCount: Int { storage.bytes.count }

    public var fields: Fields { storage.fields }
    var bytes: Bytes { storage.bytes }

    public var id: String { fields.id }
    public var subject: String { fields.subject }

    public init(_ record: EvidenceRecord) {
        storage = Storage(fields: Fields(record), bytes: .inline(record.canonicalData))
    }

    init(fields: Fields, canonicalData: Data) {
        storage = Storage(fields: fields, bytes: .inline(canonicalData))
    }

    public func canonicalBytes() throws(StoreError) -> Data { try bytes.data() }
    public var stagedBytes: Bytes { bytes }
}

/// A record this process has just written, as the index takes it without reading git back: where
/// its canonical bytes are (the collect's spool, or memory). Its id, subject and fields are read
/// from the bytes when it is indexed, so a collect of millions of records keeps a few dozen bytes
/// for each (the fields kept whole were ~250 bytes a record, and the subjects' names ~70 MB of
/// 400k keys, for the whole run).
public struct WrittenRecord: Sendable {
    let bytes: IndexedRecord.Bytes

    init(bytes: IndexedRecord.Bytes) {
        self.bytes = bytes
    }

    /// The record, its bytes read and its fields with them.
    func indexed() throws(StoreError) -> IndexedRecord {
        let data = try bytes.data()
        do throws(EvidenceRecord.DecodingFailure) {
            return IndexedRecord(fields: .init(try RecordHeader(canonicalData: data), id: SHA256Hex.of(data)), canonicalData: data)
        } catch {
            throw .tampered("a record written by this process cannot be read back: \(error)")
        }
    }
}

/// The records one append (one commit, or a session's chain of them) added, as the index takes
/// them: in root log order, each entry's new records in turn from the entry at ``fromRootEntry``
/// (the root log's size before the append). The index matches them to entries by that order alone,
/// with no table of subjects, and believes them only where they rebuild the signed heads.
public struct AppendedRecords: Sendable {
    let records: [WrittenRecord]
    let fromRootEntry: Int

    init(_ records: [WrittenRecord], fromRootEntry: Int) {
        self.records = records
        self.fromRootEntry = fromRootEntry
    }

    public static let none = AppendedRecords([], fromRootEntry: 0)

    public var count: Int { records.count }
    public var isEmpty: Bool { records.isEmpty }
}
