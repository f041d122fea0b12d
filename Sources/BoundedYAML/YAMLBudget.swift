internal import CYaml

/// A YAML text measured on libyaml's event stream before anything composes it.
///
/// Yams shares an aliased node rather than copying it, but every reader that walks the composed
/// tree — and Yams itself, when it hashes mapping keys to find duplicates — pays for the expansion.
/// Nine levels of ten aliases (a "billion laughs") expand to 10^9 nodes from 90 aliases, so counting
/// aliases is not enough: this walk also adds up what each alias would expand to, from the size of
/// the node its anchor names, and stops at the first bound crossed. It reads each event once.
public enum YAMLBudget {
    /// The bounds one document must keep (Vigil's `InputLimits`).
    public struct Bounds: Sendable, Hashable {
        /// Alias uses (`*name`) in the whole text.
        public let aliases: Int
        /// Nodes that alias uses may add to the tree once expanded.
        public let aliasNodes: Int
        /// Nesting of sequences and mappings.
        public let nestingDepth: Int

        public init(aliases: Int, aliasNodes: Int, nestingDepth: Int) {
            self.aliases = aliases
            self.aliasNodes = aliasNodes
            self.nestingDepth = nestingDepth
        }
    }

    /// Where a document crossed a bound (1-based line and column) and which.
    public struct Violation: Error, Sendable, Hashable {
        public let line: Int
        public let column: Int
        public let reason: String
    }

    /// Nil when `text` stays within `bounds`, or when it is not YAML at all (Yams then reports the
    /// syntax error as it always has); else the first bound crossed and where.
    ///
    /// libyaml's scanner reads flow collections (`[[[[…`) ahead of the events, and stops at its own
    /// nesting limit of 1000 before the events reach a lower bound: that stop is the bound crossed, at
    /// the place libyaml names.
    public static func violation(in text: String, within bounds: Bounds) -> Violation? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var walk = Walk(bounds: bounds)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let reason = walk.step(event) {
                    return Violation(line: event.start_mark.line + 1, column: event.start_mark.column + 1, reason: reason)
                }
            }
            guard let problem = parser.problem, YAMLProblem.isNestingLimit(String(cString: problem)) else { return nil }
            return Violation(
                line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1,
                reason: "nested deeper than \(bounds.nestingDepth) levels")
        }
    }

    /// The running count: open collections with their expanded sizes, and each anchor's size.
    private struct Walk {
        let bounds: Bounds
        var open: [(anchor: String?, nodes: Int)] = []
        var anchorNodes: [String: Int] = [:]
        var aliases = 0
        var added = 0

        /// Nil while within bounds; the reason at the first event that crosses one.
        mutating func step(_ event: yaml_event_t) -> String? {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                anchorNodes = [:]  // anchors do not cross documents
            case YAML_SCALAR_EVENT:
                return close(anchor: name(event.data.scalar.anchor), nodes: 1)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard open.count < bounds.nestingDepth else { return "nested deeper than \(bounds.nestingDepth) levels" }
                let anchor =
                    event.type == YAML_SEQUENCE_START_EVENT
                    ? event.data.sequence_start.anchor : event.data.mapping_start.anchor
                open.append((name(anchor), 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let finished = open.popLast() else { return nil }
                return close(anchor: finished.anchor, nodes: finished.nodes)
            case YAML_ALIAS_EVENT:
                aliases += 1
                guard aliases <= bounds.aliases else { return "more than \(bounds.aliases) alias uses (*name)" }
                let nodes = name(event.data.alias.anchor).flatMap { anchorNodes[$0] } ?? 1
                let (sum, overflow) = added.addingReportingOverflow(nodes)
                guard !overflow, sum <= bounds.aliasNodes else {
                    return "aliases expand to more than \(bounds.aliasNodes) nodes"
                }
                added = sum
                return close(anchor: nil, nodes: nodes)
            default:
                break
            }
            return nil
        }

        /// Adds a finished node to the collection that holds it, and remembers its size by anchor.
        private mutating func close(anchor: String?, nodes: Int) -> String? {
            if let anchor { anchorNodes[anchor] = nodes }
            guard !open.isEmpty else { return nil }
            // The total can outgrow an Int only through aliases, which `added` already bounds.
            open[open.count - 1].nodes = open[open.count - 1].nodes &+ nodes
            return nil
        }

        private func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }
    }
}
