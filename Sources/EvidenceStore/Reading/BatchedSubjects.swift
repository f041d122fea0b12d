import EvidenceModel
import Foundation
import MerkleLog

/// ``StoredSubjects`` of layout v3 (docs/store-v3.md): each subject's name and newest head from its
/// bucket of the subject map, its record ids by walking its heads back through the root log (each
/// `v3` head names the batch lines it added and the head before it), its records from the batches.
///
/// Nothing here is trusted by itself, as with ``SubjectFolders``: a record's bytes are hashed to the
/// id its line gives, and a head is proven against the signed checkpoint by whoever reads it.
struct BatchedSubjects: StoredSubjects {
    let reader: TreeReader
    /// The root log's size at the commit read: no head past it is followed.
    let rootSize: Int
    let memo: TileHashMemo?
    /// The batches read, kept for the next subject (a subject's lines are in few batches, and
    /// subjects read in turn share them).
    private let batches = BatchShelf()

    init(reader: TreeReader, rootSize: Int, memo: TileHashMemo? = nil) {
        (self.reader, self.rootSize, self.memo) = (reader, rootSize, memo)
    }

    func names() throws(StoreError) -> [String] {
        guard let top = try reader.subtree(Self.mapFolder) else { return [] }
        var names: [String] = []
        for first in top.entries where first.isTree {
            guard let folder = try reader.subtree("\(Self.mapFolder)/\(first.name)") else { continue }
            for bucket in folder.entries where !bucket.isTree {
                let path = "\(Self.mapFolder)/\(first.name)/\(bucket.name)"
                guard let bytes = try reader.read(path) else { continue }
                names += try SubjectMapBucket(bytes: bytes, path: path).entries.map(\.subject)
            }
        }
        return names.sorted()
    }

    func newestHead(of subject: String) throws(StoreError) -> Int? {
        try entry(of: subject)?.head
    }

    /// The subject's entry in the subject map, nil when it has none.
    func entry(of subject: String) throws(StoreError) -> SubjectMapBucket.Entry? {
        try batches.bucket(at: SubjectMapBucket.path(of: subject), in: reader)?.entry(of: subject)
    }

    func ids(of subject: String) throws(StoreError) -> [String] {
        try lines(of: subject).ids
    }

    func records(of subject: String) throws(StoreError) -> any StoredRecords {
        try lines(of: subject)
    }

    /// The placements of the subject's heads, oldest first, each checked to be a `v3` head of the
    /// subject at a size its placement fills, before the one after it in the root log.
    func placements(of subject: String) throws(StoreError) -> [SubjectHead.Placement] {
        var next = try newestHead(of: subject)
        var placements: [SubjectHead.Placement] = []
        var size: Int?
        while let index = next {
            guard index < rootSize,
                let leaf = try RootLogEntries.read(from: index, to: index + 1, size: rootSize, reader: reader, memo: memo).first,
                let head = SubjectHead(leafBytes: leaf), head.subject == subject, let placement = head.placement,
                size.map({ head.size == $0 }) ?? true
            else { throw .tampered("root log entry \(index) is not a version 3 head of \(subject) where its log expects one") }
            if let previous = placement.previousHead, previous >= index {
                throw .tampered("root log entry \(index) of \(subject) names a later head (\(previous)) as its previous one")
            }
            placements.append(placement)
            size = head.size - placement.lines
            next = placement.previousHead
        }
        return placements.reversed()
    }

    /// Where each of the subject's records is, in log order (kept for the subject read last: its
    /// ids are asked, then its records).
    private func lines(of subject: String) throws(StoreError) -> BatchedRecords {
        if let last = batches.lastSubject, last.subject == subject {
            return BatchedRecords(shelf: batches, reader: reader, lines: last.lines)
        }
        var lines = SubjectLines()
        for placement in try placements(of: subject) {
            let batch = try batches.batch(placement.batch, in: reader)
            guard placement.firstLine + placement.lines <= batch.count else {
                throw .tampered(
                    "\(RecordBatch.Paths(rootSize: placement.batch).folder) holds \(batch.count) records, not the lines \(placement.firstLine + 1)–\(placement.firstLine + placement.lines) of \(subject)"
                )
            }
            for line in placement.firstLine..<(placement.firstLine + placement.lines) {
                let bytes = try batches.record(line, of: batch, number: placement.batch, in: reader)
                lines.add(id: SHA256Hex.of(bytes), number: placement.batch, line: line)
            }
        }
        batches.lastSubject = (subject, lines)
        return BatchedRecords(shelf: batches, reader: reader, lines: lines)
    }

    static let mapFolder = "log/subjects"
}

/// Where one subject's records are in the batches: its ids in log order, and each id's line.
private struct SubjectLines {
    private(set) var ids: [String] = []
    private(set) var places: [String: (number: UInt64, line: Int)] = [:]

    mutating func add(id: String, number: UInt64, line: Int) {
        ids.append(id)
        places[id] = (number, line)
    }
}

/// One subject's records in the batches, by id.
private struct BatchedRecords: StoredRecords {
    let shelf: BatchShelf
    let reader: TreeReader
    let lines: SubjectLines

    var ids: [String] { lines.ids }

    func bytes(of id: String) throws(StoreError) -> Data? {
        guard let place = lines.places[id] else { return nil }
        return try shelf.record(place.line, of: try shelf.batch(place.number, in: reader), number: place.number, in: reader)
    }

    func place(of id: String) -> String {
        guard let place = lines.places[id] else { return "no batch holds record \(id)" }
        return "\(RecordBatch.Paths(rootSize: place.number).folder), line \(place.line + 1)"
    }
}

/// The last few batches' offsets and chunks read: a subject's lines are in few batches, and subjects
/// read in turn share chunks.
private final class BatchShelf {
    private var batches: [(number: UInt64, batch: RecordBatch)] = []
    private var chunks: [(number: UInt64, chunk: Int, bytes: Data)] = []
    private var buckets: [String: SubjectMapBucket?] = [:]
    private static let keeping = (batches: 4, chunks: 32, buckets: 256)
    /// The subject whose lines were found last, and them.
    var lastSubject: (subject: String, lines: SubjectLines)?

    /// The bucket at `path`, nil when there is none; the buckets read are kept, up to a few hundred.
    func bucket(at path: String, in reader: TreeReader) throws(StoreError) -> SubjectMapBucket? {
        if let known = buckets[path] { return known }
        let bucket = try reader.read(path).map { bytes throws(StoreError) in try SubjectMapBucket(bytes: bytes, path: path) }
        if buckets.count == Self.keeping.buckets { buckets.removeAll(keepingCapacity: true) }
        buckets[path] = bucket
        return bucket
    }

    func batch(_ number: UInt64, in reader: TreeReader) throws(StoreError) -> RecordBatch {
        if let known = batches.first(where: { $0.number == number }) { return known.batch }
        let paths = RecordBatch.Paths(rootSize: number)
        guard let offsets = try reader.read(paths.offsets) else { throw .tampered("\(paths.offsets) is missing") }
        let batch = try RecordBatch(offsets: offsets, place: paths.folder)
        if batches.count == Self.keeping.batches { batches.removeFirst() }
        batches.append((number, batch))
        return batch
    }

    /// The bytes of record `line` of `batch`, from its chunk, read and checked once.
    func record(_ line: Int, of batch: RecordBatch, number: UInt64, in reader: TreeReader) throws(StoreError) -> Data {
        let chunk = batch.chunk(of: line)
        if let known = chunks.first(where: { $0.number == number && $0.chunk == chunk }) { return batch.record(line, in: known.bytes) }
        let path = RecordBatch.Paths(rootSize: number).records(chunk: chunk)
        guard let bytes = try reader.read(path) else { throw .tampered("\(path) is missing") }
        try batch.check(chunk: chunk, bytes: bytes, place: path)
        if chunks.count == Self.keeping.chunks { chunks.removeFirst() }
        chunks.append((number, chunk, bytes))
        return batch.record(line, in: bytes)
    }
}
