internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog

/// The checks of the root log every layout shares: each commit's checkpoint, the heads it adds and
/// their logged times, the tiles its growth writes, and at HEAD the tiles and bundles of the whole log.
extension HistoryWalk {
    /// The commit's checkpoint is signed by a trusted key with the store's origin, and its root log
    /// grew by heads that `entry` accepts (each a subject head of the store's version, logged at the
    /// commit's time), to the signed root, with the tiles and bundles that growth calls for.
    mutating func checkRootLog(
        commit: StoreCommit, name: String, reader: TreeReader, addedTiles: [(path: String, tile: TileID, isBundle: Bool)],
        entry: (_ index: Int, _ head: SubjectHead) throws(StoreError) -> Void
    ) throws(StoreError) {
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
        for (offset, leaf) in leaves.enumerated() {
            let index = oldSize + offset
            guard let head = SubjectHead(leafBytes: leaf) else { throw .tampered("\(name): root log entry \(index) is not a subject head") }
            try checkLoggedTime(head.loggedAt, commit: commit, name: name, entry: index)
            // A leaf of another version carries lines this store's checks do not read (a v3 head's
            // placement in a v2 store): believed, they would say where records are that nothing checked.
            guard head.version == formatVersion else {
                throw .tampered("\(name): root log entry \(index) is a version \(head.version) subject head in a version \(formatVersion) store")
            }
            try entry(index, head)
            let hash = MerkleHash.leaf(leaf)
            rootLeafHashes.append(hash)
            try proof { () throws(ProofError) in try rootRange.append(leafHash: hash) }
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
}
