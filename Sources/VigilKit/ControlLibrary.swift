import ControlEngine
import Foundation

/// The control files of a folder, loaded and linted together.
public struct ControlLibrary: Sendable {
    public let controls: [Control]
    public let issues: [ControlIssue]

    /// Reads every `*.yaml` and `*.yml` file of `directory` (not recursively), in name order.
    public static func load(from directory: URL) throws(VigilError) -> ControlLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw .usage("cannot read the controls folder \(directory.path): \(error.localizedDescription)")
        }
        var files: [(name: String, yaml: String)] = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw .io("cannot read \(url.path)") }
            files.append((displayPath(url), String(decoding: data, as: UTF8.self)))
        }
        let result = ControlLoader.lint(files: files)
        return ControlLibrary(controls: result.controls, issues: result.issues)
    }

    /// The controls, or a usage error listing every problem when any file has one.
    public func requireValid() throws(VigilError) -> [Control] {
        guard issues.isEmpty else {
            throw .usage("invalid controls:\n" + issues.map { "  \($0)" }.joined(separator: "\n"))
        }
        return controls
    }

    /// Paths under the current folder print relative to it, as a user typed them.
    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
