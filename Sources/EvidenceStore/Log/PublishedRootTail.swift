import Foundation
import MerkleLog

/// Proves from the published root log that a subject head is the subject's newest.
///
/// An inclusion proof shows a head is *in* the log, not that no later head of the same subject
/// follows it: a publisher could serve an old head, with the history up to it, and hide what came
/// after. So the owner reads the root log's entries from the head's entry bundle up to the
/// checkpoint's size, checks that they and the hash tiles before them rebuild the signed root, and
/// that none after the head names the subject. The cost is the log's tail since the subject last
/// changed: a few kilobytes per 256 root entries.
enum PublishedRootTail {
    /// - Parameters:
    ///   - index: the head's index in the root log; its entry must equal `headLeaf`.
    ///   - read: a published file by relative path (`tile/…`, `tile/entries/…`); nil when absent.
    /// - Returns: how many root entries after the head were read.
    /// - Throws: `.tampered` naming the entry or file and the reason.
    static func proveNewest(
        _ headLeaf: Data, of subject: String, at index: Int, in checkpoint: Checkpoint,
        read: (String) throws(StoreError) -> Data?
    ) throws(StoreError) -> Int {
        let size = checkpoint.size
        guard (0..<size).contains(index) else { throw .tampered("root log index \(index) is outside the checkpoint's size \(size)") }
        let start = index / TileLayout.width * TileLayout.width
        var range = try range(before: start, size: size, read: read)
        var tile = start / TileLayout.width
        while tile * TileLayout.width < size {
            let first = tile * TileLayout.width
            let bundle = TileID(level: 0, index: tile, width: min(TileLayout.width, size - first))
            guard let data = try read(bundle.entriesPath) else { throw .tampered("\(bundle.entriesPath): missing") }
            let entries = try EntryBundle.entries(data, path: bundle.entriesPath)
            guard entries.count == bundle.width else {
                throw .tampered("\(bundle.entriesPath): holds \(entries.count) entries, not \(bundle.width)")
            }
            for (offset, entry) in entries.enumerated() {
                try check(entry, at: first + offset, headLeaf: headLeaf, subject: subject, headIndex: index)
                try proof { () throws(ProofError) in try range.append(leafHash: MerkleHash.leaf(entry)) }
            }
            tile += 1
        }
        guard range.root == checkpoint.rootHash else {
            throw .tampered("tile/entries: the root log's entries from index \(start) on do not rebuild the signed root")
        }
        return size - index - 1
    }

    /// The compact range of the first `start` leaves (a multiple of 256), from published hash tiles.
    private static func range(
        before start: Int, size: Int, read: (String) throws(StoreError) -> Data?
    ) throws(StoreError) -> CompactRange {
        let hashes = try withoutActuallyEscaping(read) { read throws(StoreError) -> [Data] in
            var tiles = TileHashReader(size: size) { path throws(StoreError) in
                try read(String(path.dropFirst(LogLayout.rootPrefix.count)))
            }
            var hashes: [Data] = []
            for node in CompactRange.frontierNodes(size: start) {
                do { hashes.append(try tiles.hash(of: node)) } catch { throw .tampered("tile: \(error)") }
            }
            return hashes
        }
        return try proof { () throws(ProofError) in try CompactRange(size: start, hashes: hashes) }
    }

    private static func check(
        _ entry: Data, at position: Int, headLeaf: Data, subject: String, headIndex: Int
    ) throws(StoreError) {
        if position == headIndex, entry != headLeaf {
            throw .tampered("root log entry \(position) is not the published head")
        }
        guard position > headIndex else { return }
        guard let later = SubjectHead(leafBytes: entry) else { throw .tampered("root log entry \(position) is not a subject head") }
        guard later.subject != subject else {
            throw .tampered(
                "root log entry \(position) is a newer head of \(subject) (\(later.size) records) than the published one at \(headIndex): history truncated")
        }
    }
}
