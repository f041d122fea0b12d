import BoundedYAML
import EvidenceModel
import Yams

/// A YAML input composed into nodes, with Yams' errors turned into `line N` failures.
enum YAMLDocument {
    /// The single document of `text`; comments-only and empty files are rejected as empty. Aliases
    /// and nesting are measured first (``YAMLBudget``), so no alias bomb expands.
    static func root(of text: String, in input: CollectorInput) throws(CollectionFailure) -> Node {
        let limits = input.limits
        let bounds = YAMLBudget.Bounds(aliases: limits.yamlAliases, aliasNodes: limits.yamlAliasNodes, nestingDepth: limits.nestingDepth)
        if let violation = YAMLBudget.violation(in: text, within: bounds) {
            throw input.failure(at: "line \(violation.line), column \(violation.column)", violation.reason)
        }
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch {
            throw failure(for: error, text: text, in: input)
        }
        guard let root = composed, !root.isNull else { throw input.failure(at: "line 1", "empty YAML document") }
        return root
    }

    private static func failure(for error: any Error, text: String, in input: CollectorInput) -> CollectionFailure {
        guard let yamlError = error as? YamlError else { return input.failure(at: "line 1", "\(error)") }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let whileDoing = context.map { " (\($0.text))" } ?? ""
            return input.failure(at: "line \(mark.line)", problem + whileDoing)
        case .reader(let problem, let offset, _, _):
            let line = offset.map { byteOffset in text.utf8.prefix(byteOffset).count { $0 == UInt8(ascii: "\n") } + 1 }
            return input.failure(at: "line \(line ?? 1)", problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return input.failure(at: "line \(context.mark.line)", "duplicate key \(keys) in one mapping")
        default:
            return input.failure(at: "line 1", yamlError.description)
        }
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
