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
        var completedByTileLevel: [Int: [Data]] = [:]
        var newEntries: [Data] = []

        /// Appends one subject's new records, by their leaf hashes in order (none: nothing to log).
        /// - Parameters:
        ///   - write: takes each file as it is made: a commit of 100k subjects' compact ranges and heads,
        ///     held until the end, was ~90 MB of a collect's peak.
        ///   - loggedSubject: told the subject's log folder once its files are all written.
        mutating func subject(
            _ subject: String, leaves: [Data], writing write: (_ path: String, _ content: Data) throws(StoreError) -> Void,
            loggedSubject: (_ folder: String) throws(StoreError) -> Void
        ) throws(StoreError) {
            guard !leaves.isEmpty else { return }
            // The folder's name hashes the subject: once, not for each of its paths.
            let folder = LogLayout.subjectFolder(subject)
            let compactPath = folder + LogLayout.compactName
            var tree = try appender.compactRange(at: compactPath)
            for leaf in leaves {
                try proof { () throws(ProofError) in try tree.append(leafHash: leaf) }
            }
            try write(compactPath, Data(tree.text.utf8))
            let headBytes = SubjectHead(subject: subject, size: tree.size, root: tree.root, loggedAt: loggedAt).leafBytes
            // tlog-tiles entry bundles prefix each entry with a 16-bit length.
            guard headBytes.count <= Int(UInt16.max) else {
                throw .log("the subject \(subject.prefix(80))… is too long to log (\(headBytes.count) bytes)")
            }
            let completed = try proof { () throws(ProofError) -> [CompactRange.CompletedSubtree] in
                try root.appendReportingSubtrees(leafHash: MerkleHash.leaf(headBytes))
            }
            for subtree in completed {
                guard let level = subtree.node.level, level % TileLayout.height == 0 else { continue }
                completedByTileLevel[level / TileLayout.height, default: []].append(subtree.hash)
            }
            try write(folder + LogLayout.headName, Data("\(root.size - 1)\n".utf8))
            try loggedSubject(folder)
            newEntries.append(headBytes)
        }

        /// Writes the root log's compact range, the tiles and entry bundles it extends, and the newly
        /// signed checkpoint (nothing when no subject was appended).
        func finish(
            signing: LogSigning, writing write: (_ path: String, _ content: Data) throws(StoreError) -> Void
        )
            throws(StoreError) -> LogChanges
        {
            var changes = LogChanges()
            guard root.size > oldSize else { return changes }
            try write(LogLayout.rootCompactPath, Data(root.text.utf8))

            for tile in TileLayout.tilesChanged(from: oldSize, to: root.size) {
                let oldCount = oldSize >> (TileLayout.height * tile.level)
                let first = tile.index * TileLayout.width
                let oldWidth = max(0, min(TileLayout.width, oldCount - first))
                let fresh = completedByTileLevel[tile.level] ?? []
                let slice = fresh[(first + oldWidth - oldCount)..<(first + tile.width - oldCount)]
                var content = try appender.previous(level: tile.level, index: tile.index, width: oldWidth, path: LogLayout.tilePath)
                for hash in slice { content.append(hash) }
                try write(LogLayout.tilePath(tile), content)
                if tile.level == 0 {
                    var bundle = try appender.previous(level: 0, index: tile.index, width: oldWidth, path: LogLayout.entriesPath)
                    for entry in newEntries[(first + oldWidth - oldSize)..<(first + tile.width - oldSize)] {
                        bundle.append(UInt8(entry.count >> 8))
                        bundle.append(UInt8(entry.count & 0xff))
                        bundle.append(entry)
                    }
                    try write(LogLayout.entriesPath(tile), bundle)
                }
                if oldWidth > 0 && oldWidth < tile.width {
                    let old = TileID(level: tile.level, index: tile.index, width: oldWidth)
                    changes.removals.insert(LogLayout.tilePath(old))
                    if tile.level == 0 { changes.removals.insert(LogLayout.entriesPath(old)) }
                }
            }

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
