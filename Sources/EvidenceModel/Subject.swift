import Foundation

/// Typed subject strings (`host:web-01`, `key:arn:…`): what a record is about.
public enum SubjectType: String, Sendable, CaseIterable {
    case host, key, credential, domain, cert, risk, asset
    /// A register document: `register:<collector>/<file name>`.
    case register
    /// A document a person provides (a policy, a training record): `document:<id>`.
    case document
    /// A source of `vigil.yaml`, as its runs are logged: `source:<name>`.
    case source
}

public enum Subject {
    /// The type prefix of a subject, if it is one Vigil knows.
    public static func type(of subject: String) -> SubjectType? {
        guard let colon = subject.firstIndex(of: ":") else { return nil }
        return SubjectType(rawValue: String(subject[..<colon]))
    }

    /// Nil when valid, otherwise why not: a name as ``UntrustedText/nameProblem(_:called:)`` allows
    /// (no control characters, at most 1024 bytes), composed (``compositionProblem(with:)``), a known
    /// type prefix and a non-empty name. The reason never repeats the subject raw.
    public static func problem(with subject: String) -> String? {
        if let problem = UntrustedText.nameProblem(subject, called: "subject") { return problem }
        if let problem = compositionProblem(with: subject) { return problem }
        guard let colon = subject.firstIndex(of: ":"), type(of: subject) != nil else {
            let known = SubjectType.allCases.map { "\($0.rawValue):" }.joined(separator: ", ")
            return "subject '\(subject)' must start with one of \(known)"
        }
        if subject[subject.index(after: colon)...].isEmpty { return "subject '\(subject)' has an empty name" }
        return nil
    }

    /// Nil when `subject` is in Unicode Normalization Form C, otherwise why it must be. A subject's
    /// store path and log entries are its bytes, but Swift's `String` compares and hashes by
    /// canonical equivalence: `host:café` spelled with a decomposed "é" is another subject in the
    /// log yet the same key in every dictionary, so its records would hide the composed one's in a
    /// check. Only composed subjects are written or read, and no two of them are equivalent.
    public static func compositionProblem(with subject: String) -> String? {
        guard subject.utf8.contains(where: { $0 >= 0x80 }) else { return nil }  // ASCII is composed
        guard !subject.precomposedStringWithCanonicalMapping.utf8.elementsEqual(subject.utf8) else { return nil }
        return "subject '\(UntrustedText.escaped(subject))' is not in Unicode Normalization Form C: "
            + "write it composed (NFC), as an equivalent spelling would name the same subject"
    }
}

extension EvidenceRecord {
    /// Nil when every name the record carries can be stored, logged and shown: its subject (by
    /// ``Subject/problem(with:)``), and its kind, collector and source name free of control characters
    /// and no longer than a subject. The collect pipeline asks every record this before anything is written.
    public var nameProblem: String? {
        if let problem = Subject.problem(with: subject) { return problem }
        for (field, name) in [("kind", kind), ("collector", collector), ("source name", source.name)] {
            if let problem = UntrustedText.nameProblem(name, called: field) { return problem }
        }
        return nil
    }
}
