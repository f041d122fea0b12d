import EvidenceModel
import Foundation

/// A record of a collect waiting in the spool for its commit: only what staging it needs, its
/// subject, its id and where its bytes are. The index reads its fields from the bytes once it is
/// written (``WrittenRecord``).
///
/// A commit's batch is the peak of a collect: under 100 bytes a record here, its subject's name
/// shared and its id packed (``PackedRecordID``), where the record with its fields
/// (``IndexedRecord``) held ~400 bytes, ~80 MB of a commit of 262,144 Boulder records.
struct SpooledRecord: StorableRecord, Sendable {
    let subject: String
    private let storedID: StoredID
    let spool: RecordSpool
    /// Where in `spool` its canonical bytes are.
    let place: RecordSpool.Place

    /// The id in 32 bytes; as text, one that is not a SHA-256 in lowercase hex (none is).
    private enum StoredID {
        case packed(PackedRecordID)
        case text(String)
    }

    /// `record`, its canonical bytes appended to `spool`; `subject` is its subject, as shared.
    init(_ record: EvidenceRecord, subject: String, spool: RecordSpool) throws(StoreError) {
        self.subject = subject
        storedID = PackedRecordID(hex: record.id).map(StoredID.packed) ?? .text(record.id)
        self.spool = spool
        place = try spool.append(record.canonicalData)
    }

    var id: String {
        switch storedID {
        case .packed(let id): id.hex
        case .text(let id): id
        }
    }

    var stagedBytes: IndexedRecord.Bytes { .spooled(spool, place) }

    func canonicalBytes() throws(StoreError) -> Data { try spool.read(place) }
}
