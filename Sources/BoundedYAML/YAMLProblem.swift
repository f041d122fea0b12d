import Yams

/// Why a YAML text was not composed, and where: the one reading of Yams' errors, for every YAML
/// file Vigil reads (collector inputs, control files, `vigil.yaml`, perspective catalogues).
///
/// libyaml's own words ("did not find expected key", "while parsing a block mapping") are kept;
/// what reads as internals is not: its nesting limit says "set with yaml_set_max_nest_level()",
/// and Yams prints its errors with their Swift case names.
public struct YAMLProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    /// The 1-based column, when the error has one.
    public let column: Int?
    public let reason: String

    public init(line: Int, column: Int?, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `line 3, column 5` (or `line 3`).
    public var location: String { column.map { "line \(line), column \($0)" } ?? "line \(line)" }

    public var description: String { "\(location): \(reason)" }

    /// The bound crossed at `violation`, at its place.
    init(_ violation: YAMLBudget.Violation) {
        self.init(line: violation.line, column: violation.column, reason: violation.reason)
    }

    /// Yams' `error` about `text`, at its place and in words.
    init(_ error: YamlError, in text: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let reason = Self.isNestingLimit(problem) ? "nested deeper than libyaml's limit of 1000 levels" : problem
            self.init(line: mark.line, column: mark.column, reason: reason + (context.map { " (\($0.text))" } ?? ""))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            self.init(line: context.mark.line, column: context.mark.column, reason: "duplicate key \(keys) in one mapping")
        case .reader(let problem, let offset, _, _):
            let before = offset.map { text.utf8.prefix($0) }
            let line = before.map { $0.count { $0 == UInt8(ascii: "\n") } + 1 } ?? 1
            let column = before.map { String(decoding: $0.reversed().prefix { $0 != UInt8(ascii: "\n") }.reversed(), as: UTF8.self).count + 1 }
            self.init(line: line, column: column, reason: problem)
        case .dataCouldNotBeDecoded:
            self.init(line: 1, column: nil, reason: "not UTF-8 text")
        case .no, .memory, .writer, .emitter, .representer:
            self.init(line: 1, column: nil, reason: "the YAML reader failed (out of memory?)")
        }
    }

    /// Whether libyaml stopped at its nesting limit (1000 levels, counting the flow levels its
    /// scanner read ahead); it has no error code of its own, only this text.
    static func isNestingLimit(_ problem: String) -> Bool { problem.hasPrefix("Maximum nesting level reached") }
}

extension YAMLBudget {
    /// The document's root node (nil for an empty text), composed only when `text` keeps `bounds`.
    ///
    /// - Throws: the first bound crossed, or Yams' error in words (``YAMLProblem``).
    public static func compose(_ text: String, within bounds: Bounds) throws(YAMLProblem) -> Node? {
        if let violation = violation(in: text, within: bounds) { throw YAMLProblem(violation) }
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLProblem(error, in: text)
        } catch {
            throw YAMLProblem(line: 1, column: nil, reason: "the YAML reader failed")
        }
    }
}
