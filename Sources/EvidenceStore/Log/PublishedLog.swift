internal import CGit2
import Foundation
import MerkleLog

/// The root log as static files, the tlog-tiles layout any web server or bucket can serve:
/// `checkpoint` and `tile/…` (hash tiles and entry bundles).
public enum PublishedLog {
    /// Checks a published copy against trusted keys: the checkpoint's signature, its entries hash to
    /// its root, and every tile holds the hashes the entries imply.
    ///
    /// - Parameter read: a file of the copy by relative path (`checkpoint`, `tile/0/000`), nil when absent.
    /// - Returns: the verified checkpoint.
    public static func verify(trusting keys: [NoteVerifierKey], read: (String) throws(StoreError) -> Data?) throws(StoreError) -> Checkpoint {
        let checkpoint = try signedCheckpoint(trusting: keys, read: read).checkpoint
        try verifyEntries(of: checkpoint, read: read)
        return checkpoint
    }

    /// The published `checkpoint`, its signature checked against `keys`.
    public static func signedCheckpoint(
        trusting keys: [NoteVerifierKey], read: (String) throws(StoreError) -> Data?
    ) throws(StoreError) -> (note: Note, checkpoint: Checkpoint) {
        guard let data = try read("checkpoint") else { throw .tampered("no checkpoint") }
        do {
            let note = try Note(parsing: data)
            try note.verify(trusting: keys)
            return (note, try Checkpoint(note))
        } catch { throw .tampered("checkpoint: \(error)") }
    }

    /// Every entry bundle hashes to the checkpoint's root and every tile holds what the entries imply.
    static func verifyEntries(of checkpoint: Checkpoint, read: (String) throws(StoreError) -> Data?) throws(StoreError) {
        var leaves: [Data] = []
        for tile in TileLayout.tiles(forSize: checkpoint.size) where tile.level == 0 {
            guard let bundle = try read(tile.entriesPath) else { throw .tampered("\(tile.entriesPath) is missing") }
            leaves += try EntryBundle.entries(bundle, path: tile.entriesPath)
        }
        guard leaves.count == checkpoint.size else {
            throw .tampered("the entry bundles hold \(leaves.count) entries, the checkpoint says \(checkpoint.size)")
        }
        let tree = try proof { () throws(ProofError) in try MerkleTree(leafHashes: leaves.map(MerkleHash.leaf)) }
        guard tree.root == checkpoint.rootHash else { throw .tampered("the entries do not hash to the signed root") }
        for tile in TileLayout.tiles(forSize: checkpoint.size) {
            guard try read(tile.path) == tree.content(of: tile) else { throw .tampered("\(tile.path) does not match the entries") }
        }
    }
}

extension PublishedLog {
    /// Checks the entries a log appended since `knownSize` against the signed root: the entries of
    /// every bundle from the one holding entry `knownSize`, appended to the frontier of the bundles
    /// before it (read from `tiles`), must fold to `checkpoint`'s root. Tiles alone prove that the log
    /// only appended; this proves that the published entries are the ones it appended, one bundle
    /// read per 256 entries.
    ///
    /// - Returns: how many entries were read (the new ones, and up to 255 before them in the same bundle).
    static func verifyEntries(
        after knownSize: Int, of checkpoint: Checkpoint, tiles: inout TileHashReader, read: (String) throws(StoreError) -> Data?
    ) throws(StoreError) -> Int {
        let start = knownSize / TileLayout.width * TileLayout.width
        guard start < checkpoint.size else { return 0 }
        var frontier: [Data] = []
        for node in CompactRange.frontierNodes(size: start) { frontier.append(try tiles.hash(of: node)) }
        var range = try proof { () throws(ProofError) in try CompactRange(size: start, hashes: frontier) }
        for bundle in TileLayout.tiles(forSize: checkpoint.size) where bundle.level == 0 && bundle.index >= start / TileLayout.width {
            guard let data = try read(bundle.entriesPath) else { throw .tampered("\(bundle.entriesPath) is missing") }
            let entries = try EntryBundle.entries(data, path: bundle.entriesPath)
            guard entries.count == bundle.width else {
                throw .tampered("\(bundle.entriesPath) holds \(entries.count) entries, its name says \(bundle.width)")
            }
            for entry in entries {
                try proof { () throws(ProofError) in try range.append(leafHash: MerkleHash.leaf(entry)) }
            }
        }
        guard range.root == checkpoint.rootHash else {
            throw .tampered(
                "the published entries \(start)..<\(checkpoint.size) (tile/entries/…) do not hash to the signed root at size \(checkpoint.size)")
        }
        return checkpoint.size - start
    }
}

extension EvidenceStore {
    /// The files of the published root log at HEAD, by path relative to the publication root;
    /// the checkpoint last, so a copier that stops half-way never exposes a checkpoint without its tiles.
    public func publishedLogFiles() throws(StoreError) -> [(path: String, data: Data)] {
        guard let head = try head() else { return [] }
        let files = try gitCall { () throws(GitError) -> [(String, Data)] in
            let root = try repository.lookupTree(try repository.lookupCommit(head.id.oid).treeID)
            guard let tiles = try root.entry(atPath: LogLayout.rootPrefix + "tile"), tiles.isTree else { return [] }
            return try blobs(under: tiles.id, prefix: "tile")
        }
        guard let checkpoint = try file(LogLayout.checkpointPath) else { throw .log("no checkpoint") }
        return files.sorted { $0.0 < $1.0 }.map { (path: $0.0, data: $0.1) } + [(path: "checkpoint", data: checkpoint)]
    }

    private func blobs(under tree: git_oid, prefix: String) throws(GitError) -> [(String, Data)] {
        var result: [(String, Data)] = []
        for entry in try repository.lookupTree(tree).entries {
            let path = "\(prefix)/\(entry.name)"
            if entry.isTree {
                result += try blobs(under: entry.id, prefix: path)
            } else {
                result.append((path, try repository.readBlob(entry.id)))
            }
        }
        return result
    }
}
