import EvidenceModel
import Foundation
import MerkleLog

/// The file changes one collect run makes to the two-level log, besides the files it wrote
/// (handed to ``LogAppender``'s `write` as they are made).
struct LogChanges {
    var removals: Set<String> = []
    var checkpoint: Note?
}

/// Who signs checkpoints, and the origin line they carry.
public struct LogSigning: Sendable {
    public let origin: String
    /// Every active key signs (two during a key rollover).
    public let keys: [NoteSignerKey]

    public init(origin: String, keys: [NoteSignerKey]) {
        self.origin = origin
        self.keys = keys
    }

    /// The checkpoint body signed by every key.
    func sign(_ checkpoint: Checkpoint) throws(StoreError) -> Note {
        guard let first = keys.first else { throw .log("no signing key: run 'vigil keys generate'") }
        do {
            var note = try first.sign(checkpoint.body)
            for key in keys.dropFirst() { note = try key.sign(note) }
            return note
        } catch {
            throw .log("cannot sign the checkpoint: \(error)")
        }
    }
}

/// Appends new records to their subjects' trees and one subject head per changed subject to the
/// root log, incrementally: it reads only compact ranges and the partial tiles it extends.
///
/// Pure over `read`, which returns a file of the current store tree (nil when absent). Subjects are
/// appended one at a time (``Appending/subject(_:leaves:writing:loggedSubject:)``), in the order their
/// heads enter the root log, as a commit's staging finishes each; ``Appending/finish(signing:writing:)``
/// then writes the root log's files and the signed checkpoint.
struct LogAppender {
    let read: (String) throws(StoreError) -> Data?

    /// Starts a commit's appends, every new subject head carrying `loggedAt` (the run's time).
    func start(loggedAt: Date) throws(StoreError) -> Appending {
        let root = try compactRange(at: LogLayout.rootCompactPath)
        return Appending(appender: self, root: root, oldSize: root.size, loggedAt: loggedAt)
    }

    struct Appending {
        let appender: LogAppender
        var root: CompactRange
        let oldSize: Int
        let loggedAt: Date
        /// Per tile level, the hashes this commit added to the level's last tile, until the tile is
        /// full and written: a commit holds a tile's hashes a level, not one per subject (84k
        /// subjects' heads and hashes, held to the end, were ~25 MB of a collect's staging).
        var unwrittenByTileLevel: [Int: [Data]] = [:]
        /// The subject heads this commit added to the last entry bundle, until it is full and written.
        var unwrittenEntries: [Data] = []
        /// The partial tiles and bundles of the old size that full ones replaced.
        var replaced: Set<String> = []

        /// Appends one subject's new records, by their leaf hashes in order (none: nothing to log), to
        /// its log and its `compact` and `head` files (layout v2).
        /// - Parameters:
        ///   - write: takes each file as it is made: a commit of 100k subjects' compact ranges and heads,
        ///     held until the end, was ~90 MB of a collect's peak.
        ///   - loggedSubject: told the subject's log folder once its files are all written.
        ///   - placement: where a store keeping records by batch put them (a `v3` head); nil in v2.
        mutating func subject(
            _ subject: String, leaves: [Data], placement: SubjectHead.Placement? = nil,
            writing write: (_ path: String, _ content: Data) throws(StoreError) -> Void,
            loggedSubject: (_ folder: String) throws(StoreError) -> Void
        ) throws(StoreError) {
            guard !leaves.isEmpty else { return }
            // The folder's name hashes the subject: once, not for each of its paths.
            let folder = LogLayout.subjectFolder(subject)
            let compactPath = folder + LogLayout.compactName
            let extended = try extend(
                subject, log: try appender.compactRange(at: compactPath), leaves: leaves, placement: placement, writing: write)
            try write(compactPath, Data(extended.log.text.utf8))
            try write(folder + LogLayout.headName, Data("\(extended.head)\n".utf8))
            try loggedSubject(folder)
        }

        /// Appends one subject's new records, by their leaf hashes in order (at least one), to its log
        /// `tree` (as it was before them), and its new head to the root log, writing the root log's
        /// tiles and entry bundles as they fill: wherever the subject's own log is kept.
        /// - Returns: the subject's log after the records, and its new head's index in the root log.
        mutating func extend(
            _ subject: String, log tree: CompactRange, leaves: [Data], placement: SubjectHead.Placement?,
            writing write: (_ path: String, _ content: Data) throws(StoreError) -> Void
        ) throws(StoreError) -> (log: CompactRange, head: Int) {
            var tree = tree
            for leaf in leaves {
                try proof { () throws(ProofError) in try tree.append(leafHash: leaf) }
            }
            let headBytes = SubjectHead(subject: subject, size: tree.size, root: tree.root, loggedAt: loggedAt, placement: placement).leafBytes
            // tlog-tiles entry bundles prefix each entry with a 16-bit length.
            guard headBytes.count <= Int(UInt16.max) else {
                throw .log("the subject \(subject.prefix(80))… is too long to log (\(headBytes.count) bytes)")
            }
            let completed = try proof { () throws(ProofError) -> [CompactRange.CompletedSubtree] in
                try root.appendReportingSubtrees(leafHash: MerkleHash.leaf(headBytes))
            }
            let head = root.size - 1
            unwrittenEntries.append(headBytes)
            for subtree in completed {
                guard let level = subtree.node.level, level % TileLayout.height == 0 else { continue }
                let tileLevel = level / TileLayout.height
                unwrittenByTileLevel[tileLevel, default: []].append(subtree.hash)
                if (root.size >> level) % TileLayout.width == 0 { try writeTile(level: tileLevel, writing: write) }
            }
            return (tree, head)
        }

        /// Writes the last tile of `level` as of the current size (and at level 0 its entry bundle),
        /// its old content followed by the hashes this commit added to it, and lets those go.
        private mutating func writeTile(level: Int, writing write: (_ path: String, _ content: Data) throws(StoreError) -> Void) throws(StoreError) {
            guard let hashes = unwrittenByTileLevel.removeValue(forKey: level), !hashes.isEmpty else { return }
            let shift = TileLayout.height * level
            let count = root.size >> shift
            let index = (count - 1) / TileLayout.width
            let tile = TileID(level: level, index: index, width: count - index * TileLayout.width)
            let oldWidth = max(0, (oldSize >> shift) - index * TileLayout.width)
            var content = try appender.previous(level: level, index: index, width: oldWidth, path: LogLayout.tilePath)
            for hash in hashes { content.append(hash) }
            try write(LogLayout.tilePath(tile), content)
            if level == 0 {
                var bundle = try appender.previous(level: 0, index: index, width: oldWidth, path: LogLayout.entriesPath)
                for entry in unwrittenEntries {
                    bundle.append(UInt8(entry.count >> 8))
                    bundle.append(UInt8(entry.count & 0xff))
                    bundle.append(entry)
                }
                unwrittenEntries = []
                try write(LogLayout.entriesPath(tile), bundle)
            }
            if oldWidth > 0 {
                let old = TileID(level: level, index: index, width: oldWidth)
                replaced.insert(LogLayout.tilePath(old))
                if level == 0 { replaced.insert(LogLayout.entriesPath(old)) }
            }
        }

        /// Writes the root log's compact range, the tiles and entry bundles it extends that are not
        /// written yet (the last of each level), and the newly signed checkpoint (nothing when no
        /// subject was appended).
        mutating func finish(
            signing: LogSigning, writing write: (_ path: String, _ content: Data) throws(StoreError) -> Void
        )
            throws(StoreError) -> LogChanges
        {
            var changes = LogChanges()
            guard root.size > oldSize else { return changes }
            try write(LogLayout.rootCompactPath, Data(root.text.utf8))
            for level in unwrittenByTileLevel.keys.sorted() { try writeTile(level: level, writing: write) }
            changes.removals = replaced

            let checkpoint = try checkpointCall { () throws(CheckpointError) in
                try Checkpoint(origin: signing.origin, size: root.size, rootHash: root.root)
            }
            let note = try signing.sign(checkpoint)
            try write(LogLayout.checkpointPath, note.serializedData)
            changes.checkpoint = note
            return changes
        }
    }

    /// The content of a tile as of the old size (empty for width 0); a missing one means a damaged store.
    private func previous(level: Int, index: Int, width: Int, path: (TileID) -> String) throws(StoreError) -> Data {
        guard width > 0 else { return Data() }
        let tile = TileID(level: level, index: index, width: width)
        guard let data = try read(path(tile)) else { throw .log("\(path(tile)) is missing") }
        return data
    }

    private func compactRange(at path: String) throws(StoreError) -> CompactRange {
        guard let data = try read(path) else { return CompactRange() }
        guard let range = CompactRange(text: String(decoding: data, as: UTF8.self)) else {
            throw .log("\(path) is not a compact range")
        }
        return range
    }
}

func proof<T>(_ body: () throws(ProofError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw .log("Merkle tree: \(error)") }
}

func checkpointCall<T>(_ body: () throws(CheckpointError) -> T) throws(StoreError) -> T {
    do { return try body() } catch { throw .log("checkpoint: \(error)") }
}
