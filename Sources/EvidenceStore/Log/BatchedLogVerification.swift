internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

extension HistoryWalk {
    /// Checks one commit of a store of layout v3 (docs/store-v3.md) as ``apply(commit:parent:)``
    /// checks one of v2, with records in one batch instead of subject folders:
    ///
    /// - the commit adds at most one batch, named by the root log's size before it, and changes only
    ///   raw inputs (added, each hashing to its name), subject-map buckets, the root log's tiles,
    ///   compact range and checkpoint;
    /// - its new root log entries are `v3` heads that, in order, name the batch's lines from the
    ///   first to the last, each line exactly once; each line is a canonical record about its head's
    ///   subject, naming raw inputs the store holds; each head's previous head is the subject's head
    ///   before, and its size and root are the subject's log extended by its lines;
    /// - the buckets it rewrites are exactly those of the subjects it logged, each its parent's with
    ///   those subjects' entries set to their new log and head.
    mutating func applyBatched(commit: StoreCommit, parent: StoreCommit?) throws(StoreError) {
        let name = "commit \(commit.id.hex.prefix(12))"
        let (store, packs) = (store, packedBlobs)
        var files = BatchedCommitFiles()
        try store.forEachChange(of: commit, parent: parent) { change throws(StoreError) in
            try files.take(change, commit: name, store: store, packs: packs)
        }
        rawInputs.formUnion(files.rawInputs)
        let oldSize = rootLeafHashes.count
        var batch = try files.batch(named: UInt64(oldSize), commit: name, store: store, packs: packs)
        let folder = RecordBatch.Paths(rootSize: UInt64(oldSize)).folder
        var nextLine = 0
        var logged: [String: SubjectMapBucket.Entry] = [:]
        let rawInputs = self.rawInputs
        var recordCount = self.recordCount
        // Moved out of the walk, not shared with it: the first change to a shared table copied
        // every subject's log (400k subjects: 67 MB, at the peak of a `log verify`). A failure
        // ends the walk, so the walk is not left wanting them back.
        var subjects = self.subjects
        self.subjects = [:]
        try checkRootLog(commit: commit, name: name, reader: try store.treeReader(at: commit), addedTiles: files.addedTiles) {
            index, head throws(StoreError) in
            let subjectFolder = StoreLayout.subjectFolder(head.subject)
            var log = subjects[subjectFolder] ?? SubjectLog(subject: head.subject)
            guard let placement = head.placement, let lines = batch?.lines, placement.batch == UInt64(oldSize) else {
                throw .tampered("\(name): root log entry \(index) (\(head.subject)) names no lines of the commit's batch, \(folder)")
            }
            guard placement.firstLine == nextLine, nextLine + placement.lines <= lines.count, logged[head.subject] == nil else {
                throw .tampered(
                    "\(name): root log entry \(index) (\(head.subject)) names lines \(placement.firstLine + 1)–\(placement.firstLine + placement.lines) of \(folder), not the next of its \(lines.count) once"
                )
            }
            guard placement.previousHead == log.head else {
                throw .tampered(
                    "\(name): root log entry \(index) (\(head.subject)) names \(placement.previousHead.map(String.init) ?? "none") as its previous head, not \(log.head.map(String.init) ?? "none")"
                )
            }
            for line in placement.firstLine..<(placement.firstLine + placement.lines) {
                let bytes = try batch?.line(line, commit: name, store: store, packs: packs) ?? Data()
                let record = try CheckedRecord(line: "\(folder), line \(line + 1)", of: head.subject, bytes: bytes, commit: name)
                if let unheld = record.rawInputs.first(where: { !rawInputs.contains($0) }) {
                    throw .tampered("\(name): record \(SHA256Hex.of(bytes)) names raw input \(unheld), which the store does not hold")
                }
                try proof { () throws(ProofError) in try log.tree.append(leafHash: record.leafHash) }
            }
            guard head.size == log.tree.size, head.root == log.tree.root else {
                throw .tampered("\(name): root log entry \(index) (\(head.subject) at size \(head.size)) does not match the records its lines hold")
            }
            log.head = index
            subjects[subjectFolder] = log
            logged[head.subject] = SubjectMapBucket.Entry(subject: head.subject, log: log.tree, head: index)
            nextLine += placement.lines
            recordCount += placement.lines
        }
        (self.subjects, self.recordCount) = (subjects, recordCount)
        if let lines = batch?.lines, nextLine != lines.count {
            throw .tampered("\(name): \(folder) holds \(lines.count) records, of which the commit's heads name \(nextLine)")
        }
        try checkBuckets(files.buckets, logged: logged, parent: parent, commit: name)
    }

    /// The buckets a commit rewrote are exactly those of the subjects it logged, each its parent's
    /// with their entries set.
    private func checkBuckets(
        _ buckets: [String: git_oid], logged: [String: SubjectMapBucket.Entry], parent: StoreCommit?, commit name: String
    ) throws(StoreError) {
        let before = try parent.map { commit throws(StoreError) in try store.treeReader(at: commit) }
        var expected: [String: SubjectMapBucket] = [:]
        for entry in logged.values {
            let path = SubjectMapBucket.path(ofHash: entry.hash)
            if expected[path] == nil {
                expected[path] = try before?.read(path).map { bytes throws(StoreError) in try SubjectMapBucket(bytes: bytes, path: path) } ?? SubjectMapBucket()
            }
            expected[path]?.set(entry)
        }
        for path in Set(buckets.keys).union(expected.keys).sorted() {
            guard let blob = buckets[path] else { throw .tampered("\(name): \(path) does not hold the new heads of its subjects") }
            guard let bucket = expected[path] else { throw .tampered("\(name): \(path) changed, but none of its subjects gained records") }
            guard try store.blob(blob, packs: packedBlobs) == bucket.bytes else {
                throw .tampered("\(name): \(path) does not hold the logs and heads the commit's root log entries give its subjects")
            }
        }
    }
}

/// The files one commit of a v3 store changed, gathered by kind for the checks of its log.
private struct BatchedCommitFiles {
    var rawInputs: [String] = []
    var batchBlobs: (rootSize: UInt64, chunks: [Int: git_oid], offsets: git_oid?)?
    var buckets: [String: git_oid] = [:]
    var addedTiles: [(path: String, tile: TileID, isBundle: Bool)] = []

    mutating func take(_ change: GitTreeChange, commit name: String, store: EvidenceStore, packs: PackedBlobReader) throws(StoreError) {
        guard let kind = StorePath(change.path) else { throw .tampered("\(name): \(change.path) is not part of the store layout") }
        guard change.status == .deleted || change.isPlainFile else { throw .tampered("\(name): \(change.path) is not a plain file") }
        if change.status == .deleted {
            guard HistoryWalk.mayBeSuperseded(kind) else { throw .tampered("\(name) removed \(change.path)") }
            return
        }
        guard change.status == .added || HistoryWalk.mayChange(kind) || kind == .subjectBucket else {
            throw .tampered("\(name) changed \(change.path), which is written once")
        }
        switch kind {
        case .raw(let sha256):
            guard try store.sha256(ofBlob: change.newID, packs: packs) == sha256 else {
                throw .tampered("\(name): \(change.path) does not hash to its name")
            }
            rawInputs.append(sha256)
        case .batch(let rootSize, let chunk):
            var blobs = batchBlobs ?? (rootSize, [:], nil)
            guard blobs.rootSize == rootSize else { throw .tampered("\(name) adds more than one batch (\(change.path))") }
            if let chunk { blobs.chunks[chunk] = change.newID } else { blobs.offsets = change.newID }
            batchBlobs = blobs
        case .subjectBucket: buckets[change.path] = change.newID
        case .tile(let tile): addedTiles.append((change.path, tile, false))
        case .entryBundle(let tile): addedTiles.append((change.path, tile, true))
        case .checkpoint, .rootCompact: break  // checked against the recomputed root log
        case .attributes, .format: throw .tampered("\(name) changed \(change.path), which is written once")
        case .subjectName, .entries, .record, .subjectCompact, .subjectHead:
            throw .tampered("\(name): \(change.path) is not part of a version 3 store's layout")
        }
    }

    /// The batch the commit added, its offsets read and checked, nil when it added none.
    func batch(named rootSize: UInt64, commit name: String, store: EvidenceStore, packs: PackedBlobReader) throws(StoreError) -> CommitBatch? {
        guard let blobs = batchBlobs else { return nil }
        let paths = RecordBatch.Paths(rootSize: blobs.rootSize)
        guard blobs.rootSize == rootSize else {
            throw .tampered("\(name): \(paths.folder) is not named by the root log's size before the commit (\(rootSize))")
        }
        guard let offsets = blobs.offsets else { throw .tampered("\(name): \(paths.folder) has no offsets") }
        let lines: RecordBatch
        do { lines = try RecordBatch(offsets: try store.blob(offsets, packs: packs), place: paths.folder) } catch { throw .tampered("\(name): \(error)") }
        guard Set(blobs.chunks.keys) == Set(0..<lines.chunkCount) else {
            throw .tampered("\(name): \(paths.folder) has \(blobs.chunks.count) chunks of records, its offsets place lines in \(lines.chunkCount)")
        }
        return CommitBatch(lines: lines, paths: paths, chunks: blobs.chunks)
    }
}

/// The batch one commit added, its chunks read one at a time as its lines are taken in order.
private struct CommitBatch {
    let lines: RecordBatch
    let paths: RecordBatch.Paths
    let chunks: [Int: git_oid]
    private var current: (chunk: Int, bytes: Data)?

    init(lines: RecordBatch, paths: RecordBatch.Paths, chunks: [Int: git_oid]) {
        (self.lines, self.paths, self.chunks) = (lines, paths, chunks)
    }

    /// The bytes of `line`, its chunk read and checked when it is first needed.
    mutating func line(_ line: Int, commit name: String, store: EvidenceStore, packs: PackedBlobReader) throws(StoreError) -> Data {
        let chunk = lines.chunk(of: line)
        if current?.chunk != chunk {
            let bytes = try store.blob(chunks[chunk], packs: packs)
            do { try lines.check(chunk: chunk, bytes: bytes, place: paths.records(chunk: chunk)) } catch { throw .tampered("\(name): \(error)") }
            current = (chunk, bytes)
        }
        return lines.record(line, in: current?.bytes ?? Data())
    }
}
