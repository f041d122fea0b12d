import EvidenceModel
import Foundation
import MerkleLog
internal import CGit2

/// What `vigil log verify` checked.
public struct LogVerification: Sendable {
    public let checkpoints: Int
    public let subjects: Int
    public let records: Int
    public let rootSize: Int
}

extension EvidenceStore {
    /// Recomputes every subject tree and the root log from the stored records, checks every
    /// committed checkpoint's signature and that each is a prefix of today's root log.
    ///
    /// - Throws: ``StoreError/tampered(_:)`` or ``StoreError/corruptRecord(path:reason:)`` naming the
    ///   first inconsistency.
    public func verifyLog(trusting keys: [NoteVerifierKey]) throws(StoreError) -> LogVerification {
        guard let head = try head() else { throw .tampered("the store has no commits") }
        let reader = try treeReader(at: head)
        let tree = try gitCall { () throws(GitError) in try repository.lookupTree(try repository.lookupCommit(head.id.oid).treeID) }

        // 1. Every subject's tree, from its records in append order.
        var subjectTrees: [String: MerkleTree] = [:]
        var recordCount = 0
        for entriesPath in try subjectEntryPaths(in: tree) {
            let folder = String(entriesPath.dropLast("/entries".count))
            guard let nameData = try reader.read(folder + "/subject") else { throw .tampered("\(folder): no subject file") }
            let subject = String(decoding: nameData, as: UTF8.self)
            guard StoreLayout.subjectFolder(subject) == folder else { throw .tampered("\(folder): holds subject '\(subject)' of another folder") }
            let ids = String(decoding: try reader.read(entriesPath) ?? Data(), as: UTF8.self).split(separator: "\n").map(String.init)
            guard Set(ids).count == ids.count else { throw .tampered("\(subject): a record is listed twice") }
            let stored = try gitCall { () throws(GitError) -> Set<String> in
                guard let records = try tree.entry(atPath: folder + "/records"), records.isTree else { return [] }
                return Set(try repository.lookupTree(records.id).entries.map(\.name))
            }
            guard stored == Set(ids.map { "\($0).json" }) else {
                throw .tampered("\(subject): the record files differ from the records its log lists")
            }
            var leaves: [Data] = []
            for id in ids {
                let record = try readRecord(atPath: "\(folder)/records/\(id).json", in: tree)
                guard record.subject == subject else { throw .tampered("record \(id) is about \(record.subject), filed under \(subject)") }
                leaves.append(MerkleHash.leaf(record.canonicalData))
            }
            let subjectTree = try proof { () throws(ProofError) in try MerkleTree(leafHashes: leaves) }
            let compact = try reader.read(LogLayout.subjectCompactPath(subject)).flatMap { CompactRange(text: String(decoding: $0, as: UTF8.self)) }
            guard compact?.size == subjectTree.size, compact?.root == subjectTree.root else {
                throw .tampered("\(subject): its records no longer hash to the subject tree the log recorded")
            }
            subjectTrees[subject] = subjectTree
            recordCount += ids.count
        }

        // 2. The root log at HEAD: signed, its leaves are the subjects' heads, its tiles match.
        let (headCheckpoint, _) = try verifiedCheckpoint(at: head, trusting: keys)
        var leaves: [Data] = []
        for tile in TileLayout.tiles(forSize: headCheckpoint.size) where tile.level == 0 {
            let path = LogLayout.entriesPath(tile)
            guard let bundle = try reader.read(path) else { throw .tampered("\(path) is missing") }
            leaves += try EntryBundle.entries(bundle, path: path)
        }
        guard leaves.count == headCheckpoint.size else {
            throw .tampered("the root log holds \(leaves.count) entries, its checkpoint says \(headCheckpoint.size)")
        }
        var newestHead: [String: (index: Int, size: Int)] = [:]
        for (index, leaf) in leaves.enumerated() {
            guard let subjectHead = SubjectHead(leafBytes: leaf) else { throw .tampered("root log entry \(index) is not a subject head") }
            guard let subjectTree = subjectTrees[subjectHead.subject] else {
                throw .tampered("root log entry \(index) names \(subjectHead.subject), which has no records")
            }
            let previous = newestHead[subjectHead.subject]?.size ?? 0
            guard subjectHead.size > previous, subjectHead.size <= subjectTree.size,
                try proof({ () throws(ProofError) in try subjectTree.root(atSize: subjectHead.size) }) == subjectHead.root
            else {
                throw .tampered("root log entry \(index): \(subjectHead.subject) at size \(subjectHead.size) does not match its records")
            }
            newestHead[subjectHead.subject] = (index, subjectHead.size)
        }
        for (subject, subjectTree) in subjectTrees.sorted(by: { $0.key < $1.key }) {
            guard let newest = newestHead[subject], newest.size == subjectTree.size else {
                throw .tampered("\(subject) has \(subjectTree.size) records but the root log covers \(newestHead[subject]?.size ?? 0)")
            }
            let pointer = try reader.read(LogLayout.subjectHeadPath(subject)).map { String(decoding: $0, as: UTF8.self) }
            guard pointer == "\(newest.index)\n" else { throw .tampered("\(subject): head pointer does not match the root log") }
        }
        let rootTree = try proof { () throws(ProofError) in try MerkleTree(leafHashes: leaves.map(MerkleHash.leaf)) }
        guard rootTree.root == headCheckpoint.rootHash else { throw .tampered("the root log's entries do not hash to the signed root") }
        for tile in TileLayout.tiles(forSize: rootTree.size) {
            guard try reader.read(LogLayout.tilePath(tile)) == rootTree.content(of: tile) else {
                throw .tampered("\(LogLayout.tilePath(tile)) does not match the root log")
            }
        }

        // 3. Every commit's checkpoint: signed by a trusted key, same origin, a prefix of today's log.
        let commits = try history()
        var previousSize = 0
        for commit in commits {
            let (checkpoint, _) = try verifiedCheckpoint(at: commit, trusting: keys)
            let name = "commit \(commit.id.hex.prefix(12))"
            guard checkpoint.origin == headCheckpoint.origin else {
                throw .tampered("\(name): checkpoint origin '\(checkpoint.origin)' differs from '\(headCheckpoint.origin)'")
            }
            guard checkpoint.size >= previousSize, checkpoint.size <= rootTree.size,
                try proof({ () throws(ProofError) in try rootTree.root(atSize: checkpoint.size) }) == checkpoint.rootHash
            else {
                throw .tampered("\(name): checkpoint of size \(checkpoint.size) is not consistent with the log (history rewritten)")
            }
            previousSize = checkpoint.size
        }
        return LogVerification(checkpoints: commits.count, subjects: subjectTrees.count, records: recordCount, rootSize: rootTree.size)
    }

    private func verifiedCheckpoint(at commit: StoreCommit, trusting keys: [NoteVerifierKey]) throws(StoreError) -> (Checkpoint, Note) {
        let name = "commit \(commit.id.hex.prefix(12))"
        guard let data = try file(LogLayout.checkpointPath, at: commit) else { throw .tampered("\(name): no checkpoint") }
        let note: Note
        do { note = try Note(parsing: data) } catch { throw .tampered("\(name): checkpoint is not a signed note: \(error)") }
        do { try note.verify(trusting: keys) } catch { throw .tampered("\(name): checkpoint signature: \(error)") }
        do { return (try Checkpoint(note), note) } catch { throw .tampered("\(name): \(error)") }
    }
}
