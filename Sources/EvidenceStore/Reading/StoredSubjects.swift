import Foundation

/// One commit's store read subject by subject, whatever its layout: the readers of records, proofs
/// and published logs ask this, never a path, so that a layout storing records by batch rather than
/// by subject folder (docs/store-v3.md) changes what implements it and nothing that reads through it.
///
/// Nothing read here is trusted by itself: a caller hashes each record's bytes to its id and proves
/// the subject's head against the signed checkpoint, as it did when it read the paths itself.
protocol StoredSubjects {
    /// Every subject the store holds records about, sorted by name.
    func names() throws(StoreError) -> [String]

    /// The ids of the subject's records in log order; empty for a subject the store does not hold.
    func ids(of subject: String) throws(StoreError) -> [String]

    /// Where the subject's records are read, found once for many reads.
    func records(of subject: String) throws(StoreError) -> any StoredRecords

    /// The root log index of the subject's newest head; nil when none is written for it.
    func newestHead(of subject: String) throws(StoreError) -> Int?
}

/// One subject's stored records.
protocol StoredRecords {
    /// The bytes stored as record `id`, as they are; nil when none are.
    func bytes(of id: String) throws(StoreError) -> Data?

    /// Where record `id` is stored, to name in a message.
    func place(of id: String) -> String
}
