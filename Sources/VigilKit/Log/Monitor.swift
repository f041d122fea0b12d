import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// What `vigil log verify --from` found.
public struct MonitorReport: Sendable {
    public let origin: String
    public let size: Int
    public let outcome: PublishedLogMonitor.Outcome
    /// Valid cosignatures from the listed witnesses, when a witness policy was given.
    public let cosignatures: Int?
    /// Whether a state folder remembers this checkpoint now.
    public let remembered: Bool

    /// The sentence for stderr.
    public var summary: String {
        var line = "published log verified: \(origin) at size \(size)"
        switch outcome {
        case .firstSeen: line += remembered ? "; first run: all entries and tiles checked, checkpoint remembered" : ""
        case .unchanged: line += "; unchanged since the last verified checkpoint"
        case .grew(let from):
            let added = size - from
            line += "; consistent with the last verified checkpoint at size \(from)"
            line += "; its \(added) new entr\(added == 1 ? "y hashes" : "ies hash") to the signed root"
        }
        if let cosignatures { line += "; cosigned by \(cosignatures) listed witness\(cosignatures == 1 ? "" : "es")" }
        return line
    }
}

/// A monitor following a published log (`vigil log verify --from URL|DIR [--state DIR]`): needs the
/// published files and the log's key, no workspace.
extension Pipeline {
    /// Verifies the published checkpoint and, with `state`, its consistency with the checkpoint this
    /// monitor verified last for the same origin; the state is only replaced after every check passed.
    public static func monitor(
        from source: PublishedSource, trust: [String], state: URL?, quorum: WitnessQuorum? = nil
    ) throws(VigilError) -> MonitorReport {
        let keys = try verifierKeys(trust)
        // The checkpoint is fetched once: the state file is found by its origin, then it is verified.
        let checkpointData = try storeCall { () throws(StoreError) in try source.read("checkpoint") }
        let read = { (path: String) throws(StoreError) -> Data? in path == "checkpoint" ? checkpointData : try source.read(path) }
        var stateFile: URL?
        var known: Checkpoint?
        if let state {
            let (file, remembered) = try rememberedCheckpoint(in: state, checkpoint: checkpointData, from: source.location)
            stateFile = file
            known = remembered
        }
        let followed = try storeCall { () throws(StoreError) in try PublishedLogMonitor.follow(known: known, trusting: keys, read: read) }
        let cosignatures = try require(quorum, of: followed.note, name: "\(source.location)/checkpoint")
        if let stateFile, followed.outcome != .unchanged {
            try AtomicFile.write(followed.note.serializedData, to: stateFile)
        }
        return MonitorReport(
            origin: followed.checkpoint.origin, size: followed.checkpoint.size, outcome: followed.outcome,
            cosignatures: cosignatures, remembered: stateFile != nil)
    }

    /// The state file for the published checkpoint's origin and what it remembers (nil on a first run).
    private static func rememberedCheckpoint(in state: URL, checkpoint: Data?, from location: String) throws(VigilError) -> (URL, Checkpoint?) {
        guard let checkpoint else { throw .verification("\(location) has no checkpoint") }
        let origin: String
        do { origin = try Checkpoint(try Note(parsing: checkpoint)).origin } catch {
            throw .verification("\(location)/checkpoint: \(error)")
        }
        let file = OriginState.file(for: origin, in: state)
        guard let stored = FileManager.default.contents(atPath: file.path) else { return (file, nil) }
        do { return (file, try Checkpoint(try Note(parsing: stored))) } catch {
            throw .input(file: file.path, reason: "not a remembered checkpoint: \(error)")
        }
    }
}

/// Per-origin state files of monitors and witnesses: the name is the origin's SHA-256, so any origin
/// (slashes, dots) makes one safe file name.
enum OriginState {
    static func file(for origin: String, in folder: URL) -> URL {
        folder.appendingPathComponent(SHA256Hex.of(origin) + ".checkpoint")
    }
}
