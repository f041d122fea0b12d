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
    struct StagedCommit<Record: StorableRecord> {
        let commit: StoreCommit?
        let added: [Record]
        /// `added`, as the index takes them: their fields and blobs.
        let written: [WrittenRecord]
        let alreadyStored: Int
    }

    /// Writes one append's commit on top of `parent` as one pack, without moving any ref.
    func packedCommit<Record: StorableRecord>(
        records: [Record], rawInputs: [RawInput], parent: git_oid?, message: String, at time: Date, signing: LogSigning
    ) throws(StoreError) -> StagedCommit<Record> {
        try repository.writingOnePack { () throws(StoreError) in
            let result = try stageCommit(records: records, rawInputs: rawInputs, parent: parent, message: message, at: time, signing: signing)
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
        records: [Record], rawInputs: [RawInput], parent: git_oid?, message: String, at time: Date, signing: LogSigning
    ) throws(StoreError) -> StagedCommit<Record> {
        let (base, tree) = try gitCall { () throws(GitError) in
            let base = try parent.map { id throws(GitError) in try repository.lookupCommit(id) }
            return (base, try base.map { commit throws(GitError) in try repository.lookupTree(commit.treeID) })
        }
        let reader = tree.map { TreeReader(tree: $0, repository: repository) }
        var (files, added, written, subjectsInOrder) = try stageRecords(records, rawInputs: rawInputs, over: reader, listing: true)
        let unchanged = records.count - added.count
        guard !files.isEmpty else { return StagedCommit(commit: nil, added: [], written: [], alreadyStored: unchanged) }

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
            return StagedCommit(commit: try storeCommit(id), added: added, written: written, alreadyStored: unchanged)
        }
    }

    /// Writes the raw inputs, records, subject names and (when `listing`) entries files not yet in `tree`.
    /// - Returns: the new blobs by path, the records added (also as ``WrittenRecord``s), and the
    ///   subjects they touch in first-seen order.
    func stageRecords<Record: StorableRecord>(
        _ records: [Record], rawInputs: [RawInput], over tree: TreeReader?, listing: Bool
    )
        throws(StoreError) -> (files: TreeChanges, added: [Record], written: [WrittenRecord], subjects: [String])
    {
        func exists(_ path: String) throws(StoreError) -> Bool {
            guard let tree, let slash = path.lastIndex(of: "/") else { return false }
            return try tree.folder(path[..<slash])?.entry(named: String(path[path.index(after: slash)...])) != nil
        }
        func write(_ data: Data) throws(StoreError) -> git_oid {
            try gitCall { () throws(GitError) in try repository.writeBlob(data) }
        }
        var files = TreeChanges()
        for raw in rawInputs {
            let path = StoreLayout.rawPath(sha256: raw.sha256)
            if files.blob(at: path) == nil, try !exists(path) {
                switch raw {
                case .bytes(let data): files.set(path, to: try write(data))
                case .file(let file): files.set(path, to: try gitCall { () throws(GitError) in try repository.writeBlob(streaming: file) })
                }
            }
        }

        var added: [Record] = []
        var written: [WrittenRecord] = []
        var seen: Set<String> = []
        var newEntries: [String: [String]] = [:]
        var subjectsInOrder: [String] = []
        for record in records {
            let id = record.id
            let path = StoreLayout.recordPath(subject: record.subject, id: id)
            guard seen.insert(id).inserted, try !exists(path) else { continue }
            let blob = try write(try record.canonicalBytes())
            files.set(path, to: blob)
            written.append(WrittenRecord(subject: record.subject, bytes: record.stagedBytes))
            if newEntries[record.subject] == nil { subjectsInOrder.append(record.subject) }
            newEntries[record.subject, default: []].append(id)
            added.append(record)
        }
        for subject in subjectsInOrder {
            guard listing else {
                if try !exists(StoreLayout.subjectNamePath(subject)) {
                    files.set(StoreLayout.subjectNamePath(subject), to: try write(Data(subject.utf8)))
                }
                try writeFolder(StoreLayout.subjectFolder(subject), of: &files, over: tree)
                continue
            }
            let entriesPath = StoreLayout.entriesPath(subject)
            var entries = Data()
            if let existing = try tree?.read(entriesPath) {
                entries = existing
            } else {
                files.set(StoreLayout.subjectNamePath(subject), to: try write(Data(subject.utf8)))
            }
            entries.append(Data((newEntries[subject] ?? []).map { $0 + "\n" }.joined().utf8))
            files.set(entriesPath, to: try write(entries))
            try writeFolder(StoreLayout.subjectFolder(subject), of: &files, over: tree)
        }
        return (files, added, written, subjectsInOrder)
    }

    /// Writes the changes under a folder that is complete (a subject's, once its files are staged)
    /// over its tree in the commit's parent, leaving only the new tree to hold.
    private func writeFolder(_ path: String, of files: inout TreeChanges, over parent: TreeReader?) throws(StoreError) {
        let base = try parent?.folder(path[...])?.id
        try gitCall { () throws(GitError) in try repository.writeFolder(path, of: &files, over: base) }
    }
}
