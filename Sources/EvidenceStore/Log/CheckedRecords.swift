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

extension CheckedRecord {
    /// Checks a record file's bytes: they hash to its id, are the record's canonical bytes, and it is
    /// about the subject of the folder it is filed under.
    init(path: String, folder: String, id fileID: String, bytes: Data, commit name: String) throws(StoreError) {
        let (id, subject, rawInputs) = try Self.read(bytes, path: path, commit: name)
        guard id == fileID else { throw .tampered("\(name): \(path) does not hash to its id") }
        guard StoreLayout.subjectFolder(subject) == folder else {
            throw .tampered("\(name): record \(fileID) is about \(subject), filed under another subject")
        }
        self.init(leafHash: MerkleHash.leaf(bytes), rawInputs: rawInputs)
    }

    /// Checks a line of a batch (layout v3): it is a record's canonical bytes, about the subject of
    /// the head that names the line.
    init(line place: String, of expected: String, bytes: Data, commit name: String) throws(StoreError) {
        let (id, subject, rawInputs) = try Self.read(bytes, path: place, commit: name)
        guard subject == expected else {
            throw .tampered("\(name): record \(id) (\(place)) is about \(subject), but the head naming it is \(expected)'s")
        }
        self.init(leafHash: MerkleHash.leaf(bytes), rawInputs: rawInputs)
    }

    /// The id, subject and raw inputs of a record's canonical bytes; anything else is refused.
    private static func read(_ bytes: Data, path: String, commit name: String) throws(StoreError) -> (String, String, [String]) {
        // Records exactly as Vigil writes them are checked without building their data; any other is
        // read whole, for the reason it is refused.
        if let read = CanonicalRecordHeader(checking: bytes) { return (read.id, read.header.subject, read.rawInputDigests) }
        let record: EvidenceRecord
        do { record = try EvidenceStore.record(bytes: bytes, path: path) } catch { throw .tampered("\(name): \(error)") }
        return (record.id, record.subject, record.rawInputDigests)
    }
}

/// What the walk of one commit's changes has gathered so far. A subject's folder is walked in one
/// piece, so it is finished once the walk has left it and its records are checked: a commit's
/// records are not all held until its end (180 MB for 200k records).
struct CommitWalk {
    var files: SubjectFileChecker
    /// The subject folder being walked, those left since the last batch of records started its
    /// check, and those left before it: whose records are all in batches started by then.
    var open: String?
    var left: [String] = []
    var leftBeforeBatch: [String] = []
    var extended: [String: HistoryWalk.SubjectLog] = [:]
    /// The subject log files (`compact`, `head`) the commit set, by path.
    var logFiles: [String: git_oid] = [:]
    /// The tiles and entry bundles the commit added.
    var addedTiles: [(path: String, tile: TileID, isBundle: Bool)] = []
    /// Raw inputs named by records and not seen yet, with a record naming each.
    var unheldRawInputs: [String: String] = [:]

    init(files: SubjectFileChecker) { self.files = files }
}
