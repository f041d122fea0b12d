/// Typed subject strings (`host:web-01`, `key:arn:…`): what a record is about.
public enum SubjectType: String, Sendable, CaseIterable {
    case host, key, credential, domain, cert, risk, asset
    /// A register document: `register:<collector>/<file name>`.
    case register
}

public enum Subject {
    /// The type prefix of a subject, if it is one Vigil knows.
    public static func type(of subject: String) -> SubjectType? {
        guard let colon = subject.firstIndex(of: ":") else { return nil }
        return SubjectType(rawValue: String(subject[..<colon]))
    }

    /// Nil when valid, otherwise why not: a known type prefix, a non-empty name, no control characters.
    public static func problem(with subject: String) -> String? {
        guard let colon = subject.firstIndex(of: ":"), type(of: subject) != nil else {
            let known = SubjectType.allCases.map { "\($0.rawValue):" }.joined(separator: ", ")
            return "subject '\(subject)' must start with one of \(known)"
        }
        if subject[subject.index(after: colon)...].isEmpty { return "subject '\(subject)' has an empty name" }
        if subject.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "subject contains control characters"
        }
        return nil
    }
}
