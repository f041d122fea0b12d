import EvidenceModel
import Foundation
import MerkleLog
internal import CGit2

/// The store at one commit, for many reads: its signed checkpoint, root log entries, subjects'
/// entries and records. Reads are cached per subject, so a caller may ask repeatedly.
public final class StoreSnapshot {
    public let commit: StoreCommit
    public let note: Note
    public let checkpoint: Checkpoint
    private let store: EvidenceStore
    let reader: TreeReader
    private var entriesCache: [String: [String]] = [:]
    /// Records are read from the packs by offset, not through libgit2's pack windows: reading a
    /// rebuild's records subject by subject jumped through a large pack, remapping them.
    private lazy var packedBlobs = PackedBlobReader(objectsPath: store.repository.objectsPath)

    init(store: EvidenceStore, commit: StoreCommit) throws(StoreError) {
        self.store = store
        self.commit = commit
        reader = try store.treeReader(at: commit)
        guard let data = try reader.read(LogLayout.checkpointPath) else { throw .tampered("HEAD has no checkpoint") }
        do {
            note = try Note(parsing: data)
            checkpoint = try Checkpoint(note)
        } catch { throw .tampered("\(LogLayout.checkpointPath) at HEAD: \(error)") }
    }

    /// Checks the checkpoint's signature; nothing read from the snapshot is trusted before.
    public func verifySignature(trusting keys: [NoteVerifierKey]) throws(StoreError) {
        do { try note.verify(trusting: keys) } catch { throw .tampered("the checkpoint at HEAD: \(error)") }
    }

    /// Root log entries `start ..< end` (each a subject head's leaf bytes).
    public func rootEntries(from start: Int, to end: Int) throws(StoreError) -> [Data] {
        try RootLogEntries.read(from: start, to: end, reader: reader)
    }

    /// The ids of a subject's records in log order (empty for an unknown subject).
    public func entries(of subject: String) throws(StoreError) -> [String] {
        if let cached = entriesCache[subject] { return cached }
        let data = try reader.read(StoreLayout.entriesPath(subject)) ?? Data()
        let ids = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        entriesCache[subject] = ids
        return ids
    }

    /// The record `id` about `subject`; nil when this snapshot's log does not list it.
    public func record(id: String, subject: String) throws(StoreError) -> EvidenceRecord? {
        guard try entries(of: subject).contains(id) else { return nil }
        return try records(of: subject, ids: [id][...]).first
    }

    /// The records with these ids about `subject`, each checked to hash to its id (its canonical form
    /// is what `log verify` checks; here the bytes are taken as stored, parsed once, never re-serialized).
    public func records(of subject: String, ids: ArraySlice<String>) throws(StoreError) -> [EvidenceRecord] {
        let folder = StoreLayout.subjectFolder(subject) + "/records"
        let tree = try reader.subtree(folder)
        var records: [EvidenceRecord] = []
        records.reserveCapacity(ids.count)
        for id in ids {
            let path = "\(folder)/\(id).json"
            guard let entry = tree?.entry(named: "\(id).json"), !entry.isTree else {
                throw .tampered("\(path) is listed in the log but missing")
            }
            let data = try store.blob(entry.id, packs: packedBlobs)
            guard SHA256Hex.of(data) == id else { throw .tampered("\(path) does not hash to its id") }
            let record: EvidenceRecord
            do { record = try EvidenceRecord(canonicalData: data, id: id) } catch {
                throw .corruptRecord(path: path, reason: error.description)
            }
            guard record.subject == subject else { throw .tampered("\(path) is about \(record.subject), filed under \(subject)") }
            records.append(record)
        }
        return records
    }
}

extension EvidenceStore {
    /// HEAD as a snapshot, or nil for a store without commits.
    public func snapshot() throws(StoreError) -> StoreSnapshot? {
        guard let head = try head() else { return nil }
        return try StoreSnapshot(store: self, commit: head)
    }

    /// The record `id` about `subject` as stored at HEAD; nil when HEAD's log does not list it.
    public func record(id: String, subject: String) throws(StoreError) -> EvidenceRecord? {
        try snapshot()?.record(id: id, subject: subject)
    }
}

extension TreeReader {
    /// A folder of the tree, or nil when absent.
    func subtree(_ path: String) throws(StoreError) -> GitTree? {
        try folder(path[...])
    }

    /// A file directly in `folder` (a binary search in the tree object).
    func read(named name: String, in folder: GitTree) throws(StoreError) -> Data? {
        guard let entry = folder.entry(named: name), !entry.isTree else { return nil }
        return try gitCall { () throws(GitError) in try repositoryForReads.readBlob(entry.id) }
    }
}
