import ControlEngine
import Crypto
import EvidenceModel
import Foundation

/// Where `vigil check` keeps what it judged (``RecheckMemory``) for the next check at the same instant:
/// one file per key in the workspace's `recheck/`, the newest few kept.
///
/// The key names what every verdict depends on besides the records (the instant and `--known-at`
/// to the bit, the control files and what they reference, the configuration, the running
/// executable: ``EvaluationCache/key(head:instant:controlFiles:controls:configuration:program:)``
/// without the head); the memory names the records. Each file carries an HMAC-SHA256 over its key
/// and bytes under the workspace's cache secret (`keys/`, mode 0600): a memory edited, or copied
/// from another key's file, by anyone who cannot read the keys fails it and is not used, so it can
/// cost a re-check its speed, never change a verdict.
struct RecheckCache {
    let folder: URL
    /// nil when the secret cannot be read or created: then nothing is remembered.
    let secret: SymmetricKey?
    /// What a memory may hold beyond four times its index's size: the fixed parts of a memory of
    /// a few subjects.
    let slack: Int

    init(workspace: Workspace, slack: Int = 1 << 20) {
        folder = workspace.home.appendingPathComponent("recheck")
        secret = workspace.keyRing.cacheSecret()
        self.slack = slack
    }

    /// The key of a check, or nil when one of its inputs cannot be pinned down.
    static func key(
        instant: Date, knownAt: Date?, controlFiles: Data, controls: [Control], configuration: Configuration
    ) -> String? {
        guard let program = EvaluationCache.program else { return nil }
        let evaluation = EvaluationCache.key(
            head: nil, instant: instant, controlFiles: controlFiles, controls: controls, configuration: configuration,
            program: program)
        let known = knownAt.map { String($0.timeIntervalSinceReferenceDate.bitPattern) } ?? "-"
        return SHA256Hex.of("vigil recheck key v1\nevaluation \(evaluation)\nknown at \(known)\n")
    }

    /// The memory kept under `key`, if there is one that this build wrote and its MAC holds.
    ///
    /// A memory names each remembered record by its row, in a few bytes, and each verdict in a few
    /// more, where the index holds every record whole: one far larger than the index (a file planted
    /// to exhaust memory) is not read.
    func memory(key: String, index: URL) -> RecheckMemory? {
        let path = file(key).path
        guard let mac, let size = Self.size(of: path), let bound = Self.size(of: index.path), size <= 4 * bound + slack,
            let stored = FileManager.default.contents(atPath: path), let payload = mac.opened(stored, key: key)
        else { return nil }
        return try? RecheckMemory(decoding: payload)
    }

    private static func size(of path: String) -> Int? {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : nil
    }

    /// Keeps `memory` under `key`, and the newest few others; a memory that cannot be written only
    /// costs the next check its speed.
    func remember(_ memory: RecheckMemory, key: String) {
        guard let mac else { return }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // Written as the MAC, then the bytes a piece at a time: joined first, the memory of a
            // million records was copied twice more at the check's peak.
            let chunks = memory.encodedInChunks()
            let written = try AtomicFile(replacing: file(key), mode: 0o600)
            try written.append(Array(mac.code(chunks, key: key)))
            for chunk in chunks { try written.append(chunk) }
            try written.commit()
        } catch { return }
        forgetAllButNewest()
    }

    /// How many memories are kept: a few instants or control folders checked in turn.
    static let kept = 4

    private func file(_ key: String) -> URL { folder.appendingPathComponent("\(key).memory") }

    private func forgetAllButNewest() {
        let files = FileManager.default
        guard
            let names = try? files.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return }
        let memories = names.filter { $0.pathExtension == "memory" }.map { url in
            (url, (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast)
        }
        for (url, _) in memories.sorted(by: { $0.1 > $1.1 }).dropFirst(Self.kept) { try? files.removeItem(at: url) }
    }

    private var mac: CacheEntryMAC? { secret.map { CacheEntryMAC(label: "vigil recheck memory entry v1", secret: $0) } }
}
