import ControlEngine
import Crypto
import EvidenceModel
import EvidenceStore
import Foundation

/// The TUI's evaluations kept in the workspace's `tui-cache/`, so that reopening a workspace at the
/// same instant shows the statuses at once instead of evaluating again.
///
/// The key names everything an evaluation depends on: the store head (any new commit changes it),
/// the instant to the bit, the bytes of every control file and of the files they reference, the
/// acceptance policy and check context the evaluator is given, and the running vigil executable
/// (another build may judge differently). What cannot be named — an unreadable executable, a
/// control file changed while it was read — means no caching, never a stale status.
///
/// Each key has two files (``CacheFiles``, MAC'd under the workspace's secret in `keys/`): the
/// controls list (``EvaluationPreview``, a few hundred bytes a control), read before anything else,
/// and the whole evaluation (tens of megabytes at a million records). They rest on no row of the
/// index: an evaluation is kept only after the index it was judged from passed its audit at that
/// head, and a file edited or moved to another key by anyone who cannot read the keys fails its MAC.
struct EvaluationCache {
    let files: CacheFiles
    /// What an evaluation's file may hold beyond four times the index's size (a planted file is not read).
    let slack = 1 << 20
    let indexURL: URL

    init(workspace: Workspace) {
        files = CacheFiles(folder: workspace.home.appendingPathComponent("tui-cache"), secret: workspace.keyRing.cacheSecret())
        indexURL = workspace.indexURL
    }

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

    /// The controls list kept under `key`, if its MAC holds.
    func preview(_ key: String) -> EvaluationPreview? {
        guard let payload = files.payload(key, kind: Self.preview, bound: bound) else { return nil }
        return try? JSONDecoder().decode(EvaluationPreview.self, from: payload)
    }

    /// The evaluation kept under `key`, if its MAC holds. An unreadable one (another build's format)
    /// is a miss; the evaluation that follows replaces it.
    func lookup(_ key: String) -> WorkspaceEvaluation? {
        guard let payload = files.payload(key, kind: Self.evaluation, bound: bound) else { return nil }
        return try? JSONDecoder().decode(WorkspaceEvaluation.self, from: payload)
    }

    /// Keeps `evaluation` under `key`: the whole first, then its controls list, so that a preview is
    /// never kept without the evaluation it was taken from; and the newest few keys.
    func store(_ evaluation: WorkspaceEvaluation, key: String) {
        guard let whole = try? JSONEncoder().encode(evaluation),
            let preview = try? JSONEncoder().encode(EvaluationPreview(evaluation))
        else { return }
        if files.keep([Array(whole)], key: key, kind: Self.evaluation) {
            files.keep([Array(preview)], key: key, kind: Self.preview)
        }
        files.forgetAllButNewest(Self.kept, by: Self.evaluation)
    }

    /// A few instants (or builds) at one head; evaluations run to tens of megabytes at scale.
    static let kept = 4

    static let evaluation = CacheFiles.Kind(name: "evaluation", label: "vigil evaluation cache entry v4")
    static let preview = CacheFiles.Kind(name: "preview", label: "vigil evaluation preview entry v1")

    /// Four times the index's size and some: an evaluation names records by id, where the index holds them whole.
    private var bound: Int { 4 * (CacheFiles.size(of: indexURL.path) ?? 0) + slack }
}
