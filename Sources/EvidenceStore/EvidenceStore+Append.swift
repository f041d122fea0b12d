internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceStore {
    /// Adds records and the raw inputs they came from as one commit, extends the subjects' trees
    /// and the root log, and commits the newly signed checkpoint; stores nothing already present.
    ///
    /// The commit's objects are written as one pack; the branch moves only once that pack is on
    /// disk, so a crash at any point leaves HEAD at a complete commit.
    public func append(
        records: [EvidenceRecord], rawInputs: [Data], message: String, at time: Date, signing: LogSigning
    ) throws(StoreError) -> AppendResult {
        let parent = try headID
        let staged = try packedCommit(records: records, rawInputs: rawInputs.map(RawInput.bytes), parent: parent, message: message, at: time, signing: signing)
        if let commit = staged.commit { try advanceHead(to: commit.id.oid, from: parent, message: message) }
        return AppendResult(commit: staged.commit, added: staged.added, written: staged.written, alreadyStored: staged.alreadyStored)
    }

    /// What one staged commit holds: the commit (nil when nothing was new), the records it added in
    /// root log order (each subject's in turn, as its head enters the log), and the root log's size
    /// before it.
    struct StagedCommit<Record: StorableRecord>: Sendable where Record: Sendable {
        let commit: StoreCommit?
        let added: [Record]
        let alreadyStored: Int
        let rootSizeBefore: Int

        /// `added`, as the index takes them: made when asked, since a collect's session keeps its
        /// own smaller list (a second copy of a 262,144-record batch held 12 MB through its staging).
        var written: AppendedRecords {
            AppendedRecords(added.map { record in WrittenRecord(bytes: record.stagedBytes) }, fromRootEntry: rootSizeBefore)
        }
    }

    /// Writes one append's commit on top of `parent` as one pack, without moving any ref.
    func packedCommit<Record: StorableRecord>(
        records: [Record], rawInputs: consuming [RawInput], parent: git_oid?, message: String, at time: Date, signing: LogSigning
    ) throws(StoreError) -> StagedCommit<Record> {
        let raws = RawInputsHandOff(rawInputs)
        return try repository.writingOnePack { () throws(StoreError) in
            let result = try stageCommit(records: records, rawInputs: raws.take(), parent: parent, message: message, at: time, signing: signing)
            return (result, result.commit?.id.oid)
        }
    }

    /// The commit HEAD's branch points at, if any.
    var headID: git_oid? {
        get throws(StoreError) { try gitCall { () throws(GitError) in try repository.headCommit() } }
    }

    /// Moves HEAD's branch from `parent` to `commit` (refusing when another writer moved it first).
    func advanceHead(to commit: git_oid, from parent: git_oid?, message: String) throws(StoreError) {
        try gitCall { () throws(GitError) in try repository.advanceHead(to: commit, from: parent, message: message) }
    }

    /// Writes the blobs, trees and commit object of one append (no ref moves).
    private func stageCommit<Record: StorableRecord>(
        records: [Record], rawInputs: consuming [RawInput], parent: git_oid?, message: String, at time: Date, signing: LogSigning
    ) throws(StoreError) -> StagedCommit<Record> {
        let (base, tree) = try gitCall { () throws(GitError) in
            let base = try parent.map { id throws(GitError) in try repository.lookupCommit(id) }
            return (base, try base.map { commit throws(GitError) in try repository.lookupTree(commit.treeID) })
        }
        // A commit's time is its entries' logged time, which `log verify` holds never goes backwards.
        if let base, time < base.time {
            throw .log(
                "the clock reads \(Timestamp.format(time)), before the store's last commit (\(Timestamp.format(base.time))): "
                    + "logged times cannot go backwards; set the clock right and run again (nothing was stored)")
        }
        // Subjects are staged in hash order (``bySubject(_:)``): one shard folder is kept at a time.
        let reader = tree.map { TreeReader(tree: $0, repository: repository, walkingInOrder: true) }
        if try StoreLayout.isBatched(reader) {
            return try stageBatchedCommit(
                records: records, rawInputs: rawInputs, over: (base, reader), parent: parent, message: message, at: time, signing: signing)
        }
        // Each subject is logged as soon as its records are in the pack, in the order the staging
        // finishes them (by their hashes, ``bySubject(_:)``): the order their heads enter the root log.
        var log = try LogAppender { path throws(StoreError) -> Data? in try reader?.read(path) }.start(loggedAt: time)
        var (files, added) = try stageRecords(
            records, rawInputs: consume rawInputs, over: reader, listing: true, hashingLeaves: true,
            staged: { subject, leaves, files throws(StoreError) in
                try log.subject(
                    subject, leaves: leaves,
                    writing: { path, content throws(StoreError) in
                        files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(content) })
                    },
                    loggedSubject: { folder throws(StoreError) in try writeFolder(folder, of: &files, over: reader) })
            })
        let unchanged = records.count - added.count
        let rootSizeBefore = log.oldSize
        guard !files.isEmpty else { return StagedCommit(commit: nil, added: [], alreadyStored: unchanged, rootSizeBefore: rootSizeBefore) }
        let changes = try log.finish(signing: signing) { path, content throws(StoreError) in
            files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(content) })
        }
        return try gitCall { () throws(GitError) in
            for path in changes.removals { files.remove(path) }
            guard let newTree = try repository.writeTree(base: base?.treeID, files) else {
                throw GitError.nullResult("writeTree")
            }
            let id = try repository.writeCommit(tree: newTree, parent: parent, message: message, at: time)
            return StagedCommit(commit: try storeCommit(id), added: added, alreadyStored: unchanged, rootSizeBefore: rootSizeBefore)
        }
    }

    /// Writes the raw inputs, records, subject names and (when `listing`) entries files not yet in `tree`.
    /// - Parameters:
    ///   - hashingLeaves: whether `staged` is given the added records' Merkle leaf hashes (else none).
    ///   - staged: told of each subject whose records were added, once its objects are written, in
    ///     the order of the subjects' hashes (``bySubject(_:)``), with the changes to add to.
    /// - Returns: the new blobs by path, and the records added, in the order `staged` is told of them.
    func stageRecords<Record: StorableRecord>(
        _ records: [Record], rawInputs: consuming [RawInput], over tree: TreeReader?, listing: Bool, hashingLeaves: Bool = false,
        staged: (_ subject: String, _ leaves: [Data], _ files: inout TreeChanges) throws(StoreError) -> Void = { _, _, _ in }
    )
        throws(StoreError) -> (files: TreeChanges, added: [Record])
    {
        var files = TreeChanges()
        try stageRawInputs(rawInputs, over: tree, into: &files)

        // Subject by subject: each subject's folder is read once and written as soon as its records
        // are staged, so the commit holds one tree per subject, not a path per record (~66 MB, and
        // two folder lookups per record, for a commit of 262,144 Boulder records).
        let staging = SubjectStaging(records: records, listing: listing, hashingLeaves: hashingLeaves)
        var added: [Record] = []
        func took(_ subject: String, _ staging: [SubjectStaging<Record>.Added]) throws(StoreError) {
            guard !staging.isEmpty else { return }
            for record in staging { added.append(records[record.position]) }
            try staged(subject, staging.compactMap(\.leaf), &files)
        }
        let subjects = Self.bySubject(records)
        // Lanes only into a pack being written (a store outside `writingOnePack` writes through libgit2).
        let pack = repository.stagingPack as? PackWritingBackend
        if let pack, subjects.count >= 2 * subjectsPerLaneWave {
            // A lane stages the next wave while this thread appends this one's objects and logs its subjects.
            let lane = try StagingLane(
                storePath: path.path, parentTree: tree?.tree.id, staging: staging, wave: (subjectsPerLaneWave, bytesPerLaneWave))
            var next: BackgroundWork<Result<StagingLane<Record>.Wave, StoreError>>? = BackgroundWork { [subjects] in
                lane.stage(subjects[...])
            }
            defer { _ = next?.value }  // a failure leaves the lane's wave to finish before the store moves on
            var start = 0
            while let running = next {
                let wave = try running.value.get()
                let end = start + wave.subjects.count
                next = end < subjects.count ? BackgroundWork { [subjects] in lane.stage(subjects[end...]) } : nil
                try gitCall { () throws(GitError) in try pack.append(wave.objects) }
                for (subject, staged) in zip(subjects[start..<end].map(\.subject), wave.subjects) {
                    if let folder = staged.folder { files.setWritten(StoreLayout.subjectFolder(subject), to: folder) }
                    try took(subject, staged.added)
                }
                start = end
            }
        } else {
            for (subject, positions) in subjects {
                try took(subject, try staging.stage(subject, positions: positions, over: tree, into: &files, repository: repository))
            }
        }
        return (files, added)
    }

    /// Writes the raw inputs not already in `tree`, each let go once written: held through the
    /// records' staging, 100k KMS keys' three responses were 187 MB of the commit's peak.
    func stageRawInputs(_ rawInputs: consuming [RawInput], over tree: TreeReader?, into files: inout TreeChanges) throws(StoreError) {
        var raws = consume rawInputs
        for position in raws.indices {
            let raw = raws[position]
            raws[position] = .bytes(Data())
            let path = StoreLayout.rawPath(sha256: raw.sha256)
            let slash = path.lastIndex(of: "/") ?? path.startIndex
            if files.blob(at: path) == nil, try tree?.folder(path[..<slash])?.entry(named: String(path[path.index(after: slash)...])) == nil {
                switch raw {
                case .bytes(let data): files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(data) })
                case .file(let file): files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(streaming: file) })
                }
            }
        }
    }

    /// Each subject of `records` with the positions of its records, in the order of the subjects'
    /// SHA-256: the order their heads enter the root log. A commit so walks the store's shards (v2)
    /// and subject map buckets (v3) one after another, and holds one of each at a time: in the order
    /// first seen, 400k keys' commits held every shard (~85 MB) or every bucket (~70 MB) they touched.
    static func bySubject<Record: StorableRecord>(_ records: [Record]) -> [(subject: String, positions: [Int])] {
        var positions: [String: [Int]] = [:]
        for (position, record) in records.enumerated() { positions[record.subject, default: []].append(position) }
        return positions.map { subject, positions in (digest: SubjectMapBucket.Entry.digest(of: subject), subject: subject, positions: positions) }
            .sorted { $0.digest < $1.digest }.map { (subject: $0.subject, positions: $0.positions) }
    }

    /// Writes the changes under a folder that is complete (a subject's, once its files are staged)
    /// over its tree in the commit's parent, leaving only the new tree to hold.
    private func writeFolder(_ path: String, of files: inout TreeChanges, over parent: TreeReader?) throws(StoreError) {
        let base = try parent?.folder(path[...])?.id
        try gitCall { () throws(GitError) in try repository.writeFolder(path, of: &files, over: base) }
    }
}
