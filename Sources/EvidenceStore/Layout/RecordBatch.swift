import EvidenceModel
import Foundation

/// One commit's records as store layout v3 keeps them (docs/store-v3.md, "How v3 answers the
/// seam"): a few blobs per commit however many records it adds, instead of one blob and a folder per
/// record. Each record's canonical JSON is a line of its own, a subject's records on consecutive
/// lines, in chunks of whole lines of about ``chunkBytes`` (`records/<k>`); `offsets` holds, for
/// each line, its chunk and where it starts in it (two big-endian 32-bit numbers). A record is found
/// by `(batch, line)` and read by inflating one chunk, never the whole batch (a commit of 200k
/// Boulder records is ~250 MB); its id is still the SHA-256 of its line.
///
/// Nothing read is trusted: the offsets are read back only if they place lines one after another,
/// chunk after chunk, and a chunk only if its lines end where the offsets say, each with its only
/// line feed, the last at the chunk's end. A caller still hashes each line to the id its subject's
/// log names.
struct RecordBatch: Sendable, Equatable {
    /// Each line's chunk and start in it, as written.
    let offsets: Data
    /// The first line of each chunk, and the line count last.
    private let chunkStarts: [Int]

    /// How many records it holds.
    var count: Int { offsets.count / 8 }
    /// How many chunks hold them.
    var chunkCount: Int { chunkStarts.count - 1 }

    /// A chunk is closed before a line would take it past this (a longer line has a chunk alone).
    /// Reading one record inflates its chunk: a bundle export reading 50k subjects' records out of
    /// their log order took 112 s with chunks of 1 MiB (a chunk inflated per subject).
    static let chunkBytes = 64 << 10

    /// The paths of the batch of the commit whose root log began at `rootSize` entries: every
    /// commit that adds records adds entries, so these are distinct and increasing, and a `v3`
    /// head's placement names its batch by the same number.
    struct Paths: Sendable, Equatable {
        let folder: String
        init(rootSize: UInt64) {
            let hex = String(rootSize, radix: 16)
            folder = "batches/" + String(repeating: "0", count: 16 - hex.count) + hex
        }
        func records(chunk: Int) -> String { folder + "/records/\(chunk)" }
        var offsets: String { folder + "/offsets" }
    }

    /// Reads a batch's offsets back, checking that they place its lines one after another.
    /// - Parameter place: the batch's folder, to name in a message.
    init(offsets: Data, place: String) throws(StoreError) {
        func refuse(_ reason: String) -> StoreError { .corruptRecord(path: place + "/offsets", reason: reason) }
        guard offsets.count % 8 == 0 else { throw refuse("\(offsets.count) bytes, not a multiple of 8") }
        var starts: [Int] = []
        var previous: (chunk: Int, start: Int)?
        for line in 0..<(offsets.count / 8) {
            let (chunk, start) = Self.place(line, in: offsets)
            switch previous {
            case nil:
                guard chunk == 0, start == 0 else { throw refuse("line 1 is not at the start of chunk 0") }
                starts.append(line)
            case let (lastChunk, lastStart)? where chunk == lastChunk:
                guard start >= lastStart + 2 else { throw refuse("line \(line + 1) starts at \(start), within the line before it") }
            case let (lastChunk, _)? where chunk == lastChunk + 1:
                guard start == 0 else { throw refuse("line \(line + 1) begins chunk \(chunk) at \(start), not at its start") }
                starts.append(line)
            default: throw refuse("line \(line + 1) is in chunk \(chunk), after a line of chunk \(previous?.chunk ?? 0)")
            }
            previous = (chunk, start)
        }
        self.offsets = offsets
        chunkStarts = starts + [offsets.count / 8]
    }

    /// The lines chunk `chunk` holds.
    func lines(ofChunk chunk: Int) -> Range<Int> { chunkStarts[chunk]..<chunkStarts[chunk + 1] }

    /// The chunk holding `line`.
    func chunk(of line: Int) -> Int { Self.place(line, in: offsets).chunk }

    /// Checks that `bytes`, read as chunk `chunk`, hold its lines exactly.
    /// - Parameter place: the chunk's path, to name in a message.
    func check(chunk: Int, bytes: Data, place: String) throws(StoreError) {
        let lines = lines(ofChunk: chunk)
        let problem = bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> String? in
            for line in lines {
                let start = Self.place(line, in: offsets).start
                let end = line + 1 < lines.upperBound ? Self.place(line + 1, in: offsets).start : raw.count
                guard end <= raw.count, end >= start + 2, let base = raw.baseAddress else {
                    return "line \(line + 1) ends at \(end), outside its \(raw.count) bytes"
                }
                guard raw[end - 1] == 0x0A else { return "line \(line + 1) does not end with a line feed" }
                guard memchr(base + start, 0x0A, end - 1 - start) == nil else { return "line \(line + 1) holds a line feed before its end" }
            }
            return nil
        }
        if let problem { throw .corruptRecord(path: place, reason: problem) }
    }

    /// The canonical bytes of record `line`, without its line feed, from its chunk's bytes.
    /// - Precondition: `bytes` are its chunk, checked (``check(chunk:bytes:place:)``).
    func record(_ line: Int, in bytes: Data) -> Data {
        let (chunk, start) = Self.place(line, in: offsets)
        let next = line + 1 < count ? Self.place(line + 1, in: offsets) : nil
        let end = next.map { $0.chunk == chunk ? $0.start : bytes.count } ?? bytes.count
        return bytes.subdata(in: (bytes.startIndex + start)..<(bytes.startIndex + end - 1))
    }

    /// Line `line`'s chunk and start in it.
    private static func place(_ line: Int, in offsets: Data) -> (chunk: Int, start: Int) {
        let value = offsets.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: line * 8, as: UInt64.self)) }
        return (Int(value >> 32), Int(value & 0xFFFF_FFFF))
    }

    /// A batch written a record at a time, in the order its lines will hold them: each chunk handed
    /// on as it fills, so that a commit holds one chunk of its records, not all of them.
    struct Writer: Sendable {
        private var chunk = Data()
        private var chunkNumber = 0
        private var offsets = Data()
        private(set) var count = 0

        init() {}

        /// Appends a record's canonical bytes as the next line, handing the chunk before to `full`
        /// when this line opens a new one, and returns its line.
        /// - Throws: when the bytes hold a line feed (canonical JSON escapes every one) or are empty.
        mutating func append(
            _ canonical: Data, subject: String, full: (_ chunk: Int, _ bytes: Data) throws(StoreError) -> Void
        ) throws(StoreError) -> Int {
            // memchr: looking for the line feed byte by byte through `Data`'s indices was a sixth
            // of a collect of 200k records.
            let hasLineFeed = canonical.withUnsafeBytes { bytes in
                bytes.baseAddress.map { memchr($0, 0x0A, bytes.count) != nil } ?? false
            }
            guard !canonical.isEmpty, !hasLineFeed, canonical.count < Int(UInt32.max) else {
                throw .corruptRecord(path: subject, reason: "a record to batch is empty, too long or holds a line feed: it is not canonical JSON")
            }
            if !chunk.isEmpty, chunk.count + canonical.count + 1 > RecordBatch.chunkBytes {
                try full(chunkNumber, chunk)
                chunk = Data()
                chunkNumber += 1
            }
            var place = (UInt64(chunkNumber) << 32 | UInt64(chunk.count)).bigEndian
            withUnsafeBytes(of: &place) { offsets.append(contentsOf: $0) }
            chunk.append(canonical)
            chunk.append(0x0A)
            count += 1
            return count - 1
        }

        /// Hands the last chunk to `full`, and returns the batch's offsets.
        mutating func finish(full: (_ chunk: Int, _ bytes: Data) throws(StoreError) -> Void) throws(StoreError) -> Data {
            if !chunk.isEmpty { try full(chunkNumber, chunk) }
            chunk = Data()
            return offsets
        }

        /// `lines` written as one batch: its chunks in order, and its offsets.
        static func written(_ lines: [Data], subject: String = "batch") throws(StoreError) -> (chunks: [Data], offsets: Data) {
            var writer = Writer()
            var chunks: [Data] = []
            for line in lines { _ = try writer.append(line, subject: subject) { _, bytes in chunks.append(bytes) } }
            let offsets = try writer.finish { _, bytes in chunks.append(bytes) }
            return (chunks, offsets)
        }
    }
}
