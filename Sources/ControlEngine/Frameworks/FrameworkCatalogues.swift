import EvidenceModel
import Foundation
import Yams

/// The framework catalogues this build ships (`Frameworks/*.yaml`, embedded by
/// `Scripts/embed-files.py`), read once.
public enum FrameworkCatalogues {
    /// Why a catalogue file was not read: the file, and where and why.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let file: String
        public let reason: String

        public var description: String { "\(file): \(reason)" }
    }

    /// Every shipped catalogue that reads (a test requires all of them to).
    public static let shipped: [FrameworkCatalogue] = files.compactMap { try? parse($0.text, file: $0.name) }

    /// The catalogue of `framework` (`nis2`), if one is shipped.
    public static func named(_ framework: String) -> FrameworkCatalogue? {
        shipped.first { $0.framework == framework }
    }

    /// `framework: nis2`, `title: …`, `requirements: [{id, title}, …]`: ids distinct and non-empty.
    public static func parse(_ text: String, file: String) throws(Problem) -> FrameworkCatalogue {
        let root: Node?
        do { root = try ConfigurationYAML.compose(text, limits: .standard) } catch { throw Problem(file: file, reason: error.description) }
        guard let mapping = root?.mapping, let framework = mapping["framework"]?.string, let title = mapping["title"]?.string,
            let list = mapping["requirements"]?.sequence
        else { throw Problem(file: file, reason: "expected a mapping with framework, title and a requirements list") }
        var requirements: [FrameworkCatalogue.Requirement] = []
        var seen: Set<String> = []
        for (index, node) in list.enumerated() {
            // Exactly these two keys: an unquoted title with a comma splits into a stray key.
            guard let entry = node.mapping, Set(entry.keys.compactMap(\.string)) == ["id", "title"], entry.count == 2,
                let id = entry["id"]?.string, !id.isEmpty, let name = entry["title"]?.string
            else { throw Problem(file: file, reason: "requirements[\(index)]: expected exactly {id, title}") }
            guard seen.insert(id).inserted else { throw Problem(file: file, reason: "requirements[\(index)]: duplicate id '\(id)'") }
            requirements.append(.init(id: id, title: name))
        }
        return FrameworkCatalogue(framework: framework, title: title, requirements: requirements)
    }

    /// Lint's look at the mappings: an identifier the framework's catalogue does not know is most
    /// likely a typo (`21.2(k)`), and would leave a requirement looking uncovered.
    public static func warnings(for controls: [Control]) -> [ControlIssue] {
        controls.flatMap { control in
            control.frameworks.sorted { $0.key < $1.key }.flatMap { framework, ids -> [ControlIssue] in
                guard let catalogue = named(framework) else { return [] }
                return ids.filter { !catalogue.knows($0) }.map { id in
                    ControlIssue(
                        file: control.file, control: control.id, field: "frameworks.\(framework)",
                        reason: "'\(id)' is not a requirement of \(catalogue.title) (see vigil controls coverage --framework \(framework))")
                }
            }
        }
    }
}
