import EvidenceModel
import Foundation
import MerkleLog

/// What `log verify` keeps of a record once its bytes are checked: a commit of 200,000 records
/// held as parsed records took 1.7 GB.
struct CheckedRecord {
    let leafHash: Data
    let rawInputs: [String]
}

/// Checks the record files one commit added, a few thousand at a time.
///
/// Parsing records is most of `log verify`, and each parses alone: the files are read from git in
/// the order the commit lists them, then checked in one contiguous share per core (`ParallelShares`).
struct RecordChecker {
    struct File {
        let folder: String
        let id: String
        let path: String
        let bytes: Data
    }

    static let batch = 8_192
    let commit: String
    private var waiting: [File] = []
    /// The checked records by subject folder, then by id.
    private var checked: [String: [String: CheckedRecord]] = [:]

    init(commit: String) {
        self.commit = commit
    }

    /// Adds a record file, checking the waiting ones when a batch is full.
    mutating func add(_ file: File) throws(StoreError) {
        waiting.append(file)
        if waiting.count >= Self.batch { try checkWaiting() }
    }

    /// Every record file added, checked (it hashes to its id, is canonical, is filed under its
    /// subject's folder), by folder and id. Throws the first failure in the commit's order.
    mutating func finish() throws(StoreError) -> [String: [String: CheckedRecord]] {
        try checkWaiting()
        return checked
    }

    private mutating func checkWaiting() throws(StoreError) {
        let files = waiting
        waiting = []
        let commit = commit
        let records = try ParallelShares.map(files, minimum: 512) { slice throws(StoreError) in
            try slice.map { file throws(StoreError) in try Self.check(file, commit: commit) }
        }
        for (file, record) in zip(files, records) { checked[file.folder, default: [:]][file.id] = record }
    }

    private static func check(_ file: File, commit name: String) throws(StoreError) -> CheckedRecord {
        let record: EvidenceRecord
        do { record = try EvidenceStore.record(bytes: file.bytes, path: file.path) } catch { throw .tampered("\(name): \(error)") }
        guard record.id == file.id else { throw .tampered("\(name): \(file.path) does not hash to its id") }
        guard StoreLayout.subjectFolder(record.subject) == file.folder else {
            throw .tampered("\(name): record \(file.id) is about \(record.subject), filed under another subject")
        }
        return CheckedRecord(leafHash: MerkleHash.leaf(record.canonicalData), rawInputs: record.rawInputDigests)
    }
}
