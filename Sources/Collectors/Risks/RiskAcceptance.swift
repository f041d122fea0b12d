import EvidenceModel
import Foundation

/// One entry of the risk register (DESIGN §6): a person accepts that a control fails for some
/// subjects until a date, possibly extended since.
extension RiskAcceptanceEvidence {
    static let fields = [
        "id", "control", "subjects", "reason", "owner", "approved_by", "accepted_at", "expires_at", "extensions",
    ]
    static let extensionFields = ["at", "expires_at", "by", "reason"]

    /// Reads and validates one register entry; failures name the entry's path (`[2].expires_at`).
    init(_ entry: YAMLEntry) throws(CollectionFailure) {
        try entry.rejectUnknownKeys(Self.fields)
        let id = try entry.requiredText("id")
        let control = try entry.requiredText("control")
        let subjects = try Self.subjects(of: entry)
        let reason = try entry.text("reason")
        let owner = try entry.text("owner")
        let approvedBy = try entry.text("approved_by")
        let acceptedAt = try entry.requiredDate("accepted_at")
        let expiresAt = try entry.requiredDate("expires_at")
        if expiresAt < acceptedAt {
            throw entry.failure(
                "expires_at",
                "expires (\(Timestamp.format(expiresAt))) before it was accepted (\(Timestamp.format(acceptedAt)))")
        }
        var extensions: [Extension] = []
        for (path, node) in try entry.list("extensions") ?? [] {
            let item = try YAMLEntry(node, path: path, in: entry.input)
            try item.rejectUnknownKeys(Self.extensionFields)
            let at = try item.requiredDate("at")
            let until = try item.requiredDate("expires_at")
            let granted = Extension(at: at, expiresAt: until, by: try item.text("by"), reason: try item.text("reason"))
            if let problem = FutureExtension.problem(
                acceptance: id, number: extensions.count + 1, at: at, expiresAt: until,
                observedAt: entry.input.observedAt, document: "register")
            {
                throw item.failure("at", problem)
            }
            extensions.append(granted)
        }
        self.init(
            id: id, control: control, subjects: subjects, reason: reason, owner: owner, approvedBy: approvedBy,
            acceptedAt: acceptedAt, expiresAt: expiresAt, extensions: extensions)
    }

    /// A non-empty list of valid subjects: an acceptance that covers nothing cannot be judged.
    private static func subjects(of entry: YAMLEntry) throws(CollectionFailure) -> [String] {
        guard entry.node("subjects") != nil else {
            throw entry.input.failure(at: entry.path, "missing required field 'subjects'")
        }
        let subjects = try entry.textList("subjects")
        if subjects.isEmpty { throw entry.failure("subjects", "must list at least one subject") }
        for (index, subject) in subjects.enumerated() {
            if let problem = Subject.problem(with: subject) {
                throw entry.input.failure(at: "\(entry.location(of: "subjects"))[\(index)]", problem)
            }
        }
        return subjects
    }
}
