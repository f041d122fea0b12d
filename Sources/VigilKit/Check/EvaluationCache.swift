import ControlEngine
import Crypto
import EvidenceModel
import EvidenceStore
import Foundation

/// The TUI's evaluations kept in the index, so reopening a workspace at the same instant shows the
/// statuses at once instead of evaluating again.
///
/// The key names everything an evaluation depends on: the store head (any new commit changes it),
/// the instant to the bit, the bytes of every control file and of the files they reference, the
/// acceptance policy and check context the evaluator is given, and the running vigil executable
/// (another build may judge differently). What cannot be named — an unreadable executable, a
/// control file changed while it was read — means no caching, never a stale status.
///
/// Each payload is stored behind an HMAC-SHA256 over its key and itself, keyed by a secret in the
/// workspace's `keys/` (mode 0600): an entry edited or moved to another key in `index.sqlite` by
/// anyone who cannot read the keys fails its MAC and is evaluated again, so editing the index
/// cannot change a verdict the TUI shows.
struct EvaluationCache {
    let index: EvidenceIndex
    /// nil when the secret cannot be read or created: then nothing is cached.
    let secret: SymmetricKey?

    /// The key of an evaluation at `head` (nil: of whatever the store holds, for ``RecheckCache``).
    static func key(
        head: GitObjectID?, instant: Date, controlFiles: Data, controls: [Control], configuration: Configuration,
        program: String
    ) -> String {
        var text = "vigil evaluation cache v2\nprogram \(program)\nhead \(head?.hex ?? "-")\n"
        text += "instant \(instant.timeIntervalSinceReferenceDate.bitPattern)\n"
        text += "control files \(SHA256Hex.of(controlFiles))\n"
        for control in controls {
            for (name, data) in control.check.resources.sorted(by: { $0.key < $1.key }) {
                text += "resource \(control.id) \(name) \(SHA256Hex.of(data))\n"
            }
        }
        text += "policy \(configuration.acceptancePolicy)\n"
        text += "limits \(configuration.limits)\n"  // the regex budget decides some verdicts
        for source in configuration.sources {  // which sources are judged, and by which cadence
            text += "source \(source.name.utf8.count) \(source.name) \(source.every?.text ?? "-")\n"
        }
        // Sorted: a dictionary's own description has no stable order.
        let perspectives = configuration.checkContext.perspectives
        text += "perspectives \(perspectives.origin)\n"
        for (code, perspective) in perspectives.perspectives.sorted(by: { $0.key < $1.key }) {
            text += "perspective \(code) \(perspective)\n"
        }
        return SHA256Hex.of(text)
    }

    /// The control files of a folder (`*.yaml`, `*.yml`, in name order), names and bytes together.
    static func controlFiles(in directory: URL) -> Data? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        var bytes = Data()
        for name in names.filter({ $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }).sorted() {
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) else {
                return nil
            }
            bytes.append(Data("\(name) \(data.count)\n".utf8))
            bytes.append(data)
        }
        return bytes
    }

    /// The running executable: its path, size and modification time (nil when unreadable).
    static let program: String? = {
        guard let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size], let modified = (attributes[.modificationDate] as? Date)
        else { return nil }
        return "\(path) \(size) \(modified.timeIntervalSinceReferenceDate.bitPattern)"
    }()

    func lookup(_ key: String) -> WorkspaceEvaluation? {
        // An unreadable entry (another build's format) is a miss; the evaluation that follows replaces it.
        guard let mac, let stored = try? index.cachedEvaluation(key: key), let payload = mac.opened(stored, key: key) else { return nil }
        return try? JSONDecoder().decode(WorkspaceEvaluation.self, from: payload)
    }

    /// The MAC covers an entry's key as well as its payload, so that an evaluation copied in
    /// `index.sqlite` from one key's row to another's (an older head's passes over today's
    /// failures) fails its MAC instead of being shown for the other key.
    private var mac: CacheEntryMAC? { secret.map { CacheEntryMAC(label: "vigil evaluation cache entry v3", secret: $0) } }

    /// Keeps `evaluation` under `key` when the index is still at `head`; a cache that cannot be
    /// written only costs the next opening its speed.
    func store(_ evaluation: WorkspaceEvaluation, key: String, head: GitObjectID) {
        guard let mac, let payload = try? JSONEncoder().encode(evaluation) else { return }
        _ = try? index.cacheEvaluation(mac.sealed(payload, key: key), key: key, head: head)
    }
}
