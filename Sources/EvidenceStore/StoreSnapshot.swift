internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

/// The store at one commit, for many reads: its signed checkpoint, root log entries, subjects'
/// entries and records. Reads are cached per subject, so a caller may ask repeatedly.
public final class StoreSnapshot {
    public let commit: StoreCommit
    public let note: Note
    public let checkpoint: Checkpoint
    let store: EvidenceStore
    let reader: TreeReader
    /// The subjects, their records and heads, as the store's layout keeps them.
    let subjects: any StoredSubjects
    private var entriesCache: [String: [String]] = [:]
    /// The root log's tiles at this snapshot's size, and the node hashes computed from them.
    let rootHashes: TileHashMemo

    init(store: EvidenceStore, commit: StoreCommit) throws(StoreError) {
        self.store = store
        self.commit = commit
        reader = try store.treeReader(at: commit)
        guard let data = try reader.read(LogLayout.checkpointPath) else { throw .tampered("HEAD has no checkpoint") }
        do {
            note = try Note(parsing: data)
            checkpoint = try Checkpoint(note)
        } catch { throw .tampered("\(LogLayout.checkpointPath) at HEAD: \(error)") }
        let memo = TileHashMemo()
        rootHashes = memo
        subjects =
            try StoreLayout.isBatched(reader)
            ? BatchedSubjects(reader: reader, rootSize: checkpoint.size, memo: memo)
            : SubjectFolders(store: store, reader: reader, packs: PackedBlobReader(objectsPath: store.repository.objectsPath))
    }

    /// Closes the packs the snapshot's reads opened; the next read opens them again.
    ///
    /// Each object found searches every pack's index, and libgit2 keeps the pages it touched mapped
    /// while the pack is open: walking the root log's tiles after a 400k-key collect (six packs) kept
    /// ~80 MB of their indexes resident through the index sync. Only while no other thread reads
    /// through this store.
    func closePacks() {
        store.repository.closePacks()
    }

    /// The same commit read through the store opened anew, for another thread: a snapshot's
    /// libgit2 objects serve one.
    func sibling() throws(StoreError) -> StoreSnapshot {
        try StoreSnapshot(store: EvidenceStore.open(at: store.path), commit: commit)
    }

    /// Checks the checkpoint's signature; nothing read from the snapshot is trusted before.
    public func verifySignature(trusting keys: [NoteVerifierKey]) throws(StoreError) {
        do { try note.verify(trusting: keys) } catch { throw .tampered("the checkpoint at HEAD: \(error)") }
    }

    /// Root log entries `start ..< end` (each a subject head's leaf bytes).
    public func rootEntries(from start: Int, to end: Int) throws(StoreError) -> [Data] {
        // The tiles are those of the checkpoint's log, whatever part of it is read.
        try RootLogEntries.read(from: start, to: end, size: checkpoint.size, reader: reader)
    }

    /// Calls `body` with each root log entry from `start` to the checkpoint and its index, reading a
    /// few thousand at a time: the whole log at once held ~190 bytes an entry, a million entries
    /// after a few collects of a large CA's logs.
    public func forEachRootEntry(
        from start: Int = 0, window: Int = entriesPerRead, _ body: (Int, Data) throws(StoreError) -> Void
    ) throws(StoreError) {
        var next = start
        while next < checkpoint.size {
            let window = try rootEntries(from: next, to: min(next + max(window, 1), checkpoint.size))
            for entry in window {
                try body(next, entry)
                next += 1
            }
        }
    }

    /// How many root log entries are read at once: sixteen tiles.
    public static let entriesPerRead = 4096

    /// The ids of a subject's records in log order (empty for an unknown subject).
    public func entries(of subject: String) throws(StoreError) -> [String] {
        if let cached = entriesCache[subject] { return cached }
        let ids = try subjects.ids(of: subject)
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
        try stored(of: subject, ids: ids) { data, id throws(EvidenceRecord.DecodingFailure) in
            let record = try EvidenceRecord(canonicalData: data, id: id)
            return (record, record.subject)
        }
    }

    /// The same records as the index takes them: their fields, with `data` checked as JSON but not
    /// built (most of a record's parse, and of an index rebuild).
    func indexedRecords(of subject: String, ids: ArraySlice<String>) throws(StoreError) -> [IndexedRecord] {
        try stored(of: subject, ids: ids) { data, id throws(EvidenceRecord.DecodingFailure) in
            let header = try RecordHeader(canonicalData: data)
            return (IndexedRecord(fields: IndexedRecord.Fields(header, id: id), canonicalData: data), header.subject)
        }
    }

    /// Reads each record's bytes, checks they hash to its id, makes it with `make` (which also says
    /// what subject the bytes name) and checks that subject is the one it is filed under.
    private func stored<Record>(
        of subject: String, ids: ArraySlice<String>,
        _ make: (Data, String) throws(EvidenceRecord.DecodingFailure) -> (Record, subject: String)
    ) throws(StoreError) -> [Record] {
        let stored = try subjects.records(of: subject)
        var records: [Record] = []
        records.reserveCapacity(ids.count)
        for id in ids {
            let path = stored.place(of: id)
            guard let data = try stored.bytes(of: id) else { throw .tampered("\(path) is listed in the log but missing") }
            guard SHA256Hex.of(data) == id else { throw .tampered("\(path) does not hash to its id") }
            let made: (record: Record, subject: String)
            do { made = try make(data, id) } catch { throw .corruptRecord(path: path, reason: error.description) }
            guard made.subject == subject else { throw .tampered("\(path) is about \(made.subject), filed under \(subject)") }
            records.append(made.record)
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
