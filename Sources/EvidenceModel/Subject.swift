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
    /// (no control characters, at most 1024 bytes), a known type prefix and a non-empty name. The
    /// reason never repeats the subject raw.
    public static func problem(with subject: String) -> String? {
        if let problem = UntrustedText.nameProblem(subject, called: "subject") { return problem }
        guard let colon = subject.firstIndex(of: ":"), type(of: subject) != nil else {
            let known = SubjectType.allCases.map { "\($0.rawValue):" }.joined(separator: ", ")
            return "subject '\(subject)' must start with one of \(known)"
        }
        if subject[subject.index(after: colon)...].isEmpty { return "subject '\(subject)' has an empty name" }
        return nil
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
