import EvidenceModel
import Foundation
import Yams

extension Configuration {
    /// The `limits:` section of `vigil.yaml`: each key overrides one default of ``InputLimits``.
    ///
    /// ```yaml
    /// limits: {file_size: 512MiB, nesting_depth: 128, command_timeout: 2m}
    /// ```
    static func limits(_ node: Node, file: String) throws(VigilError) -> InputLimits {
        guard let map = node.mapping else { throw .input(file: file, reason: "line \(line(node)): limits must be a mapping") }
        var limits = InputLimits()
        for (key, value) in map {
            let name = key.string ?? ""
            let field = "limits.\(name)"
            switch name {
            case "file_size": limits.fileBytes = try size(value, field, file)
            case "document_size": limits.documentBytes = try size(value, field, file)
            case "string_size": limits.stringBytes = try size(value, field, file)
            case "command_output_size": limits.commandOutputBytes = try size(value, field, file)
            case "nesting_depth": limits.nestingDepth = try count(value, field, file, most: InputLimits.deepestNesting)
            case "yaml_aliases": limits.yamlAliases = try count(value, field, file)
            case "yaml_alias_nodes": limits.yamlAliasNodes = try count(value, field, file)
            case "regex_text_length": limits.regexTextLength = try count(value, field, file)
            case "command_timeout": limits.commandTimeout = try duration(value, field, file)
            case "records_per_commit": limits.recordsPerCommit = try count(value, field, file)
            default:
                throw .input(file: file, reason: "line \(line(key)): unknown key '\(field)' (known: \(Self.limitKeys.joined(separator: ", ")))")
            }
        }
        return limits
    }

    static let limitKeys = [
        "file_size", "document_size", "string_size", "nesting_depth", "yaml_aliases", "yaml_alias_nodes",
        "regex_text_length", "command_timeout", "command_output_size", "records_per_commit",
    ]

    /// A size in bytes: a whole number, or one with `KiB`, `MiB` or `GiB` (at most 16 GiB).
    private static func size(_ node: Node, _ field: String, _ file: String) throws(VigilError) -> Int {
        let text = try string(node, field, file)
        let units: [(suffix: String, scale: Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("", 1)]
        for unit in units where text.hasSuffix(unit.suffix) {
            let digits = text.dropLast(unit.suffix.count).trimmingCharacters(in: .whitespaces)
            guard let number = Int(digits), number > 0, number <= (16 << 30) / unit.scale else { break }
            return number * unit.scale
        }
        throw .input(file: file, reason: "line \(line(node)): \(field): '\(text)' is not a size (e.g. 4096, 64KiB, 256MiB; at most 16GiB)")
    }

    /// A whole number from 1 to `most`.
    private static func count(_ node: Node, _ field: String, _ file: String, most: Int = 1_000_000_000) throws(VigilError) -> Int {
        let text = try string(node, field, file)
        guard let number = Int(text), number >= 1, number <= most else {
            throw .input(file: file, reason: "line \(line(node)): \(field): '\(text)' is not a whole number from 1 to \(most)")
        }
        return number
    }
}
