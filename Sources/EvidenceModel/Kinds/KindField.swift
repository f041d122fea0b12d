import Foundation

/// How every kind reads its record's fields back: leniently, so that an entry a person or another
/// tool filled in badly is judged (stale, uncovered) rather than refused.
enum KindField {
    /// A text, or nil when absent, not a string, empty or only spaces.
    static func text(_ value: JSONValue?) -> String? {
        value?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
    }

    /// The name after a subject's type prefix (`RA-7` of `risk:RA-7`): a kind's id when its data lacks one.
    static func name(of subject: String) -> String {
        String(subject.drop { $0 != ":" }.dropFirst())
    }

    /// Refuses a record of another kind than the type reading it, naming both.
    static func require(_ record: EvidenceRecord, is kind: String) throws(EvidenceRecord.DecodingFailure) {
        try require(record, isOneOf: [kind])
    }

    /// Refuses a record of none of the kinds a type reading several reads, naming them.
    static func require(_ record: EvidenceRecord, isOneOf kinds: [String]) throws(EvidenceRecord.DecodingFailure) {
        guard kinds.contains(record.kind) else {
            let expected = kinds.map { "'\($0)'" }.joined(separator: " or ")
            throw .invalid(field: "kind", reason: "expected \(expected), found '\(record.kind)'")
        }
    }

    /// An RFC 3339 instant, or nil when absent or not one.
    static func date(_ value: JSONValue?) -> Date? {
        value?.stringValue.flatMap(Timestamp.parse)
    }

    /// A whole number, or nil when absent, not a number or not whole.
    static func integer(_ value: JSONValue?) -> Int? {
        value?.doubleValue.flatMap { Int(exactly: $0) }
    }
}
