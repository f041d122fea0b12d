import EvidenceModel
import Foundation
import Yams

/// Reads control files (DESIGN §5) and reports every problem in them.
///
/// Loading never stops at the first problem: a file with errors yields its valid controls plus one
/// ``ControlIssue`` per problem, each naming the file, the control and the field.
public enum ControlLoader {
    /// Reads a file a control names (`advisories: vulns.json`): the path as written and the control
    /// file's name; a failure says why it cannot be read. Supplied by the IO shell; this module reads no files.
    public typealias FileReader = @Sendable (_ path: String, _ controlFile: String) -> Result<Data, UnreadableFile>

    /// Why a file a control names could not be read, in words (`permission denied`, `is a folder`).
    public struct UnreadableFile: Error, Sendable {
        public let reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// Loads one control file: a YAML list of controls.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the name to report it by (`Controls/fw.yaml`).
    ///   - readFile: reads files that checks name, relative to the control file (see ``FileReader``).
    ///   - limits: the file's size, nesting and YAML aliases (``ConfigurationYAML``).
    /// - Returns: the valid controls in file order, and the issues found (duplicate ids included).
    public static func load(
        yaml: String, file: String, readFile: FileReader? = nil, limits: InputLimits = .standard
    )
        -> (controls: [Control], issues: [ControlIssue])
    {
        let loaded = loadFile(yaml: yaml, file: file, readFile: readFile, limits: limits)
        let duplicates = duplicateIssues(loaded.declared)
        return (removingDuplicates(loaded.controls), loaded.issues + duplicates)
    }

    /// Loads several control files and also finds ids defined in more than one of them.
    ///
    /// - Parameter files: each file's name and text, in load order.
    /// - Returns: the valid controls of all files (the first of duplicate ids wins), and every issue.
    public static func lint(
        files: [(name: String, yaml: String)], readFile: FileReader? = nil, limits: InputLimits = .standard
    )
        -> (controls: [Control], issues: [ControlIssue])
    {
        var controls: [Control] = []
        var issues: [ControlIssue] = []
        var declared: [(id: String, file: String)] = []
        for file in files {
            let loaded = loadFile(yaml: file.yaml, file: file.name, readFile: readFile, limits: limits)
            controls += loaded.controls
            issues += loaded.issues
            declared += loaded.declared
        }
        return (removingDuplicates(controls), issues + duplicateIssues(declared))
    }

    /// One file's valid controls, its issues, and every id it declares (valid control or not).
    private static func loadFile(
        yaml: String, file: String, readFile: FileReader?, limits: InputLimits
    )
        -> (controls: [Control], issues: [ControlIssue], declared: [(id: String, file: String)])
    {
        let root: Node?
        do { root = try ConfigurationYAML.compose(yaml, limits: limits) } catch {
            return ([], [ControlIssue(file: file, reason: error.description)], [])
        }
        guard let root, !root.isNullScalar else { return ([], [], []) }
        guard case .sequence(let items) = root else {
            return ([], [ControlIssue(file: file, reason: "a control file holds a list of controls, found \(root.shapeName)")], [])
        }
        var controls: [Control] = []
        var issues: [ControlIssue] = []
        var declared: [(id: String, file: String)] = []
        for (index, item) in items.enumerated() {
            var parser = ControlParser(file: file, position: index + 1, readFile: readFile)
            if let control = parser.parse(item) { controls.append(control) }
            issues += parser.issues
            if let id = item.mapping?["id"]?.scalar?.string { declared.append((id, file)) }
        }
        return (controls, issues, declared)
    }

    /// An issue for every declaration of an id after its first, valid or not.
    private static func duplicateIssues(_ declared: [(id: String, file: String)]) -> [ControlIssue] {
        var firstFile: [String: String] = [:]
        var issues: [ControlIssue] = []
        for (id, file) in declared {
            if let first = firstFile[id] {
                issues.append(
                    ControlIssue(
                        file: file, control: id, field: "id", reason: "duplicate id '\(id)' (first defined in \(first))"))
            } else {
                firstFile[id] = file
            }
        }
        return issues
    }

    /// Keeps the first control of each id.
    private static func removingDuplicates(_ controls: [Control]) -> [Control] {
        var seen: Set<String> = []
        return controls.filter { seen.insert($0.id).inserted }
    }
}
