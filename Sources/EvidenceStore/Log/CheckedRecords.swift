internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

/// What `log verify` keeps of a record once its bytes are checked: a commit of 200,000 records
/// held as parsed records took 1.7 GB.
struct CheckedRecord {
    let leafHash: Data
    let rawInputs: [String]
}

/// Checks the record files one commit added, a few thousand at a time, while the walk goes on.
///
/// Reading and parsing records is most of `log verify`, and each record stands alone: the files are
/// taken in the order the commit lists them, then read from their packs and checked in one
/// contiguous share per core (`ParallelShares`). A full batch is checked on other threads while the
/// walk of the commit's trees gathers the next (the walk held the main thread, and a core waited on
/// it, for over half of a verify). A blob no pack holds whole is read afterwards through libgit2, on
/// the calling thread.
struct RecordChecker {
    struct File: Sendable {
        let folder: String
        let id: String
        let path: String
        let blob: git_oid?
    }

    /// A file's check; nil when the blob is not in a pack whole (or its pack could not be read).
    private typealias Outcome = Result<CheckedRecord, StoreError>?

    static let defaultBatch = 8_192
    let commit: String
    /// Records checked at once.
    let batch: Int
    private let packs: PackedBlobReader
    /// Reads a blob through libgit2, on the calling thread: every blob a pack does not hold whole.
    private let read: (git_oid?) throws(StoreError) -> Data
    private var waiting: [File] = []
    /// The batch being checked on other threads, and its outcomes once made.
    private var inFlight: (files: [File], outcomes: BackgroundWork<[Outcome]>)?
    /// The checked records by subject folder, then by id.
    private var checked: [String: [String: CheckedRecord]] = [:]

    init(commit: String, batch: Int = Self.defaultBatch, packs: PackedBlobReader, read: @escaping (git_oid?) throws(StoreError) -> Data) {
        self.commit = commit
        self.batch = max(1, batch)
        self.packs = packs
        self.read = read
    }

    /// Adds a record file. When a batch is full, takes in the batch being checked and starts checking
    /// this one.
    /// - Returns: whether it started a batch: every record added before the batch started last time
    ///   can then be taken.
    mutating func add(_ file: File) throws(StoreError) -> Bool {
        waiting.append(file)
        guard waiting.count >= batch else { return false }
        try takeInFlight()
        let files = waiting
        waiting = []
        let commit = commit
        nonisolated(unsafe) let packs = packs  // reads by pread into buffers of its own: safe on every core
        inFlight = (files, BackgroundWork { Self.outcomes(of: files, packs: packs, commit: commit) })
        return true
    }

    /// Takes the checked records of one subject folder, by id (each hashes to its id, is canonical
    /// and is filed under its subject's folder); only records added before the last check are there.
    mutating func take(_ folder: String) -> [String: CheckedRecord] {
        checked.removeValue(forKey: folder) ?? [:]
    }

    /// Waits for the batch being checked, if any. Throws its first failure in the commit's order: it
    /// comes before anything the walk found since.
    mutating func takeInFlight() throws(StoreError) {
        guard let (files, work) = inFlight.take() else { return }
        try keep(files, work.value)
    }

    /// Checks every record file still waiting, after the batch being checked. Throws the first
    /// failure in the commit's order.
    mutating func checkWaiting() throws(StoreError) {
        try takeInFlight()
        let files = waiting
        waiting = []
        nonisolated(unsafe) let packs = packs
        try keep(files, Self.outcomes(of: files, packs: packs, commit: commit))
    }

    private static func outcomes(of files: [File], packs: PackedBlobReader, commit: String) -> [Outcome] {
        nonisolated(unsafe) let packs = packs
        return ParallelShares.map(files, minimum: 512) { slice in
            slice.map { file -> Outcome in
                guard let blob = file.blob, let bytes = try? packs.read(blob) else { return nil }
                return Result { () throws(StoreError) in try Self.check(file, bytes: bytes, commit: commit) }
            }
        }
    }

    private mutating func keep(_ files: [File], _ outcomes: [Outcome]) throws(StoreError) {
        for (file, outcome) in zip(files, outcomes) {
            let record: CheckedRecord
            if let outcome { record = try outcome.get() } else { record = try Self.check(file, bytes: try read(file.blob), commit: commit) }
            checked[file.folder, default: [:]][file.id] = record
        }
    }

    private static func check(_ file: File, bytes: Data, commit name: String) throws(StoreError) -> CheckedRecord {
        // Records exactly as Vigil writes them are checked without building their data; any other is
        // read whole, for the reason it is refused.
        let (id, subject, rawInputs): (String, String, [String])
        if let read = CanonicalRecordHeader(checking: bytes) {
            (id, subject, rawInputs) = (read.id, read.header.subject, read.rawInputDigests)
        } else {
            let record: EvidenceRecord
            do { record = try EvidenceStore.record(bytes: bytes, path: file.path) } catch { throw .tampered("\(name): \(error)") }
            (id, subject, rawInputs) = (record.id, record.subject, record.rawInputDigests)
        }
        guard id == file.id else { throw .tampered("\(name): \(file.path) does not hash to its id") }
        guard StoreLayout.subjectFolder(subject) == file.folder else {
            throw .tampered("\(name): record \(file.id) is about \(subject), filed under another subject")
        }
        // The bytes are the record's canonical bytes: read whole, any others were refused above.
        return CheckedRecord(leafHash: MerkleHash.leaf(bytes), rawInputs: rawInputs)
    }
}

/// What the walk of one commit's changes has gathered so far. A subject's folder is walked in one
/// piece, so it is finished once the walk has left it and its records are checked: a commit's
/// records are not all held until its end (180 MB for 200k records).
struct CommitWalk {
    var records: RecordChecker
    var appended: [String: [String]] = [:]
    var newNames: [String: String] = [:]
    /// The subject folder being walked, those left since the last batch of records started its
    /// check, and those left before it: whose records are all in batches started by then.
    var open: String?
    var left: [String] = []
    var leftBeforeBatch: [String] = []
    var extended: [String: HistoryWalk.SubjectLog] = [:]
    /// The subject log files (`compact`, `head`) the commit set, by path.
    var logFiles: [String: git_oid] = [:]
    /// Raw inputs named by records and not seen yet, with a record naming each.
    var unheldRawInputs: [String: String] = [:]

    init(records: RecordChecker) { self.records = records }
}
