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
    ///
    /// Read a bundle at a time: each entry's leaf is appended to a compact range, and the perfect
    /// subtrees each append completes at a tile level fill that level's tile, compared with the
    /// published one once full (the partial tiles at the right edge once every entry is read). It
    /// held every entry and the whole tree before: 206 MiB for 400k entries, 42 MiB now.
    static func verifyEntries(of checkpoint: Checkpoint, read: (String) throws(StoreError) -> Data?) throws(StoreError) {
        var range = CompactRange()
        // The hashes of the tile being filled, per tile level.
        var filling: [[Data]] = []
        func compare(level: Int, index: Int, _ hashes: [Data]) throws(StoreError) {
            let tile = TileID(level: level, index: index, width: hashes.count)
            guard try read(tile.path) == Data(hashes.joined()) else { throw .tampered("\(tile.path) does not match the entries") }
        }
        for bundle in TileLayout.tiles(forSize: checkpoint.size) where bundle.level == 0 {
            guard let data = try read(bundle.entriesPath) else { throw .tampered("\(bundle.entriesPath) is missing") }
            let entries = try EntryBundle.entries(data, path: bundle.entriesPath)
            guard entries.count == bundle.width else {
                throw .tampered("\(bundle.entriesPath) holds \(entries.count) entries, its name says \(bundle.width)")
            }
            for entry in entries {
                var filled: [TileID] = []  // at most one a level, lowest first
                try proof { () throws(ProofError) in
                    try range.append(leafHash: MerkleHash.leaf(entry), reportingEvery: TileLayout.height) { node, hash in
                        guard let level = node.level, let index = node.index else { return }
                        let tileLevel = level / TileLayout.height
                        while filling.count <= tileLevel { filling.append([]) }
                        filling[tileLevel].append(hash)
                        if filling[tileLevel].count == TileLayout.width {
                            filled.append(TileID(level: tileLevel, index: index / TileLayout.width, width: TileLayout.width))
                        }
                    }
                }
                for tile in filled {
                    try compare(level: tile.level, index: tile.index, filling[tile.level])
                    filling[tile.level] = []
                }
            }
        }
        guard range.root == checkpoint.rootHash else { throw .tampered("the entries do not hash to the signed root") }
        for (level, hashes) in filling.enumerated() where !hashes.isEmpty {
            try compare(level: level, index: (checkpoint.size >> (TileLayout.height * level)) / TileLayout.width, hashes)
        }
    }
}

extension PublishedLog {
    /// Checks the entries a log appended since `knownSize` against the signed root: the entries of
    /// every bundle from the one holding entry `knownSize`, appended to the frontier of the bundles
    /// before it (read from `tiles`), must fold to `checkpoint`'s root. Tiles alone prove that the log
    /// only appended; this proves that the published entries are the ones it appended, one bundle
    /// read per 256 entries (the new ones, and up to 255 before them in the same bundle).
    static func verifyEntries(
        after knownSize: Int, of checkpoint: Checkpoint, tiles: inout TileHashReader, read: (String) throws(StoreError) -> Data?
    ) throws(StoreError) {
        let start = knownSize / TileLayout.width * TileLayout.width
        guard start < checkpoint.size else { return }
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
