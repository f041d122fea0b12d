import EvidenceModel
import Foundation

/// One entry of the risk register (DESIGN §6): a person accepts that a control fails for some
/// subjects until a date, possibly extended since.
struct RiskAcceptance: Sendable, Hashable {
    struct Extension: Sendable, Hashable {
        let at: Date
        let expiresAt: Date
        let by: String?
        let reason: String?
    }

    let id: String
    let control: String
    let subjects: [String]
    let reason: String?
    let owner: String?
    let approvedBy: String?
    let acceptedAt: Date
    let expiresAt: Date
    let extensions: [Extension]
}

extension RiskAcceptance {
    static let fields = [
        "id", "control", "subjects", "reason", "owner", "approved_by", "accepted_at", "expires_at", "extensions",
    ]
    static let extensionFields = ["at", "expires_at", "by", "reason"]

    /// Reads and validates one register entry; failures name the entry's path (`[2].expires_at`).
    init(_ entry: YAMLEntry) throws(CollectionFailure) {
        try entry.rejectUnknownKeys(Self.fields)
        id = try entry.requiredText("id")
        control = try entry.requiredText("control")
        subjects = try Self.subjects(of: entry)
        reason = try entry.text("reason")
        owner = try entry.text("owner")
        approvedBy = try entry.text("approved_by")
        acceptedAt = try entry.requiredDate("accepted_at")
        expiresAt = try entry.requiredDate("expires_at")
        if expiresAt < acceptedAt {
            throw entry.failure(
                "expires_at",
                "expires (\(Timestamp.format(expiresAt))) before it was accepted (\(Timestamp.format(acceptedAt)))")
        }
        var extensions: [Extension] = []
        for (path, node) in try entry.list("extensions") ?? [] {
            let item = try YAMLEntry(node, path: path, in: entry.input)
            try item.rejectUnknownKeys(Self.extensionFields)
            let granted = Extension(
                at: try item.requiredDate("at"), expiresAt: try item.requiredDate("expires_at"),
                by: try item.text("by"), reason: try item.text("reason"))
            if let problem = FutureExtension.problem(
                acceptance: id, number: extensions.count + 1, at: granted.at, expiresAt: granted.expiresAt,
                observedAt: entry.input.observedAt, document: "register")
            {
                throw item.failure("at", problem)
            }
            extensions.append(granted)
        }
        self.extensions = extensions
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

    /// The record's data: exactly the keys the control engine reads; optional texts are left out when absent.
    var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "id": .string(id),
            "control": .string(control),
            "subjects": .array(subjects.map(JSONValue.string)),
            "accepted_at": .string(Timestamp.format(acceptedAt)),
            "expires_at": .string(Timestamp.format(expiresAt)),
            "extensions": .array(extensions.map { .object($0.data) }),
        ]
        data["reason"] = reason.map(JSONValue.string)
        data["owner"] = owner.map(JSONValue.string)
        data["approved_by"] = approvedBy.map(JSONValue.string)
        return data
    }
}

extension RiskAcceptance.Extension {
    var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "at": .string(Timestamp.format(at)),
            "expires_at": .string(Timestamp.format(expiresAt)),
        ]
        data["by"] = by.map(JSONValue.string)
        data["reason"] = reason.map(JSONValue.string)
        return data
    }
}
