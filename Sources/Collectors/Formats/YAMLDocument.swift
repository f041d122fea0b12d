import BoundedYAML
import EvidenceModel
import Yams

/// A YAML input composed into nodes, with Yams' errors turned into `line N, column M` failures.
enum YAMLDocument {
    /// The single document of `text`; comments-only and empty files are rejected as empty. Aliases
    /// and nesting are measured first (``YAMLBudget``), so no alias bomb expands.
    static func root(of text: String, in input: CollectorInput) throws(CollectionFailure) -> Node {
        let limits = input.limits
        let bounds = YAMLBudget.Bounds(aliases: limits.yamlAliases, aliasNodes: limits.yamlAliasNodes, nestingDepth: limits.nestingDepth)
        let composed: Node?
        do { composed = try YAMLBudget.compose(text, within: bounds) } catch { throw input.failure(at: error.location, error.reason) }
        guard let root = composed, !root.isNull else { throw input.failure(at: "line 1", "empty YAML document") }
        return root
    }
}

extension Node {
    /// Whether this is YAML's null (`~`, `null` or nothing), which Vigil reads as "not given".
    var isNull: Bool {
        guard case .scalar = self else { return false }
        return tagName == .null
    }

    /// The YAML type name, for "expected …, found …" reasons.
    var typeName: String {
        switch self {
        case .mapping: "mapping"
        case .sequence: "list"
        case .alias: "alias"
        case .scalar:
            switch tagName {
            case .null: "null"
            case .bool: "boolean"
            case .int, .float: "number"
            case .timestamp: "date"
            default: "string"
            }
        }
    }

    /// The resolved YAML tag (`tag:yaml.org,2002:bool` for a plain `true`); Yams keeps `Tag.name` internal.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }

    /// `line N` of where the node starts, for failures that have no entry path yet.
    var lineLocation: String { "line \(mark?.line ?? 1)" }
}
