import EvidenceModel
import Yams

/// Reads control files (DESIGN §5) and reports every problem in them.
///
/// Loading never stops at the first problem: a file with errors yields its valid controls plus one
/// ``ControlIssue`` per problem, each naming the file, the control and the field.
public enum ControlLoader {
    /// Loads one control file: a YAML list of controls.
    ///
    /// - Parameters:
    ///   - yaml: the file's text.
    ///   - file: the name to report it by (`Controls/fw.yaml`).
    /// - Returns: the valid controls in file order, and the issues found (duplicate ids included).
    public static func load(yaml: String, file: String) -> (controls: [Control], issues: [ControlIssue]) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            return ([], [ControlIssue(file: file, reason: error.controlFileReason)])
        } catch {
            return ([], [ControlIssue(file: file, reason: "YAML error: \(error)")])
        }
        guard let root, !root.isNullScalar else { return ([], []) }
        guard case .sequence(let items) = root else {
            return ([], [ControlIssue(file: file, reason: "a control file holds a list of controls, found \(root.shapeName)")])
        }
        var controls: [Control] = []
        var issues: [ControlIssue] = []
        for (index, item) in items.enumerated() {
            var parser = ControlParser(file: file, position: index + 1)
            if let control = parser.parse(item) { controls.append(control) }
            issues += parser.issues
        }
        let unique = removingDuplicates(controls)
        return (unique.controls, issues + unique.issues)
    }

    /// Loads several control files and also finds ids defined in more than one of them.
    ///
    /// - Parameter files: each file's name and text, in load order.
    /// - Returns: the valid controls of all files (the first of duplicate ids wins), and every issue.
    public static func lint(files: [(name: String, yaml: String)]) -> (controls: [Control], issues: [ControlIssue]) {
        var controls: [Control] = []
        var issues: [ControlIssue] = []
        for file in files {
            let loaded = load(yaml: file.yaml, file: file.name)
            controls += loaded.controls
            issues += loaded.issues
        }
        let unique = removingDuplicates(controls)
        return (unique.controls, issues + unique.issues)
    }

    /// Keeps the first control of each id and reports the later ones.
    private static func removingDuplicates(_ controls: [Control]) -> (controls: [Control], issues: [ControlIssue]) {
        var firstFile: [String: String] = [:]
        var kept: [Control] = []
        var issues: [ControlIssue] = []
        for control in controls {
            if let first = firstFile[control.id] {
                issues.append(ControlIssue(
                    file: control.file, control: control.id, field: "id",
                    reason: "duplicate id '\(control.id)' (first defined in \(first))"))
            } else {
                firstFile[control.id] = control.file
                kept.append(control)
            }
        }
        return (kept, issues)
    }
}
