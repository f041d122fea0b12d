internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

/// One commit of the store: one collection run.
public struct StoreCommit: Sendable, Hashable {
    public let id: GitObjectID
    public let time: Date
    public let message: String
}

/// What one append wrote.
public struct AppendResult: Sendable {
    /// The new commit, or nil when everything was already stored (idempotent collection).
    public let commit: StoreCommit?
    public let added: [EvidenceRecord]
    /// `added`, as the index takes them (``EvidenceIndex/sync(with:trusting:appended:progress:)``).
    public let written: AppendedRecords
    public let alreadyStored: Int
}

/// The git evidence store (DESIGN §3): records and raw inputs in a bare repository, one commit per run.
///
/// The store is the truth; everything else (the index, reports) is derived from it.
public final class EvidenceStore {
    public let path: URL
    let repository: GitRepository
    /// Subjects a staging lane stages at a time (``StagingLane``): a commit of fewer than twice as
    /// many subjects is staged on one thread. Tests make it small to stage small commits on two.
    /// Two waves are held at once (one appended, the next staged): at 4,096 KMS keys a wave, ~50 MB.
    var subjectsPerLaneWave = 1_024
    /// The bytes of objects after which a lane's wave ends, at the end of a subject.
    var bytesPerLaneWave = 16 << 20

    init(path: URL, repository: GitRepository) {
        self.path = path
        self.repository = repository
    }

    /// Creates a new store whose first commit holds `.gitattributes` and the signed checkpoint of
    /// the empty log.
    public static func create(at path: URL, at time: Date, signing: LogSigning) throws(StoreError) -> EvidenceStore {
        try create(at: path, at: time, signing: signing, formatVersion: StoreLayout.formatVersion)
    }

    /// ``create(at:at:signing:)`` of a store of layout `formatVersion`: 2 (``StoreLayout/formatVersion``,
    /// a folder per subject) or 3 (``StoreLayout/batchedFormatVersion``, records by batch).
    public static func create(at path: URL, at time: Date, signing: LogSigning, formatVersion: Int) throws(StoreError) -> EvidenceStore {
        let checkpoint = try checkpointCall { () throws(CheckpointError) in
            try Checkpoint(origin: signing.origin, size: 0, rootHash: MerkleHash.emptyRoot)
        }
        let note = try signing.sign(checkpoint)
        let repository = try gitCall { () throws(GitError) in try GitRepository.createBare(at: path.path) }
        let store = EvidenceStore(path: path, repository: repository)
        let message = "Initialize Vigil evidence store\n"
        let commit = try repository.writingOnePack { () throws(StoreError) in
            try gitCall { () throws(GitError) in
                let attributes = try repository.writeBlob(Data(StoreLayout.attributes.utf8))
                let checkpointBlob = try repository.writeBlob(note.serializedData)
                let format = try repository.writeBlob(Data(StoreLayout.formatText(version: formatVersion).utf8))
                let files = [
                    StoreLayout.attributesPath: attributes, LogLayout.checkpointPath: checkpointBlob,
                    StoreLayout.formatPath: format,
                ]
                guard let tree = try repository.writeTree(base: nil, files: files) else { throw GitError.nullResult("writeTree") }
                let commit = try repository.writeCommit(tree: tree, parent: nil, message: message, at: time)
                return (commit, commit)
            }
        }
        try gitCall { () throws(GitError) in try repository.advanceHead(to: commit, from: nil, message: message) }
        return store
    }

    public static func open(at path: URL) throws(StoreError) -> EvidenceStore {
        do {
            return EvidenceStore(path: path, repository: try GitRepository.open(at: path.path))
        } catch {
            throw .notAStore(path: path.path, reason: error.message)
        }
    }

    // MARK: Writing

    /// Removes lock files a killed writer left behind (a ref lock would block every later commit).
    ///
    /// Call only while holding the workspace lock: then no other writer can own them.
    /// - Returns: the paths removed.
    @discardableResult
    public func removeStaleLocks() -> [String] {
        let files = FileManager.default
        var candidates = ["HEAD.lock", "packed-refs.lock", "config.lock", "index.lock"].map { path.appendingPathComponent($0).path }
        if let walker = files.enumerator(atPath: path.appendingPathComponent("refs").path) {
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".lock") else { continue }
                candidates.append(path.appendingPathComponent("refs/\(relative)").path)
            }
        }
        return candidates.filter { files.fileExists(atPath: $0) && (try? files.removeItem(atPath: $0)) != nil }
    }

    // MARK: Reading

    /// The layout version of the store (1 when it has no `format` file: written before logged times).
    public func formatVersion() throws(StoreError) -> Int {
        guard let data = try file(StoreLayout.formatPath) else { return 1 }
        let text = String(decoding: data, as: UTF8.self)
        guard text.hasPrefix("vigil-store/v"), text.hasSuffix("\n"), let version = Int(text.dropFirst(13).dropLast()) else {
            throw .tampered("\(StoreLayout.formatPath): '\(text.prefix(40))' is not a store format line")
        }
        return version
    }

    public func head() throws(StoreError) -> StoreCommit? {
        try gitCall { () throws(GitError) in try repository.headCommit().map { id throws(GitError) in try storeCommit(id) } }
    }

    /// Every commit, oldest first.
    public func history() throws(StoreError) -> [StoreCommit] {
        try gitCall { () throws(GitError) in try repository.commitsOldestFirst().map { id throws(GitError) in try storeCommit(id) } }
    }

    /// The newest commit made at or before `date`: the store as it was then.
    public func commit(asOf date: Date) throws(StoreError) -> StoreCommit? {
        try history().last { $0.time <= date }
    }

    public func commit(id: GitObjectID) throws(StoreError) -> StoreCommit {
        try gitCall { () throws(GitError) in try storeCommit(id.oid) }
    }

    /// The raw input with this SHA-256 as of HEAD, byte for byte.
    public func rawInput(sha256: String) throws(StoreError) -> Data? {
        guard let head = try head() else { return nil }
        return try gitCall { () throws(GitError) -> Data? in
            let tree = try repository.lookupTree(try repository.lookupCommit(head.id.oid).treeID)
            guard let entry = try tree.entry(atPath: StoreLayout.rawPath(sha256: sha256)) else { return nil }
            return try repository.readBlob(entry.id)
        }
    }

    // MARK: Helpers

    func storeCommit(_ id: git_oid) throws(GitError) -> StoreCommit {
        let commit = try repository.lookupCommit(id)
        return StoreCommit(id: GitObjectID(id), time: commit.time, message: commit.message)
    }

    func readRecord(atPath path: String, in tree: GitTree) throws(StoreError) -> EvidenceRecord {
        let data = try gitCall { () throws(GitError) -> Data? in
            guard let entry = try tree.entry(atPath: path) else { return nil }
            return try repository.readBlob(entry.id)
        }
        guard let data else { throw .corruptRecord(path: path, reason: "listed in entries but missing") }
        let record = try Self.record(bytes: data, path: path)
        guard StoreLayout.recordID(inPath: path) == record.id else {
            throw .corruptRecord(path: path, reason: "content does not hash to its id")
        }
        return record
    }

    /// A record from its stored bytes, which must be its canonical form.
    static func record(bytes data: Data, path: String) throws(StoreError) -> EvidenceRecord {
        let record: EvidenceRecord
        do { record = try EvidenceRecord(canonicalData: data) } catch {
            throw .corruptRecord(path: path, reason: error.description)
        }
        guard record.canonicalData == data else { throw .corruptRecord(path: path, reason: "not in canonical form") }
        return record
    }
}
