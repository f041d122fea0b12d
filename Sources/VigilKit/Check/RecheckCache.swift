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
    let files: CacheFiles
    /// What a memory may hold beyond four times its index's size: the fixed parts of a memory of
    /// a few subjects.
    let slack: Int

    init(workspace: Workspace, slack: Int = 1 << 20) {
        files = CacheFiles(folder: workspace.home.appendingPathComponent("recheck"), secret: workspace.keyRing.cacheSecret())
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
        guard let bound = CacheFiles.size(of: index.path),
            let payload = files.payloadBytes(key, kind: Self.kind, bound: 4 * bound + slack)
        else { return nil }
        return try? RecheckMemory(decoding: payload.bytes, from: payload.start)
    }

    /// Keeps `memory` under `key`, and the newest few others.
    /// With `writing`, the file a full check wrote its memory to as it judged (``RecheckMemory/Kept/written``).
    func remember(_ memory: RecheckMemory.Kept, key: String, writing: CacheFiles.Writing? = nil) {
        switch memory {
        case .written:
            guard writing?.commit() == true else { return }
        case .encoded(let pieces):
            // Encoded a piece at a time: joined, the memory of a million records was copied twice more
            // at the check's peak.
            guard files.keep(pieces, key: key, kind: Self.kind) else { return }
        case .merged(let merge):
            if let writing {
                guard merge.encoded(to: writing.append) != nil, writing.commit() else { return }
            } else {
                guard let pieces = merge.encoded(), files.keep(pieces, key: key, kind: Self.kind) else { return }
            }
        }
        files.forgetAllButNewest(Self.kept, by: Self.kind)
    }

    /// A file to write the memory under `key` to as it is made (nil when nothing can be kept).
    func writing(key: String) -> CacheFiles.Writing? { files.writing(key, kind: Self.kind) }

    /// How many memories are kept: a few instants or control folders checked in turn.
    static let kept = 4

    static let kind = CacheFiles.Kind(name: "memory", label: "vigil recheck memory entry v1")
}
