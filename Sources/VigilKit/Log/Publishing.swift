import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// What `vigil publish` wrote.
public struct PublishSummary: Sendable, Equatable {
    /// Files written because they were absent or changed (the checkpoint counts when it changed).
    public let written: Int
    /// Files already there with the same bytes.
    public let unchanged: Int
}

/// Publishing the root log as static tiles (C2SP tlog-tiles) into a folder any server can serve.
extension Pipeline {
    /// Writes into `directory` what is new since the last publication: tiles not yet there, the
    /// subject files of `subjectPrefixes` (``PublishedSubjectLog``) that changed, then the checkpoint
    /// (cosigned when the workspace holds cosignatures of it), last and atomically.
    ///
    /// A tile is immutable by name (a partial tile's name carries its width): one already there with
    /// other bytes means the folder holds another log, and nothing is written (exit 3).
    public func publish(to directory: URL, subjectPrefixes: [String] = []) throws(VigilError) -> PublishSummary {
        // Under the workspace lock: a collect committing meanwhile could pair these tiles with a newer checkpoint.
        let lock = try workspace.lock(timeout: lockTimeout)
        defer { withExtendedLifetime(lock) {} }
        let store = try workspace.openStore()
        var files: [(path: String, data: Data)] = []
        if !subjectPrefixes.isEmpty {
            files += try storeCall { () throws(StoreError) in
                try store.publishedSubjectFiles { subject in subjectPrefixes.contains { subject.hasPrefix($0) } }
            }
        }
        files += try storeCall { () throws(StoreError) in try store.publishedLogFiles() }.filter { $0.path != "checkpoint" }
        var pending: [(url: URL, data: Data)] = []
        for file in files {
            let url = directory.appendingPathComponent(file.path)
            guard let existing = FileManager.default.contents(atPath: url.path) else { pending.append((url, file.data)); continue }
            if existing == file.data { continue }
            guard !file.path.hasPrefix("tile/") else {
                throw .verification(
                    "\(url.path) already holds other bytes: a published tile never changes, "
                        + "so this folder holds another log (or a forked one); nothing was written")
            }
            pending.append((url, file.data))
        }
        for file in pending { try AtomicFile.write(file.data, to: file.url) }
        let checkpoint = try currentCheckpoint().serializedData
        let checkpointURL = directory.appendingPathComponent("checkpoint")
        let checkpointChanged = FileManager.default.contents(atPath: checkpointURL.path) != checkpoint
        if checkpointChanged { try AtomicFile.write(checkpoint, to: checkpointURL) }
        let written = pending.count + (checkpointChanged ? 1 : 0)
        return PublishSummary(written: written, unchanged: files.count + 1 - written)
    }
}
