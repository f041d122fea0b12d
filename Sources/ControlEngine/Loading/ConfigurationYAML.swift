import BoundedYAML
import EvidenceModel
import Yams

/// Vigil's own YAML files — control files, `vigil.yaml`, perspective catalogues — composed within the
/// limits: the file's size first, then aliases and nesting on libyaml's events (``YAMLBudget``),
/// and only then Yams, so no file can make composing or reading it expand without bound.
public enum ConfigurationYAML {
    /// Why a file was not composed: where (`line 3, column 5`, or nothing for the whole file) and why.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public let location: String?
        public let reason: String

        public var description: String { location.map { "\($0): \(reason)" } ?? reason }
    }

    /// The document's root node (nil for an empty document).
    public static func compose(_ text: String, limits: InputLimits) throws(Problem) -> Node? {
        let size = text.utf8.count
        guard size <= limits.documentBytes else {
            throw Problem(location: nil, reason: "file is \(size) bytes, over the limit of \(InputLimits.size(limits.documentBytes))")
        }
        do { return try YAMLBudget.compose(text, within: YAMLBudget.Bounds(limits)) } catch {
            throw Problem(location: error.location, reason: error.reason)
        }
    }
}

extension YAMLBudget.Bounds {
    /// The YAML bounds of `limits`.
    public init(_ limits: InputLimits) {
        self.init(aliases: limits.yamlAliases, aliasNodes: limits.yamlAliasNodes, nestingDepth: limits.nestingDepth)
    }
}
