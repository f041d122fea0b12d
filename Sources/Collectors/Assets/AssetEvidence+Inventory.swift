import EvidenceModel

/// An asset as a reader found it, with the places to name in a duplicate-id failure.
struct LocatedAsset: Sendable {
    let asset: AssetEvidence
    /// The entry (`[3]`, `line 4`) and its id field (`[3].id`, `line 4, column id`).
    let entryLocation: String
    let idLocation: String
}

extension AssetEvidence {
    /// The field names, the same in YAML keys and CSV header cells.
    static let fields = [
        "id", "type", "owner", "tags", "in_scope", "exclusion_reason", "exclusion_approved_by", "subject",
    ]
    static let requiredFields = ["id", "type"]

    /// Asset types that are themselves a subject type: their evidence is about `<type>:<id>`.
    static let typesNamingTheirSubject: Set<SubjectType> = [.host, .key, .credential, .domain, .cert]

    /// Why a subject could not be chosen, and which field is to blame.
    struct SubjectProblem: Error {
        let field: String
        let reason: String
    }

    /// The explicit subject if given, else `<type>:<id>` for host/key/credential/domain/cert, else `asset:<id>`.
    ///
    /// An id that already carries its subject type's prefix (`host:ws-fin-014` of type `host`) is used
    /// as it is; one carrying another subject type's prefix (`key:abc` of type `host`) is rejected,
    /// since no subject could be right for both.
    static func subject(id: String, type: String, explicit: String?) throws(SubjectProblem) -> String {
        let subjectType =
            SubjectType(rawValue: type).flatMap { typesNamingTheirSubject.contains($0) ? $0 : nil }
            ?? .asset
        let carried = Subject.type(of: id)
        if let carried, carried != subjectType {
            let reason =
                "id '\(id)' carries the prefix '\(carried.rawValue):' but type '\(type)' makes its subject "
                + "\(subjectType.rawValue):… (drop the prefix or fix the type)"
            throw SubjectProblem(field: "id", reason: reason)
        }
        if let explicit {
            if let problem = Subject.problem(with: explicit) { throw SubjectProblem(field: "subject", reason: problem) }
            return explicit
        }
        let derived = carried == nil ? subjectType.rawValue + ":" + id : id
        if let problem = Subject.problem(with: derived) { throw SubjectProblem(field: "id", reason: problem) }
        return derived
    }
}
