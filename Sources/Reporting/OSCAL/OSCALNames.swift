import EvidenceModel
import Foundation

/// The vocabulary both OSCAL documents share: UUIDs named after content, Vigil's property namespace,
/// tokens, timestamps.
struct OSCALNames {
    /// The OSCAL release the documents are written against.
    static let oscalVersion = "1.1.2"
    /// Qualifies Vigil's own property names (`status`, `severity`, …) so they never clash with OSCAL's.
    static let namespace = "urn:vigil:oscal"

    /// Names already handed out, so two equal names (a subject listed twice) still get distinct UUIDs.
    private var issued: [String: Int] = [:]

    /// The UUID for `parts`, stable across runs: the same parts in the same document give the same UUID.
    mutating func uuid(_ parts: String...) -> String {
        let name = parts.joined(separator: "\u{1F}")
        let count = issued[name, default: 0]
        issued[name] = count + 1
        let unique = count == 0 ? name : name + "\u{1F}#\(count + 1)"
        return NameBasedUUID(namespace: .vigilNamespace, name: unique).description
    }

    /// A subject's UUID depends on the subject alone, so it is the same in every document and run.
    static func subjectUUID(_ subject: String) -> String {
        NameBasedUUID(namespace: .vigilNamespace, name: "subject\u{1F}" + subject).description
    }

    /// A Vigil property (`{"name", "ns", "value"}`), or nil when the value is blank (OSCAL forbids that).
    static func prop(_ name: String, _ value: String, class className: String? = nil) -> JSONValue? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        var members: [String: JSONValue] = ["name": .string(name), "ns": .string(namespace), "value": .string(trimmed)]
        if let className { members["class"] = .string(token(className)) }
        return .object(members)
    }

    /// `text` as an OSCAL token (a letter or `_` first, then letters, digits, `-`, `.`, `_`):
    /// control ids like `KM-01` stay as they are, anything else has its odd characters replaced by `_`.
    static func token(_ text: String) -> String {
        var out = String(text.unicodeScalars.map { isTokenScalar($0) ? Character($0) : "_" })
        if let first = out.unicodeScalars.first, !(first.properties.isAlphabetic || first == "_") { out = "_" + out }
        return out.isEmpty ? "_" : out
    }

    private static func isTokenScalar(_ s: Unicode.Scalar) -> Bool {
        (s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "." || s == "_"))
    }

    static func time(_ date: Date) -> JSONValue { .string(Timestamp.format(date)) }

    /// An object without the members whose value is nil or an empty array: OSCAL rejects empty arrays.
    static func object(_ members: [String: JSONValue?]) -> JSONValue {
        var kept: [String: JSONValue] = [:]
        for (key, value) in members {
            guard let value else { continue }
            if case .array(let items) = value, items.isEmpty { continue }
            kept[key] = value
        }
        return .object(kept)
    }

    /// OSCAL text fields must not be empty; a placeholder says so rather than failing validation.
    static func text(_ value: String, otherwise fallback: String) -> JSONValue {
        .string(value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? fallback : value)
    }
}
