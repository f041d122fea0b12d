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
        try checkRootLog(
            commit: commit, name: name, reader: try store.treeReader(at: commit), extended: walk.extended, logFiles: walk.logFiles,
            addedTiles: walk.addedTiles)
    }

    /// Checks one changed file of a commit, gathering what the commit's logs are checked against.
    private mutating func take(_ change: GitTreeChange, commit name: String, walk: inout CommitWalk) throws(StoreError) {
        guard let kind = StorePath(change.path) else {
            throw .tampered("\(name): \(change.path) is not part of the store layout")
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
            guard try store.blob(change.newID, packs: packedBlobs) == Data(StoreLayout.formatText.utf8) else {
                throw .tampered("\(name): \(change.path) names a store format this Vigil does not write")
            }
            formatVersion = StoreLayout.formatVersion
        case .raw:
            break  // hashed as a stream above
        case .subjectName, .entries, .record:
            break  // taken above
        case .subjectCompact, .subjectHead:
            walk.logFiles[change.path] = change.newID  // read by id below, not looked up again by path
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
    private mutating func checkRootLog(
        commit: StoreCommit, name: String, reader: TreeReader, extended: [String: SubjectLog], logFiles: [String: git_oid],
        addedTiles: [(path: String, tile: TileID, isBundle: Bool)]
    ) throws(StoreError) {
        // A file the commit did not change is its parent's: looked up by path (and found stale).
        func logFile(_ path: String) throws(StoreError) -> Data? {
            if let id = logFiles[path] { return try store.blob(id, packs: packedBlobs) }
            return try reader.read(path)
        }
        guard let data = try reader.read(LogLayout.checkpointPath) else { throw .tampered("\(name): no checkpoint") }
        let checkpoint: Checkpoint
        let note: Note
        do { note = try Note(parsing: data) } catch { throw .tampered("\(name): checkpoint is not a signed note: \(error)") }
        do { try note.verify(trusting: keys) } catch { throw .tampered("\(name): checkpoint signature: \(error)") }
        do { checkpoint = try Checkpoint(note) } catch { throw .tampered("\(name): checkpoint: \(error)") }
        guard checkpoint.origin == (origin ?? checkpoint.origin) else {
            throw .tampered("\(name): checkpoint origin '\(checkpoint.origin)' differs from '\(origin ?? "")'")
        }
        origin = checkpoint.origin
        let oldSize = rootLeafHashes.count
        guard checkpoint.size >= oldSize else { throw .tampered("\(name): the checkpoint's log is shorter than its parent's") }
        let leaves = try RootLogEntries.read(from: oldSize, to: checkpoint.size, reader: reader)
        var headed: Set<String> = []
        for (offset, leaf) in leaves.enumerated() {
            let index = oldSize + offset
            guard let head = SubjectHead(leafBytes: leaf) else { throw .tampered("\(name): root log entry \(index) is not a subject head") }
            let folder = StoreLayout.subjectFolder(head.subject)
            guard let log = extended[folder], headed.insert(folder).inserted, head.size == log.tree.size,
                head.root == log.tree.root
            else {
                throw .tampered("\(name): root log entry \(index) (\(head.subject) at size \(head.size)) does not match the records this commit added")
            }
            try checkLoggedTime(head.loggedAt, commit: commit, name: name, entry: index)
            // A leaf of another version carries lines this store's checks do not read (a v3 head's
            // placement in a v2 store): believed, they would say where records are that nothing checked.
            guard head.version == formatVersion else {
                throw .tampered("\(name): root log entry \(index) is a version \(head.version) subject head in a version \(formatVersion) store")
            }
            let logFolder = Self.logFolder(ofSubjectFolder: folder)
            guard try logFile(logFolder + "/head") == Data("\(index)\n".utf8),
                try logFile(logFolder + "/compact") == Data(log.tree.text.utf8)
            else { throw .tampered("\(name): the log files of \(head.subject) do not match its records") }
            let hash = MerkleHash.leaf(leaf)
            rootLeafHashes.append(hash)
            try proof { () throws(ProofError) in try rootRange.append(leafHash: hash) }
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
        guard rootRange.root == checkpoint.rootHash else {
            throw .tampered("\(name): the root log's entries do not hash to the signed root (history rewritten?)")
        }
        // Only the tiles and bundles its growth calls for: one planted ahead (a full tile of a size the
        // log has not reached) passed, and the commit that later writes it would look like tampering.
        let due = Set(TileLayout.tilesChanged(from: oldSize, to: checkpoint.size))
        for added in addedTiles where !due.contains(added.tile) || added.isBundle && added.tile.level != 0 {
            throw .tampered("\(name): \(added.path) is not a tile of the root log's growth from \(oldSize) to \(checkpoint.size) entries")
        }
        // At every commit, whether its log grew or not: one changed alone was believed, and the next
        // collect extends the root log from it.
        guard try reader.read(LogLayout.rootCompactPath) == (checkpoint.size == 0 ? nil : Data(rootRange.text.utf8)) else {
            throw .tampered("\(name): \(LogLayout.rootCompactPath) does not match the root log")
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

    /// Logged times come from the commit that logged them and never go backwards.
    private mutating func checkLoggedTime(_ loggedAt: Date?, commit: StoreCommit, name: String, entry: Int) throws(StoreError) {
        guard formatVersion >= 2 else {
            guard loggedAt == nil else { throw .tampered("\(name): root log entry \(entry) has a logged time in a version 1 store") }
            return
        }
        guard let loggedAt else { throw .tampered("\(name): root log entry \(entry) carries no logged time") }
        guard loggedAt == commit.time else {
            throw .tampered(
                "\(name): root log entry \(entry) says it was logged at \(Timestamp.format(loggedAt)), its commit at \(Timestamp.format(commit.time))")
        }
        if let last = lastLoggedAt, loggedAt < last {
            throw .tampered(
                "\(name): root log entry \(entry) was logged at \(Timestamp.format(loggedAt)), before the entry ahead of it (\(Timestamp.format(last)))")
        }
        lastLoggedAt = loggedAt
    }

    /// The tiles and entry bundles at HEAD hold the recomputed root log.
    func checkTiles(at head: StoreCommit) throws(StoreError) {
        let reader = try store.treeReader(at: head)
        let tree = try proof { () throws(ProofError) in try MerkleTree(leafHashes: rootLeafHashes) }
        for tile in TileLayout.tiles(forSize: tree.size) {
            guard try reader.read(LogLayout.tilePath(tile)) == tree.content(of: tile) else {
                throw .tampered("\(LogLayout.tilePath(tile)) does not match the root log")
            }
        }
        // Every entry, not only those each commit added: a partial bundle superseded by a fuller one
        // could otherwise rewrite the entries it held. A bundle at a time: all of them at once held
        // every entry of the log (43 MB of a 400k-record store's peak).
        var start = 0
        while start < rootLeafHashes.count {
            let end = min(start + TileLayout.width, rootLeafHashes.count)
            let entries = try RootLogEntries.read(from: start, to: end, size: rootLeafHashes.count, reader: reader)
            for (offset, entry) in entries.enumerated() where MerkleHash.leaf(entry) != rootLeafHashes[start + offset] {
                throw .tampered("root log entry \(start + offset) in its entry bundle does not match the root log")
            }
            start = end
        }
    }

    /// " (a record about host:web-01)" for paths under a known subject's folder.
    private func describe(_ kind: StorePath) -> String {
        switch kind {
        case .record(let folder, _): subjects[folder].map { " (a record about \($0.subject))" } ?? ""
        case .entries(let folder), .subjectName(let folder): subjects[folder].map { " (of \($0.subject))" } ?? ""
        default: ""
        }
    }

    private static func mayChange(_ kind: StorePath) -> Bool {
        switch kind {
        case .entries, .checkpoint, .rootCompact, .subjectCompact, .subjectHead: true
        default: false
        }
    }

    /// Only partial tiles give way, to the fuller tile that replaces them.
    private static func mayBeSuperseded(_ kind: StorePath) -> Bool {
        switch kind {
        case .tile(let tile), .entryBundle(let tile): tile.isPartial
        default: false
        }
    }
}
