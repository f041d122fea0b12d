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

    /// What one staged commit holds: the commit (nil when nothing was new) and the records it added.
    struct StagedCommit<Record: StorableRecord>: Sendable where Record: Sendable {
        let commit: StoreCommit?
        let added: [Record]
        let alreadyStored: Int

        /// `added`, as the index takes them: made when asked, since a collect's session keeps its
        /// own smaller list (a second copy of a 262,144-record batch held 12 MB through its staging).
        var written: [WrittenRecord] { Self.written(added) }

        static func written(_ records: [Record]) -> [WrittenRecord] {
            records.map { record in WrittenRecord(subject: record.subject, bytes: record.stagedBytes) }
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
        let reader = tree.map { TreeReader(tree: $0, repository: repository) }
        var (files, added, subjectsInOrder) = try stageRecords(records, rawInputs: consume rawInputs, over: reader, listing: true)
        let unchanged = records.count - added.count
        guard !files.isEmpty else { return StagedCommit(commit: nil, added: [], alreadyStored: unchanged) }

        let bySubject = Dictionary(grouping: added, by: \.subject)
        let groups = subjectsInOrder.map { subject in (subject, bySubject[subject] ?? []) }
        let appender = LogAppender { path throws(StoreError) -> Data? in try reader?.read(path) }
        let changes = try appender.append(
            groups, loggedAt: time, signing: signing,
            writing: { path, content throws(StoreError) in
                files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(content) })
            },
            loggedSubject: { subject throws(StoreError) in try writeFolder(LogLayout.subjectFolder(subject), of: &files, over: reader) })
        return try gitCall { () throws(GitError) in
            for path in changes.removals { files.remove(path) }
            guard let newTree = try repository.writeTree(base: base?.treeID, files) else {
                throw GitError.nullResult("writeTree")
            }
            let id = try repository.writeCommit(tree: newTree, parent: parent, message: message, at: time)
            return StagedCommit(commit: try storeCommit(id), added: added, alreadyStored: unchanged)
        }
    }

    /// Writes the raw inputs, records, subject names and (when `listing`) entries files not yet in `tree`.
    /// - Returns: the new blobs by path, the records added (also as ``WrittenRecord``s), and the
    ///   subjects they touch in first-seen order.
    func stageRecords<Record: StorableRecord>(
        _ records: [Record], rawInputs: consuming [RawInput], over tree: TreeReader?, listing: Bool
    )
        throws(StoreError) -> (files: TreeChanges, added: [Record], subjects: [String])
    {
        func exists(_ path: String) throws(StoreError) -> Bool {
            guard let tree, let slash = path.lastIndex(of: "/") else { return false }
            return try tree.folder(path[..<slash])?.entry(named: String(path[path.index(after: slash)...])) != nil
        }
        func write(_ data: Data) throws(StoreError) -> git_oid {
            try gitCall { () throws(GitError) in try repository.writeBlob(data) }
        }
        var files = TreeChanges()
        // Each raw input is let go once written: held through the records' staging, 100k KMS keys'
        // three responses were 187 MB of the commit's peak.
        var raws = consume rawInputs
        for position in raws.indices {
            let raw = raws[position]
            raws[position] = .bytes(Data())
            let path = StoreLayout.rawPath(sha256: raw.sha256)
            if files.blob(at: path) == nil, try !exists(path) {
                switch raw {
                case .bytes(let data): files.set(path, to: try write(data))
                case .file(let file): files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(streaming: file) })
                }
            }
        }

        // Subject by subject: each subject's folder is read once and written as soon as its records
        // are staged, so the commit holds one tree per subject, not a path per record (~66 MB, and
        // two folder lookups per record, for a commit of 262,144 Boulder records).
        var positions: [String: [Int]] = [:]
        var firstSeen: [String] = []
        for (position, record) in records.enumerated() {
            guard positions[record.subject]?.append(position) == nil else { continue }
            positions[record.subject] = [position]
            firstSeen.append(record.subject)
        }
        var isAdded = [Bool](repeating: false, count: records.count)
        for subject in firstSeen {
            let paths = StoreLayout.SubjectPaths(subject)
            let stored = try tree?.folder(Substring(paths.records))
            var seen: Set<String> = []
            var newIDs: [String] = []
            for position in positions.removeValue(forKey: subject) ?? [] {
                let record = records[position]
                let id = record.id
                guard seen.insert(id).inserted, stored?.entry(named: id + ".json") == nil else { continue }
                files.set(paths.record(id), to: try write(try record.canonicalBytes()))
                isAdded[position] = true
                newIDs.append(id)
            }
            guard !newIDs.isEmpty else { continue }
            if listing {
                var entries = Data()
                if let existing = try tree?.read(paths.entries) {
                    entries = existing
                } else {
                    files.set(paths.name, to: try write(Data(subject.utf8)))
                }
                entries.append(Data(newIDs.map { $0 + "\n" }.joined().utf8))
                files.set(paths.entries, to: try write(entries))
            } else if try !exists(paths.name) {
                files.set(paths.name, to: try write(Data(subject.utf8)))
            }
            try writeFolder(paths.folder, of: &files, over: tree)
        }
        var added: [Record] = []
        var subjectsInOrder: [String] = []
        var listed: Set<String> = []
        for (position, record) in records.enumerated() where isAdded[position] {
            added.append(record)
            if listed.insert(record.subject).inserted { subjectsInOrder.append(record.subject) }
        }
        return (files, added, subjectsInOrder)
    }

    /// Writes the changes under a folder that is complete (a subject's, once its files are staged)
    /// over its tree in the commit's parent, leaving only the new tree to hold.
    private func writeFolder(_ path: String, of files: inout TreeChanges, over parent: TreeReader?) throws(StoreError) {
        let base = try parent?.folder(path[...])?.id
        try gitCall { () throws(GitError) in try repository.writeFolder(path, of: &files, over: base) }
    }
}
