import Foundation

/// A stored record's bytes checked to be exactly the bytes Vigil writes of it (RFC 8785, its seven
/// members, `source` of two, the observation time as it formats it), read without building its
/// `data` but for `merged_from`.
///
/// `log verify` needs of each record only its id, subject and the raw inputs it names; building
/// every record's `data` to check its form was most of its checking (a quarter of all its work on
/// 200k Boulder records). Left-out members are still read whole: their syntax, strings, numbers,
/// escapes, whitespace and member order are checked as the full reading checks them.
public struct CanonicalRecordHeader: Sendable {
    public let header: RecordHeader
    /// The SHA-256 of the bytes: the record's id.
    public let id: String
    /// As ``EvidenceRecord/rawInputDigests``.
    public let rawInputDigests: [String]

    /// nil when the bytes are not exactly a record as Vigil writes it, or not a record at all: read
    /// them with ``EvidenceRecord/init(canonicalData:)`` then, which says why.
    public init?(checking bytes: Data) {
        guard String(validating: bytes, as: UTF8.self) != nil,
            case .success(let read) = JSONReader.readCheckingCanonical(
                bytes, limits: .storedRecords, knownUTF8: true, dataMembers: .only(["merged_from"])),
            read.isCanonical, let header = try? RecordHeader(json: read.value),
            EvidenceRecord.hasOnlyItsOwnMembers(read.value, observedAt: header.observedAt),
            let data = read.value["data"]?.objectValue
        else { return nil }
        self.header = header
        id = SHA256Hex.of(bytes)
        rawInputDigests = EvidenceRecord.rawInputDigests(source: header.source, data: data)
    }
}
