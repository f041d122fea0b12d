import EvidenceModel
import Foundation

/// One commit's records as store layout v3 keeps them (docs/store-v3.md, "How v3 answers the
/// seam"): two blobs per commit however many records it adds, instead of one blob and a folder per
/// record. `records` holds each record's canonical JSON on a line of its own, a subject's records on
/// consecutive lines; `offsets` holds where each line starts, a big-endian 64-bit number each, so
/// record `i` is read without reading the lines before it. A record is found by `(batch, line)`, and
/// its id is still the SHA-256 of its line.
///
/// Nothing read is trusted: a batch is read back only if its offsets describe its lines exactly
/// (each line ends where the next starts, with its only line feed), and a caller still hashes each
/// line to the id its subject's log names.
struct RecordBatch: Sendable, Equatable {
    let records: Data
    let offsets: Data

    /// The paths of the batch of the commit whose root log began at `rootSize` entries: every
    /// commit that adds records adds entries, so these are distinct and increasing, and a `v3`
    /// head's placement names its batch by the same number.
    struct Paths: Sendable, Equatable {
        let folder: String
        init(rootSize: UInt64) {
            let hex = String(rootSize, radix: 16)
            folder = "batches/" + String(repeating: "0", count: 16 - hex.count) + hex
        }
        var records: String { folder + "/records" }
        var offsets: String { folder + "/offsets" }
    }

    /// How many records it holds.
    var count: Int { offsets.count / 8 }

    /// Reads a batch back, checking that its offsets describe its lines exactly.
    /// - Parameter place: the batch's folder, to name in a message.
    init(records: Data, offsets: Data, place: String) throws(StoreError) {
        func refuse(_ reason: String) -> StoreError { .corruptRecord(path: place, reason: reason) }
        guard offsets.count % 8 == 0 else { throw refuse("its offsets are \(offsets.count) bytes, not a multiple of 8") }
        let count = offsets.count / 8
        guard count > 0 || records.isEmpty else { throw refuse("it holds \(records.count) bytes of records but no offsets") }
        var expected = 0
        for line in 0..<count {
            let start = Self.offset(line, in: offsets)
            guard start == expected else {
                throw refuse("line \(line) starts at \(start), where the line before ends at \(expected)")
            }
            let end = line + 1 < count ? Self.offset(line + 1, in: offsets) : records.count
            guard end > start + 1, end <= records.count else { throw refuse("line \(line) ends at \(end), outside its \(records.count) bytes") }
            let base = records.startIndex
            guard records[base + end - 1] == 0x0A else { throw refuse("line \(line) does not end with a line feed") }
            guard records[(base + start)..<(base + end - 1)].firstIndex(of: 0x0A) == nil else {
                throw refuse("line \(line) holds a line feed before its end")
            }
            expected = end
        }
        self.records = records
        self.offsets = offsets
    }

    private init(checked records: Data, offsets: Data) {
        self.records = records
        self.offsets = offsets
    }

    /// The canonical bytes of record `line`, without its line feed.
    /// - Precondition: `line < count`.
    func record(_ line: Int) -> Data {
        let start = Self.offset(line, in: offsets)
        let end = line + 1 < count ? Self.offset(line + 1, in: offsets) : records.count
        return records.subdata(in: (records.startIndex + start)..<(records.startIndex + end - 1))
    }

    /// The id of record `line`: the SHA-256 of its bytes.
    func id(_ line: Int) -> String { SHA256Hex.of(record(line)) }

    private static func offset(_ line: Int, in offsets: Data) -> Int {
        var value: UInt64 = 0
        for byte in offsets[(offsets.startIndex + line * 8)..<(offsets.startIndex + line * 8 + 8)] { value = value << 8 | UInt64(byte) }
        return Int(clamping: value)
    }

    /// A batch written a record at a time, in the order its lines will hold them.
    struct Writer: Sendable {
        private var records = Data()
        private var offsets = Data()
        private(set) var count = 0

        /// Appends a record's canonical bytes as the next line, and returns its line.
        /// - Throws: when the bytes hold a line feed (canonical JSON escapes every one) or are empty.
        mutating func append(_ canonical: Data, subject: String) throws(StoreError) -> Int {
            guard !canonical.isEmpty, canonical.firstIndex(of: 0x0A) == nil else {
                throw .corruptRecord(path: subject, reason: "a record to batch is empty or holds a line feed: it is not canonical JSON")
            }
            var start = UInt64(records.count).bigEndian
            withUnsafeBytes(of: &start) { offsets.append(contentsOf: $0) }
            records.append(canonical)
            records.append(0x0A)
            count += 1
            return count - 1
        }

        /// The batch written so far.
        var batch: RecordBatch { RecordBatch(checked: records, offsets: offsets) }
    }
}
