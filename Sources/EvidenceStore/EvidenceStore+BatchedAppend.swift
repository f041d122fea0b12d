internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceStore {
    /// The commit of one append to a store of layout v3 (docs/store-v3.md): the records not already
    /// stored, grouped by subject in the order of their hashes, as the lines of one batch;
    /// each subject's log extended from its entry in the subject map, its new head naming its lines
    /// and its previous head (a `v3` head); the buckets of the subjects it logged rewritten.
    ///
    /// What is already stored is read from the subject's own lines (``BatchedSubjects``): correct
    /// without trusting anything else, and slower for long histories than the index will be
    /// (decision 1 of docs/store-v3.md).
    func stageBatchedCommit<Record: StorableRecord>(
        records: [Record], rawInputs: consuming [RawInput], over parent: (commit: GitCommit?, reader: TreeReader?), parent parentID: git_oid?,
        message: String, at time: Date, signing: LogSigning
    ) throws(StoreError) -> StagedCommit<Record> {
        func write(_ content: Data) throws(StoreError) -> git_oid {
            try gitCall { () throws(GitError) in try repository.writeBlob(content) }
        }
        let reader = parent.reader
        var files = TreeChanges()
        try stageRawInputs(rawInputs, over: reader, into: &files)
        var log = try LogAppender { path throws(StoreError) -> Data? in try reader?.read(path) }.start(loggedAt: time)
        // Named by the root log's size before it: every commit that adds records adds entries.
        let number = UInt64(log.oldSize)
        // The root log's bundles read once for the commit: each touched subject reads its heads.
        let stored = reader.map { BatchedSubjects(reader: $0, rootSize: log.oldSize, memo: TileHashMemo()) }
        var map = SubjectMapChanges { path throws(StoreError) -> Data? in try reader?.read(path) }
        let paths = RecordBatch.Paths(rootSize: number)
        var batch = RecordBatch.Writer()
        // Each chunk goes to the pack as it fills: the whole batch held was the collect's peak.
        func full(_ chunk: Int, _ bytes: Data) throws(StoreError) { files.set(paths.records(chunk: chunk), to: try write(bytes)) }
        var added: [Record] = []
        for (subject, positions) in Self.bySubject(records) {
            for (path, bytes) in map.takeChanged(before: subject) { files.set(path, to: try write(bytes)) }
            let entry = try map.entry(of: subject)
            var seen = Set(entry == nil ? [] : try stored?.ids(of: subject) ?? [])
            let firstLine = batch.count
            var leaves: [Data] = []
            for position in positions where seen.insert(records[position].id).inserted {
                let bytes = try records[position].canonicalBytes()
                _ = try batch.append(bytes, subject: subject, full: full)
                leaves.append(MerkleHash.leaf(bytes))
                added.append(records[position])
            }
            guard !leaves.isEmpty else { continue }
            let placement = SubjectHead.Placement(batch: number, firstLine: firstLine, lines: leaves.count, previousHead: entry?.head)
            let extended = try log.extend(subject, log: entry?.log ?? CompactRange(), leaves: leaves, placement: placement) {
                path, content throws(StoreError) in files.set(path, to: try write(content))
            }
            try map.set(.init(subject: subject, log: extended.log, head: extended.head))
        }
        if batch.count > 0 { files.set(paths.offsets, to: try write(try batch.finish(full: full))) }
        for (path, bytes) in map.changed { files.set(path, to: try write(bytes)) }
        let unchanged = records.count - added.count
        guard !files.isEmpty else { return StagedCommit(commit: nil, added: [], alreadyStored: unchanged, rootSizeBefore: log.oldSize) }
        let changes = try log.finish(signing: signing) { path, content throws(StoreError) in files.set(path, to: try write(content)) }
        return try gitCall { () throws(GitError) in
            for path in changes.removals { files.remove(path) }
            guard let tree = try repository.writeTree(base: parent.commit?.treeID, files) else { throw GitError.nullResult("writeTree") }
            let id = try repository.writeCommit(tree: tree, parent: parentID, message: message, at: time)
            return StagedCommit(commit: try storeCommit(id), added: added, alreadyStored: unchanged, rootSizeBefore: Int(number))
        }
    }
}
