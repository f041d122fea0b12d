internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

/// What `vigil log verify` checked.
public struct LogVerification: Sendable {
    public let checkpoints: Int
    public let subjects: Int
    public let records: Int
    public let rawInputs: Int
    public let rootSize: Int
}

extension EvidenceStore {
    /// Walks every commit of HEAD's history from the first and checks that the store only ever grew
    /// as Vigil grows it (DESIGN §3, §12):
    ///
    /// - the history is one line (no merges); each commit keeps everything its parent had — no
    ///   record, raw input or subject name removed or changed, each subject's `entries` only
    ///   appended to, only partial tiles superseded;
    /// - every path in every tree is one the layout defines, every file a plain file;
    /// - every raw input hashes to its name; every record hashes to its id, is canonical, is filed
    ///   under its subject, is listed in its subject's `entries`, and names raw inputs (its
    ///   `source.sha256` and `merged_from`) present in the store;
    /// - every commit's checkpoint is signed by a trusted key with one origin, and its root log
    ///   holds one new subject head for each subject the commit extended, with the subject's new
    ///   size, root and the commit's time as logged time (never going backwards), so the
    ///   checkpoint of each commit signs every record in it;
    /// - at HEAD, the tiles and log files match the recomputed logs.
    ///
    /// A store of layout v3 keeps records by batch: its commits are checked as
    /// ``HistoryWalk/applyBatched(commit:parent:)`` says, against the same root log.
    ///
    /// Work is linear in the store: each object is read once, trees are extended, not rebuilt.
    /// - Throws: ``StoreError/tampered(_:)`` naming the commit, path and reason of the first violation.
    /// - Parameter progress: told after each commit: commits verified, of how many, records so far.
    public func verifyLog(
        trusting keys: [NoteVerifierKey], progress: (_ commits: Int, _ of: Int, _ records: Int) -> Void = { _, _, _ in }
    ) throws(StoreError) -> LogVerification {
        try verifyLog(trusting: keys, recordBatch: SubjectFileChecker.defaultBatch, progress: progress)
    }

    /// `recordBatch`: records checked at once (tests make it small, so that subjects straddle batches).
    func verifyLog(
        trusting keys: [NoteVerifierKey], recordBatch: Int, progress: (_ commits: Int, _ of: Int, _ records: Int) -> Void = { _, _, _ in }
    ) throws(StoreError) -> LogVerification {
        guard let head = try head() else { throw .tampered("the store has no commits") }
        var walk = HistoryWalk(store: self, keys: keys, recordBatch: recordBatch)
        let chain = try firstParentChain(from: head)
        for (done, (commit, parent)) in chain.enumerated() {
            try walk.apply(commit: commit, parent: parent)
            progress(done + 1, chain.count, walk.recordCount)
        }
        try walk.checkTiles(at: head)
        return LogVerification(
            checkpoints: chain.count, subjects: walk.subjects.count, records: walk.recordCount,
            rawInputs: walk.rawInputs.count, rootSize: walk.rootLeafHashes.count)
    }

    /// HEAD's history oldest first, each commit with its parent; a merge is tampering.
    private func firstParentChain(from head: StoreCommit) throws(StoreError) -> [(StoreCommit, StoreCommit?)] {
        var chain: [StoreCommit] = []
        var next: git_oid? = head.id.oid
        while let id = next {
            let (commit, parents) = try gitCall { () throws(GitError) in
                let commit = try repository.lookupCommit(id)
                return (StoreCommit(id: GitObjectID(id), time: commit.time, message: commit.message), repository.parents(of: commit))
            }
            guard parents.count <= 1 else {
                throw .tampered("commit \(commit.id.hex.prefix(12)) is a merge: a store's history is one line")
            }
            chain.append(commit)
            next = parents.first
        }
        chain.reverse()
        return chain.enumerated().map { ($0.element, $0.offset == 0 ? nil : chain[$0.offset - 1]) }
    }
}

/// The logs as recomputed so far, commit by commit.
struct HistoryWalk {
    struct SubjectLog {
        let subject: String
        var tree = CompactRange()
        /// The root log index of its newest head (kept for layout v3, whose heads name the one before).
        var head: Int?
    }

    let store: EvidenceStore
    let keys: [NoteVerifierKey]
    let packedBlobs: PackedBlobReader
    var subjects: [String: SubjectLog] = [:]  // by folder
    var rawInputs: Set<String> = []
    var rootLeafHashes: [Data] = []
    var rootRange = CompactRange()
    var origin: String?
    var lastLoggedAt: Date?
    var recordCount = 0
    var formatVersion = 1

    let recordBatch: Int

    init(store: EvidenceStore, keys: [NoteVerifierKey], recordBatch: Int) {
        self.store = store
        self.keys = keys
        self.recordBatch = recordBatch
        packedBlobs = PackedBlobReader(objectsPath: store.repository.objectsPath)
    }

    mutating func apply(commit: StoreCommit, parent: StoreCommit?) throws(StoreError) {
        if formatVersion == StoreLayout.batchedFormatVersion { return try applyBatched(commit: commit, parent: parent) }
        let name = "commit \(commit.id.hex.prefix(12))"
        let store = store
        let packs = packedBlobs
        let checker = SubjectFileChecker(commit: name, batch: recordBatch, packs: packs) { blob throws(StoreError) in
            try store.blob(blob, packs: packs)
        }
        var walk = CommitWalk(files: checker)
        do {
            try store.forEachChange(of: commit, parent: parent) { change throws(StoreError) in
                try take(change, commit: name, walk: &walk)
            }
        } catch {
            try walk.files.checkWaiting()  // a file checked apart comes first in the commit's order
            throw error
        }
        try walk.files.checkWaiting()
        try finishSubjects(walk.leftBeforeBatch + walk.left + (walk.open.map { [$0] } ?? []), walk: &walk, commit: name)
        for (sha256, id) in walk.unheldRawInputs where !rawInputs.contains(sha256) {
            throw .tampered("\(name): record \(id) names raw input \(sha256), which the store does not hold")
        }
        try checkSubjectLogs(
            commit: commit, name: name, reader: try store.treeReader(at: commit), extended: walk.extended, logFiles: walk.logFiles,
            addedTiles: walk.addedTiles)
    }

    /// Checks one changed file of a commit, gathering what the commit's logs are checked against.
    private mutating func take(_ change: GitTreeChange, commit name: String, walk: inout CommitWalk) throws(StoreError) {
        guard let kind = StorePath(change.path) else {
            throw .tampered("\(name): \(change.path) is not part of the store layout")
        }
        // A store of batches' first commit is walked here (its `format` comes first in tree order):
        // subject folders after it would be records its v3 heads could vouch for, unread by v3 readers.
        if formatVersion == StoreLayout.batchedFormatVersion, kind.isOfSubjectFolders {
            throw .tampered("\(name): \(change.path) is not part of a version \(formatVersion) store's layout")
        }
        if let folder = kind.subjectFolder, folder != walk.open {
            if let open = walk.open { walk.left.append(open) }
            walk.open = folder
        }
        guard change.status == .deleted || change.isPlainFile else {
            throw .tampered("\(name): \(change.path) is not a plain file")
        }
        if change.status == .deleted {
            guard Self.mayBeSuperseded(kind) else { throw .tampered("\(name) removed \(change.path)\(describe(kind))") }
            return
        }
        guard change.status == .added || Self.mayChange(kind) else {
            throw .tampered("\(name) changed \(change.path)\(describe(kind)), which is written once")
        }
        if case .raw(let sha256) = kind {
            guard try store.sha256(ofBlob: change.newID, packs: packedBlobs) == sha256 else {
                throw .tampered("\(name): \(change.path) does not hash to its name")
            }
            rawInputs.insert(sha256)
            return
        }
        // A subject folder's files are read and checked with the others of their batch, on every core.
        let role: SubjectFileChecker.File.Role? =
            switch kind {
            case .record(_, let id): .record(id: id)
            case .entries(let folder): .entries(previous: change.oldID, shown: subjects[folder]?.subject ?? folder)
            case .subjectName: .subjectName
            default: nil
            }
        if let role, let folder = kind.subjectFolder {
            if try walk.files.add(.init(folder: folder, path: change.path, blob: change.newID, role: role)) {
                try finishSubjects(walk.leftBeforeBatch, walk: &walk, commit: name)
                walk.leftBeforeBatch = walk.left
                walk.left = []
            }
            return
        }
        // Only these two are read here: the log files are read once, where they are checked.
        switch kind {
        case .attributes:
            guard try store.blob(change.newID, packs: packedBlobs) == Data(StoreLayout.attributes.utf8) else {
                throw .tampered("\(name): \(change.path) was altered")
            }
        case .format:
            let text = try store.blob(change.newID, packs: packedBlobs)
            if text == Data(StoreLayout.formatText.utf8) {
                formatVersion = StoreLayout.formatVersion
            } else if text == Data(StoreLayout.formatText(version: StoreLayout.batchedFormatVersion).utf8), rootLeafHashes.isEmpty {
                formatVersion = StoreLayout.batchedFormatVersion
            } else {
                throw .tampered("\(name): \(change.path) names a store format this Vigil does not write")
            }
        case .raw:
            break  // hashed as a stream above
        case .subjectName, .entries, .record:
            break  // taken above
        case .subjectCompact, .subjectHead:
            walk.logFiles[change.path] = change.newID  // read by id below, not looked up again by path
        case .batch, .subjectBucket:
            throw .tampered("\(name): \(change.path) is not part of a version \(formatVersion) store's layout")
        case .tile(let tile):
            walk.addedTiles.append((change.path, tile, isBundle: false))  // due to the log's growth, below
        case .entryBundle(let tile):
            walk.addedTiles.append((change.path, tile, isBundle: true))
        case .checkpoint, .rootCompact:
            break  // checked against the recomputed logs below
        }
    }

    /// Adds each of these subjects' newly listed records to its tree; every added record file must be
    /// listed.
    ///
    /// An id listed again in a later commit fails here too: its file is not among those added, as
    /// record files are written once and never removed.
    private mutating func finishSubjects(_ folders: [String], walk: inout CommitWalk, commit name: String) throws(StoreError) {
        for folder in folders {
            let (files, appended, newName) = walk.files.take(folder)
            if subjects[folder] == nil, let newName { subjects[folder] = SubjectLog(subject: newName) }
            let ids = appended ?? []
            if ids.isEmpty && files.isEmpty { continue }
            guard var log = subjects[folder] else { throw .tampered("\(name): \(folder) has records but no subject file") }
            guard Set(ids) == Set(files.keys), Set(ids).count == ids.count else {
                throw .tampered("\(name): \(log.subject): the records added differ from the records its entries list")
            }
            for id in ids {
                guard let record = files[id] else { continue }
                for sha256 in record.rawInputs where !rawInputs.contains(sha256) { walk.unheldRawInputs[sha256] = id }
                try proof { () throws(ProofError) in try log.tree.append(leafHash: record.leafHash) }
            }
            recordCount += ids.count
            subjects[folder] = log
            walk.extended[folder] = log
        }
    }

    /// The commit's checkpoint is signed and covers exactly one new head per extended subject.
    /// `logFiles`: the subject log files the commit changed, by path, with what it set them to;
    /// `addedTiles`: the tiles and entry bundles it added.
    private mutating func checkSubjectLogs(
        commit: StoreCommit, name: String, reader: TreeReader, extended: [String: SubjectLog], logFiles: [String: git_oid],
        addedTiles: [(path: String, tile: TileID, isBundle: Bool)]
    ) throws(StoreError) {
        // A file the commit did not change is its parent's: looked up by path (and found stale).
        let (store, packedBlobs) = (store, packedBlobs)
        func logFile(_ path: String) throws(StoreError) -> Data? {
            if let id = logFiles[path] { return try store.blob(id, packs: packedBlobs) }
            return try reader.read(path)
        }
        var headed: Set<String> = []
        try checkRootLog(commit: commit, name: name, reader: reader, addedTiles: addedTiles) { index, head throws(StoreError) in
            let folder = StoreLayout.subjectFolder(head.subject)
            guard let log = extended[folder], headed.insert(folder).inserted, head.size == log.tree.size,
                head.root == log.tree.root
            else {
                throw .tampered("\(name): root log entry \(index) (\(head.subject) at size \(head.size)) does not match the records this commit added")
            }
            let logFolder = Self.logFolder(ofSubjectFolder: folder)
            guard try logFile(logFolder + "/head") == Data("\(index)\n".utf8),
                try logFile(logFolder + "/compact") == Data(log.tree.text.utf8)
            else { throw .tampered("\(name): the log files of \(head.subject) do not match its records") }
        }
        if let missing = extended.first(where: { !headed.contains($0.key) }) {
            throw .tampered("\(name): \(missing.value.subject) gained records the commit's checkpoint does not sign")
        }
        // A subject's log files change only with its log: one changed alone would point its proofs at
        // a size and entry the root log does not give it.
        for path in logFiles.keys.sorted() {
            let folder = Self.subjectFolder(ofLogFile: path)
            guard headed.contains(folder) else {
                throw .tampered("\(name): \(path) changed, but \(subjects[folder]?.subject ?? folder) gained no records in that commit")
            }
        }
    }

    /// `log/subjects/<2 hex>/<64 hex>` of `subjects/<2 hex>/<64 hex>`: both are named by the subject's
    /// SHA-256 (``LogLayout/subjectFolder(_:)``), here without hashing its name again.
    static func logFolder(ofSubjectFolder folder: String) -> String { "log/" + folder }

    /// The subject folder of a subject log file (`log/subjects/<2 hex>/<64 hex>/head`): the inverse
    /// of ``logFolder(ofSubjectFolder:)`` with the file's name taken off.
    static func subjectFolder(ofLogFile path: String) -> String {
        String(path.dropFirst("log/".count)[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    }

    /// " (a record about host:web-01)" for paths under a known subject's folder.
    private func describe(_ kind: StorePath) -> String {
        switch kind {
        case .record(let folder, _): subjects[folder].map { " (a record about \($0.subject))" } ?? ""
        case .entries(let folder), .subjectName(let folder): subjects[folder].map { " (of \($0.subject))" } ?? ""
        default: ""
        }
    }

    static func mayChange(_ kind: StorePath) -> Bool {
        switch kind {
        case .entries, .checkpoint, .rootCompact, .subjectCompact, .subjectHead: true
        default: false
        }
    }

    /// Only partial tiles give way, to the fuller tile that replaces them.
    static func mayBeSuperseded(_ kind: StorePath) -> Bool {
        switch kind {
        case .tile(let tile), .entryBundle(let tile): tile.isPartial
        default: false
        }
    }
}
