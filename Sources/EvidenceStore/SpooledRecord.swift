import EvidenceModel
import Foundation

/// A record of a collect waiting in the spool for its commit: only what staging it needs, its
/// subject, its id and where its bytes are. The index reads its fields from the bytes once it is
/// written (``WrittenRecord``).
///
/// A commit's batch is the peak of a collect: ~64 bytes a record here and the id the collector
/// made, where the record with its fields (``IndexedRecord``) held ~400 bytes, ~80 MB of a commit
/// of 262,144 Boulder records.
struct SpooledRecord: StorableRecord {
    let subject: String
    let id: String
    let spool: RecordSpool
    /// Where in `spool` its canonical bytes are.
    let place: RecordSpool.Place

    /// `record`, its canonical bytes appended to `spool`; `subject` is its subject, as shared.
    init(_ record: EvidenceRecord, subject: String, spool: RecordSpool) throws(StoreError) {
        self.subject = subject
        id = record.id
        self.spool = spool
        place = try spool.append(record.canonicalData)
    }

    var stagedBytes: IndexedRecord.Bytes { .spooled(spool, place) }

    func canonicalBytes() throws(StoreError) -> Data { try spool.read(place) }
}
