internal import CGit2
import Crypto
import EvidenceModel
import Foundation
import MerkleLog

extension EvidenceStore {
    /// A file of the tree of `commit` (HEAD when nil), or nil when absent.
    func file(_ path: String, at commit: StoreCommit? = nil) throws(StoreError) -> Data? {
        let headID = try head()?.id
        guard let id = commit?.id ?? headID else { return nil }
        return try gitCall { () throws(GitError) -> Data? in
            let tree = try repository.lookupTree(try repository.lookupCommit(id.oid).treeID)
            guard let entry = try tree.entry(atPath: path) else { return nil }
            return try repository.readBlob(entry.id)
        }
    }

    /// A reader of one commit's tree, for many reads.
    func treeReader(at commit: StoreCommit) throws(StoreError) -> TreeReader {
        let tree = try gitCall { () throws(GitError) in try repository.lookupTree(try repository.lookupCommit(commit.id.oid).treeID) }
        return TreeReader(tree: tree, repository: repository)
    }

    /// The signed root checkpoint as of `commit` (HEAD when nil).
    public func checkpoint(at commit: StoreCommit? = nil) throws(StoreError) -> Note? {
        guard let data = try file(LogLayout.checkpointPath, at: commit) else { return nil }
        do { return try Note(parsing: data) } catch { throw .log("\(LogLayout.checkpointPath): \(error)") }
    }

    /// The proof that record `id` (about `subject`) is in the log at HEAD.
    public func recordProof(id: String, subject: String) throws(StoreError) -> RecordProof {
        guard let snapshot = try snapshot() else { throw .log("the store is empty") }
        return try recordProof(id: id, subject: subject, in: snapshot)
    }

    /// The same proof at a snapshot of HEAD: a bundle proves thousands of records against one tree
    /// and one checkpoint, each read and parsed once, not once per record.
    public func recordProof(id: String, subject: String, in snapshot: StoreSnapshot) throws(StoreError) -> RecordProof {
        try recordProofs(ids: [id], subject: subject, in: snapshot)[0]
    }

    /// The proofs of several records about one subject, in the order of `wanted`: the subject's
    /// records are read and hashed, its tree built and its head proven once for all of them.
    /// - Parameter known: records of the subject the caller has read already, whose bytes need not
    ///   be read again (each is hashed: one whose bytes are not its id's is read from the store).
    public func recordProofs(
        ids wanted: [String], subject: String, in snapshot: StoreSnapshot, known: [EvidenceRecord] = []
    ) throws(StoreError) -> [RecordProof] {
        guard !wanted.isEmpty else { return [] }
        let ids = try snapshot.entries(of: subject)
        guard !ids.isEmpty else { throw .tampered("record \(wanted[0]) is not in the log: no records about \(subject)") }
        var positions: [String: Int] = [:]
        for (position, id) in ids.enumerated() where positions[id] == nil { positions[id] = position }
        let wantedPositions = try wanted.map { id throws(StoreError) in
            guard let position = positions[id] else { throw .tampered("record \(id) is not in the log: not among \(subject)'s records") }
            return position
        }
        let leafHashes = try recordLeafHashes(subject: subject, ids: ids, in: snapshot, known: known)
        let tree = try proof { () throws(ProofError) in try MerkleTree(leafHashes: leafHashes) }
        let (subjectHead, rootProof) = try subjectHeadProof(subject: subject, size: ids.count, in: snapshot)
        return try wantedPositions.map { position throws(StoreError) in
            let subjectProof = try proof { () throws(ProofError) in try tree.inclusionProof(index: position) }
            return RecordProof(
                subject: subject, subjectProof: subjectProof, loggedAt: subjectHead.loggedAt, placement: subjectHead.placement,
                rootProof: rootProof)
        }
    }

    /// The subject's newest head (it must be of `size` records) and its tlog-proof in the root log
    /// at the snapshot's commit.
    func subjectHeadProof(subject: String, size: Int, in snapshot: StoreSnapshot) throws(StoreError) -> (SubjectHead, TlogProof) {
        let (reader, checkpoint, memo) = (snapshot.reader, snapshot.checkpoint, snapshot.rootHashes)
        guard let rootIndex = try snapshot.subjects.newestHead(of: subject) else { throw .log("\(subject) has no head in the root log") }
        guard (0..<checkpoint.size).contains(rootIndex),
            let leaf = try RootLogEntries.read(from: rootIndex, to: rootIndex + 1, size: checkpoint.size, reader: reader, memo: memo).first,
            let subjectHead = SubjectHead(leafBytes: leaf), subjectHead.subject == subject, subjectHead.size == size
        else { throw .tampered("root log entry \(rootIndex) is not \(subject)'s newest head") }
        var tiles = TileHashReader(size: checkpoint.size, memo: memo) { path throws(StoreError) in try reader.read(path) }
        let nodes = try proof { () throws(ProofError) in try ProofPlan.inclusion(index: rootIndex, size: checkpoint.size) }
        var hashes: [Data] = []
        for node in nodes { hashes.append(try tiles.hash(of: node)) }
        return (subjectHead, TlogProof(index: rootIndex, hashes: hashes, checkpoint: snapshot.note))
    }

    /// A consistency proof from an older size of the root log to the size at HEAD, from the tiles.
    public func consistencyProof(from oldSize: Int) throws(StoreError) -> (proof: ConsistencyProof, checkpoint: Note) {
        guard let head = try head(), let note = try checkpoint(at: head) else { throw .log("no checkpoint") }
        let checkpoint = try checkpointCall { () throws(CheckpointError) in try Checkpoint(note) }
        let nodes = try proof { () throws(ProofError) in try ProofPlan.consistency(from: oldSize, to: checkpoint.size) }
        let reader = try treeReader(at: head)
        var tiles = TileHashReader(size: checkpoint.size) { path throws(StoreError) in try reader.read(path) }
        var hashes: [Data] = []
        for node in nodes { hashes.append(try tiles.hash(of: node)) }
        return (ConsistencyProof(size1: oldSize, size2: checkpoint.size, hashes: hashes), note)
    }
}

extension EvidenceStore {
    /// The leaf hashes of a subject's records in append order.
    private func recordLeafHashes(
        subject: String, ids: [String], in snapshot: StoreSnapshot, known: [EvidenceRecord]
    ) throws(StoreError) -> [Data] {
        var bytes: [String: Data] = [:]
        for record in known where SHA256Hex.of(record.canonicalData) == record.id { bytes[record.id] = record.canonicalData }
        // The subject's records found once, each then read by its id: found from the root tree for
        // every record, each subject inflated its shard's folder again (a sixth of a bundle export).
        let stored = bytes.count < ids.count ? try snapshot.subjects.records(of: subject) : nil
        var hashes: [Data] = []
        hashes.reserveCapacity(ids.count)
        for id in ids {
            if let known = bytes[id] {
                hashes.append(MerkleHash.leaf(known))
                continue
            }
            guard let stored, let data = try stored.bytes(of: id) else {
                throw .corruptRecord(path: stored?.place(of: id) ?? id, reason: "listed but missing")
            }
            hashes.append(MerkleHash.leaf(data))
        }
        return hashes
    }
}

/// Reads files of one commit's tree; owns nothing but references to libgit2 objects.
final class TreeReader {
    let tree: GitTree
    private let repository: GitRepository
    var repositoryForReads: GitRepository { repository }
    /// Shard-level folders already looked up, by path (`subjects/ab`, `log/subjects/ab`): they hold
    /// hundreds of entries, and looking every path up from the root inflated them again for every
    /// file read. Deeper folders (one per subject) are not kept, so memory follows the shards.
    private var folders: [Substring: GitTree?] = [:]
    /// Whether paths are read in order (a commit's subjects, by hash): then only the last shard of
    /// each folder is kept, as a walk never comes back to one (400k subjects' shards were ~85 MB).
    private let walkingInOrder: Bool

    init(tree: GitTree, repository: GitRepository, walkingInOrder: Bool = false) {
        self.tree = tree
        self.repository = repository
        self.walkingInOrder = walkingInOrder
    }

    func read(_ path: String) throws(StoreError) -> Data? {
        let (folderPath, name) = Self.split(path[...])
        guard let folder = try self.folder(folderPath), let entry = folder.entry(named: String(name)), !entry.isTree else {
            return nil
        }
        return try gitCall { () throws(GitError) in try repository.readBlob(entry.id) }
    }

    /// The folder at `path` ("" for the root), or nil when there is none.
    func folder(_ path: Substring) throws(StoreError) -> GitTree? {
        if path.isEmpty { return tree }
        if let cached = folders[path] { return cached }
        let (parentPath, name) = Self.split(path)
        var found: GitTree?
        if let parent = try folder(parentPath), let entry = parent.entry(named: String(name)), entry.isTree {
            found = try gitCall { () throws(GitError) in try repository.lookupTree(entry.id) }
        }
        // A subject's own folder is named by its 64-hex hash: read a few times, never kept.
        if name.utf8.count != 64 && Self.split(parentPath).name.utf8.count != 64 {
            if walkingInOrder, name.utf8.count == 2 { folders = folders.filter { Self.split($0.key).folder != parentPath } }
            folders[path] = found
        }
        return found
    }

    /// Split on the byte: a store path is ASCII, and finding `/` by Character was a cost per subject.
    private static func split(_ path: Substring) -> (folder: Substring, name: Substring) {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return (Substring(""), path) }
        return (path[..<slash], path[path.utf8.index(after: slash)...])
    }
}

extension EvidenceStore {
    /// The files a commit changed relative to its parent, and a reader of its tree.
    func changes(of commit: StoreCommit, parent: StoreCommit?) throws(StoreError) -> ([GitTreeChange], TreeReader) {
        try gitCall { () throws(GitError) in
            let tree = try repository.lookupTree(try repository.lookupCommit(commit.id.oid).treeID)
            let old = try parent.map { p throws(GitError) in try repository.lookupTree(try repository.lookupCommit(p.id.oid).treeID) }
            return (try repository.changes(from: old, to: tree), TreeReader(tree: tree, repository: repository))
        }
    }

    /// Calls `body` with every file that differs between the trees of `parent` (nil: the empty tree)
    /// and `commit`, descending only into folders whose ids differ and holding one line of folders
    /// at a time: libgit2's diff of a commit of 200k records held its ~550k paths, ~210 MB.
    func forEachChange(
        of commit: StoreCommit, parent: StoreCommit?, _ body: (GitTreeChange) throws(StoreError) -> Void
    ) throws(StoreError) {
        let (old, new) = try gitCall { () throws(GitError) in
            (
                try parent.map { p throws(GitError) in try repository.lookupTree(try repository.lookupCommit(p.id.oid).treeID) },
                try repository.lookupTree(try repository.lookupCommit(commit.id.oid).treeID)
            )
        }
        try forEachChange(from: old, to: new, under: "", body)
    }

    private func forEachChange(
        from old: GitTree?, to new: GitTree?, under prefix: String, _ body: (GitTreeChange) throws(StoreError) -> Void
    ) throws(StoreError) {
        var removed = Dictionary((old?.entries ?? []).map { ($0.name, $0) }) { first, _ in first }
        var seen: Set<String> = []
        for entry in new?.entries ?? [] {
            // git writes a name once per folder; a crafted tree holding it twice would let a reader's
            // lookup find a file other than the one checked here.
            guard seen.insert(entry.name).inserted else {
                throw .tampered("the folder '\(prefix.isEmpty ? "/" : prefix)' holds two entries named '\(entry.name)'")
            }
            guard let previous = removed.removeValue(forKey: entry.name) else {
                try changed(nil, entry, under: prefix, body)
                continue
            }
            if GitObjectID(previous.id) == GitObjectID(entry.id), previous.isTree == entry.isTree, previous.isPlainFile == entry.isPlainFile { continue }
            if previous.isTree == entry.isTree {
                try changed(previous, entry, under: prefix, body)
            } else {  // a file became a folder or the other way: one removed, the other added
                try changed(previous, nil, under: prefix, body)
                try changed(nil, entry, under: prefix, body)
            }
        }
        for name in removed.keys.sorted() { try changed(removed[name], nil, under: prefix, body) }
    }

    /// One entry added (`old` nil), removed (`new` nil) or changed, of the same type on both sides.
    private func changed(
        _ old: GitTree.Entry?, _ new: GitTree.Entry?, under prefix: String, _ body: (GitTreeChange) throws(StoreError) -> Void
    ) throws(StoreError) {
        guard let either = new ?? old else { return }
        let path = prefix + either.name
        if either.isTree {
            let (oldTree, newTree) = try gitCall { () throws(GitError) in
                (
                    try old.map { o throws(GitError) in try repository.lookupTree(o.id) },
                    try new.map { n throws(GitError) in try repository.lookupTree(n.id) }
                )
            }
            try forEachChange(from: oldTree, to: newTree, under: path + "/", body)
            return
        }
        let status: GitTreeChange.Status = old == nil ? .added : new == nil ? .deleted : .modified
        try body(GitTreeChange(path: path, status: status, oldID: old?.id, newID: new?.id, isPlainFile: either.isPlainFile))
    }

    /// The SHA-256 of a blob, streamed from its pack when a pack holds it whole (raw inputs run to
    /// hundreds of megabytes, which libgit2 would hand over whole), else read through libgit2.
    func sha256(ofBlob id: git_oid?, packs: PackedBlobReader) throws(StoreError) -> String {
        guard let id else { return SHA256Hex.of(Data()) }
        var hash = SHA256()
        let streamed = try gitCall { () throws(GitError) in try packs.streamBlob(id) { hash.update(bufferPointer: $0) } }
        return streamed ? SHA256Hex.text(of: hash.finalize()) : SHA256Hex.of(try blob(id))
    }

    /// A blob read from its pack by offset when a pack holds it whole, else through libgit2.
    func blob(_ id: git_oid?, packs: PackedBlobReader) throws(StoreError) -> Data {
        guard let id else { return Data() }
        return try gitCall { () throws(GitError) in
            if let packed = try packs.read(id) { return packed }
            return try repository.readBlob(id)
        }
    }

    func blob(_ id: git_oid?) throws(StoreError) -> Data {
        guard let id else { return Data() }
        return try gitCall { () throws(GitError) in try repository.readBlob(id) }
    }
}
