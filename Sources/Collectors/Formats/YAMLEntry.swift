import EvidenceModel
import Foundation
import Yams

/// One YAML mapping of a list read field by field; each failure names the field's path (`[2].expires_at`).
struct YAMLEntry {
    let path: String
    let input: CollectorInput
    private let fields: [(key: String, value: Node)]

    /// - Throws: when `node` is not a mapping, or a key is not a plain string.
    init(_ node: Node, path: String, in input: CollectorInput) throws(CollectionFailure) {
        guard case .mapping(let mapping) = node else {
            throw input.failure(at: path, "expected a mapping, found \(node.typeName)")
        }
        var fields: [(key: String, value: Node)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                throw input.failure(at: path, "keys must be strings, found \(key.typeName)")
            }
            fields.append((scalar.string, value))
        }
        self.path = path
        self.input = input
        self.fields = fields
    }

    func location(of key: String) -> String { "\(path).\(key)" }

    func failure(_ key: String, _ reason: String) -> CollectionFailure { input.failure(at: location(of: key), reason) }

    /// Rejects keys outside `known`: a misspelt `in-scope` must not silently fall back to a default.
    func rejectUnknownKeys(_ known: [String]) throws(CollectionFailure) {
        for (key, _) in fields where !known.contains(key) {
            throw failure(key, "unknown field '\(key)' (known: \(known.joined(separator: ", ")))")
        }
    }

    /// The value of `key`; YAML null counts as absent.
    func node(_ key: String) -> Node? {
        fields.first { $0.key == key }.map(\.value).flatMap { $0.isNull ? nil : $0 }
    }

    /// A scalar's text. Numbers stay as written (`id: 7` is "7"); booleans and collections are rejected.
    func text(_ key: String) throws(CollectionFailure) -> String? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node, node.tagName != .bool else {
            throw failure(key, "expected string, found \(node.typeName)")
        }
        let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    func requiredText(_ key: String) throws(CollectionFailure) -> String {
        guard let value = try text(key) else {
            throw node(key) == nil
                ? input.failure(at: path, "missing required field '\(key)'")
                : failure(key, "must not be empty")
        }
        return value
    }

    /// A YAML date (`2026-01-10`) or an RFC 3339 string; both are read from the text as written.
    func date(_ key: String) throws(CollectionFailure) -> Date? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw failure(key, "expected a date, found \(node.typeName)") }
        guard let date = Timestamp.parse(scalar.string) else {
            throw failure(key, "'\(scalar.string)' is not an RFC 3339 date")
        }
        return date
    }

    func requiredDate(_ key: String) throws(CollectionFailure) -> Date {
        guard let value = try date(key) else { throw input.failure(at: path, "missing required field '\(key)'") }
        return value
    }

    /// The items of a list field, each with its own path (`[2].subjects[1]`).
    func list(_ key: String) throws(CollectionFailure) -> [(path: String, node: Node)]? {
        guard let node = node(key) else { return nil }
        guard case .sequence(let sequence) = node else {
            throw failure(key, "expected a list, found \(node.typeName)")
        }
        return sequence.enumerated().map { ("\(location(of: key))[\($0.offset)]", $0.element) }
    }

    /// A list of strings; absent means empty.
    func textList(_ key: String) throws(CollectionFailure) -> [String] {
        var texts: [String] = []
        for (path, node) in try list(key) ?? [] {
            guard case .scalar(let scalar) = node, node.tagName != .bool, !node.isNull else {
                throw input.failure(at: path, "expected string, found \(node.typeName)")
            }
            texts.append(scalar.string.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return texts
    }

    /// A yes/no field: YAML booleans, or the words `FlagText` knows.
    func flag(_ key: String) throws(CollectionFailure) -> Bool? {
        guard let node = node(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            throw failure(key, "expected true or false, found \(node.typeName)")
        }
        guard let value = FlagText.parse(scalar.string) else {
            throw failure(key, "expected true or false, found '\(scalar.string)'")
        }
        return value
    }
}

/// The spellings of yes and no that inventories use, in YAML and CSV alike.
enum FlagText {
    static func parse(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "1", "y": true
        case "false", "no", "0", "n": false
        default: nil
        }
    }
}
