import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation

/// The control files of a folder, loaded and linted together.
public struct ControlLibrary: Sendable {
    public let controls: [Control]
    public let issues: [ControlIssue]

    /// Reads every `*.yaml` and `*.yml` file of `directory` (not recursively), in name order.
    public static func load(from directory: URL, limits: InputLimits = .standard) throws(VigilError) -> ControlLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw .usage("cannot read the controls folder \(directory.path): \(FileProblem(error, path: directory.path))")
        }
        var files: [(name: String, yaml: String)] = []
        var folders: [String: URL] = [:]
        for name in names {
            let url = directory.appendingPathComponent(name)
            switch BoundedFile.read(url, limit: limits.documentBytes) {
            case .success(let data):
                do { files.append((displayPath(url), try UTF8Text.decode(data))) } catch {
                    throw .input(file: displayPath(url), reason: error.description)
                }
            case .failure(.tooLarge):
                throw .input(
                    file: displayPath(url),
                    reason: BoundedFile.Failure.tooLarge(limit: limits.documentBytes)
                        .reason(setting: "document_size"))
            case .failure(.unreadable(let problem)): throw .input(file: displayPath(url), reason: problem.reason)
            }
            folders[displayPath(url)] = directory
        }
        let result = ControlLoader.lint(files: files, readFile: fileReader(folders: folders, limit: limits.fileBytes), limits: limits)
        return ControlLibrary(controls: result.controls, issues: result.issues)
    }

    /// Reads files that controls name (`advisories: …`) relative to the folder of the control file.
    static func fileReader(folders: [String: URL], limit: Int) -> ControlLoader.FileReader {
        { path, controlFile in
            let url =
                path.hasPrefix("/")
                ? URL(fileURLWithPath: path)
                : (folders[controlFile] ?? URL(fileURLWithPath: ".")).appendingPathComponent(path)
            return BoundedFile.read(url, limit: limit).map(UTF8Text.withoutByteOrderMark)
                .mapError { ControlLoader.UnreadableFile(reason: $0.reason(setting: "file_size")) }
        }
    }

    /// The controls, or a usage error listing every problem when any file has one.
    public func requireValid() throws(VigilError) -> [Control] {
        guard issues.isEmpty else {
            throw .usage("invalid controls:\n" + issues.map { "  \($0)" }.joined(separator: "\n"))
        }
        return controls
    }

    /// Lint's warnings about the fields that no record of `workspace` has (``FieldCoverage``); none
    /// when the folder is not a workspace, since lint works without one.
    public func fieldWarnings(in workspace: Workspace, context: CheckContext) throws(VigilError) -> [ControlIssue] {
        guard workspace.exists else { return [] }
        let store = try workspace.openStore()
        let index = try workspace.openIndex(for: store)
        var byKind: [String: [EvidenceRecord]] = [:]
        for kind in Set(controls.flatMap(\.evidence)).sorted() {
            byKind[kind] = try storeCall { () throws(StoreError) in try index.records(matching: RecordQuery(kind: kind)) }
        }
        return FieldCoverage.warnings(for: controls, context: context) { byKind[$0] ?? [] }
    }

    /// Lint's warnings about framework identifiers the shipped catalogue of their framework does not know.
    public var frameworkWarnings: [ControlIssue] { FrameworkCatalogues.warnings(for: controls) }

    /// Paths under the current folder print relative to it, as a user typed them.
    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
