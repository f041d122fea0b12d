internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

/// One subject's share of a commit: its new records' blobs, its `entries` and `subject` files, and
/// its folder written over the parent's, through whichever repository (and so whichever object
/// staging) it is given: the store's own, or a staging lane's.
struct SubjectStaging<Record: StorableRecord>: Sendable {
    let records: [Record]
    /// Whether the subject's `entries` file lists its record ids (a collector's store lists none).
    let listing: Bool
    /// Whether each added record's Merkle leaf hash is taken, for the subject's log.
    let hashingLeaves: Bool

    /// A record the subject added: its position in `records`, and its leaf hash when asked for.
    struct Added: Sendable {
        let position: Int
        let leaf: Data?
    }

    /// Stages the records of `subject` at `positions` not already in `tree` (the parent's).
    /// - Returns: the records added, in order (none: the subject's folder is left as it was).
    func stage(
        _ subject: String, positions: [Int], over tree: TreeReader?, into files: inout TreeChanges, repository: GitRepository
    ) throws(StoreError) -> [Added] {
        func write(_ data: Data) throws(StoreError) -> git_oid {
            try gitCall { () throws(GitError) in try repository.writeBlob(data) }
        }
        let paths = StoreLayout.SubjectPaths(subject)
        let stored = try tree?.folder(Substring(paths.records))
        var seen: Set<String> = []
        var added: [Added] = []
        var newIDs: [String] = []
        for position in positions {
            let record = records[position]
            let id = record.id
            guard seen.insert(id).inserted, stored?.entry(named: id + ".json") == nil else { continue }
            let bytes = try record.canonicalBytes()
            files.set(paths.record(id), to: try write(bytes))
            added.append(Added(position: position, leaf: hashingLeaves ? MerkleHash.leaf(bytes) : nil))
            newIDs.append(id)
        }
        guard !newIDs.isEmpty else { return [] }
        if listing {
            var entries = Data()
            if let existing = try tree?.read(paths.entries) {
                entries = existing
            } else {
                files.set(paths.name, to: try write(Data(subject.utf8)))
            }
            entries.append(Data(newIDs.map { $0 + "\n" }.joined().utf8))
            files.set(paths.entries, to: try write(entries))
        } else if try tree?.folder(paths.folder[...])?.entry(named: "subject") == nil {
            files.set(paths.name, to: try write(Data(subject.utf8)))
        }
        let base = try tree?.folder(paths.folder[...])?.id
        try gitCall { () throws(GitError) in try repository.writeFolder(paths.folder, of: &files, over: base) }
        return added
    }
}

/// A second thread's share of staging a large commit: subjects staged through a repository of its
/// own (libgit2 objects are not shared between threads), reading the parent from the packs on disk,
/// its new objects named and held (``BufferedObjects``) for the store's thread to append to the pack.
///
/// The store's thread appends one wave of subjects' objects, and logs those subjects, while the lane
/// stages the next: a collect's commit was staged on one core while the other waited (6–7 s of a
/// 20–25 s collect of 200k Boulder lines or 100k keys).
final class StagingLane<Record: StorableRecord>: @unchecked Sendable {
    // Used by one thread at a time: each wave is handed over, and waited for, before the next.
    private let repository: GitRepository
    private let reader: TreeReader?
    private let objects = BufferedObjects()
    private let staging: SubjectStaging<Record>
    /// The most subjects a wave stages, and the bytes after which it stops at the end of a subject:
    /// a subject's `entries` file grows with its history, and a wave of subjects with long ones
    /// would otherwise be held whole (the store's own thread streams each object to the pack).
    private let wave: (subjects: Int, bytes: Int)

    /// A wave staged: the objects it made, in order, and what each subject added with its folder's
    /// tree, for as many subjects as it staged. (Unchecked: `git_oid` is a plain C struct of bytes.)
    struct Wave: @unchecked Sendable {
        let objects: StagedObjects
        let subjects: [(added: [SubjectStaging<Record>.Added], folder: git_oid?)]
    }

    init(
        storePath: String, parentTree: git_oid?, staging: SubjectStaging<Record>, wave: (subjects: Int, bytes: Int)
    ) throws(StoreError) {
        let repository = try gitCall { () throws(GitError) in try GitRepository.open(at: storePath) }
        repository.stagingPack = objects
        let tree = try gitCall { () throws(GitError) in try parentTree.map { id throws(GitError) in try repository.lookupTree(id) } }
        reader = tree.map { TreeReader(tree: $0, repository: repository, walkingInOrder: true) }
        self.repository = repository
        self.staging = staging
        self.wave = wave
    }

    /// Stages the first of `subjects` (each with the positions of its records), in order: at least
    /// one, and as many as a wave holds.
    func stage(_ subjects: ArraySlice<(subject: String, positions: [Int])>) -> Result<Wave, StoreError> {
        Result { () throws(StoreError) in
            var files = TreeChanges()
            var staged: [(added: [SubjectStaging<Record>.Added], folder: git_oid?)] = []
            for (subject, positions) in subjects {
                let added = try staging.stage(subject, positions: positions, over: reader, into: &files, repository: repository)
                staged.append((added, added.isEmpty ? nil : files.written(at: StoreLayout.subjectFolder(subject))))
                if staged.count >= wave.subjects || objects.heldBytes >= wave.bytes { break }
            }
            return Wave(objects: objects.take(), subjects: staged)
        }
    }
}
