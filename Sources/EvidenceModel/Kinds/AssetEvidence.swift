import Foundation

/// The `asset` kind (DESIGN §6), the one model of its record's data: the asset inventory's collector
/// writes it (from YAML or CSV), the engine's scopes and scope gaps read it.
///
/// Written, a field left nil is left out of the data and `in_scope` is always there. Read back, a
/// text that is empty or only spaces counts as absent, and an absent `in_scope` as in scope:
/// exclusion has to be said.
public struct AssetEvidence: Sendable, Hashable {
    /// The subject its evidence is about (the record's subject): explicit, or derived from type and id.
    public let subject: String
    public let id: String
    public let type: String?
    public let owner: String?
    public let tags: [String]
    /// Whether controls' scopes should cover it; inventories list out-of-scope assets to say why.
    public let isInScope: Bool
    public let exclusionReason: String?
    public let exclusionApprovedBy: String?

    public init(
        subject: String, id: String, type: String?, owner: String?, tags: [String], isInScope: Bool, exclusionReason: String?,
        exclusionApprovedBy: String?
    ) {
        self.subject = subject
        self.id = id
        self.type = type
        self.owner = owner
        self.tags = tags
        self.isInScope = isInScope
        self.exclusionReason = exclusionReason
        self.exclusionApprovedBy = exclusionApprovedBy
    }

    /// The record's data (the subject is the record's own).
    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = [
            "id": .string(id),
            "tags": .array(tags.map(JSONValue.string)),
            "in_scope": .bool(isInScope),
        ]
        data["type"] = type.map(JSONValue.string)
        data["owner"] = owner.map(JSONValue.string)
        data["exclusion_reason"] = exclusionReason.map(JSONValue.string)
        data["exclusion_approved_by"] = exclusionApprovedBy.map(JSONValue.string)
        return data
    }

    /// Reads an `asset` record back; an id missing from its data is its subject.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.asset)
        let data = record.data
        func text(_ key: String) -> String? { KindField.text(data[key]) }
        subject = record.subject
        id = text("id") ?? record.subject
        type = text("type")
        owner = text("owner")
        tags = (data["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        isInScope = data["in_scope"]?.boolValue ?? true
        exclusionReason = text("exclusion_reason")
        exclusionApprovedBy = text("exclusion_approved_by")
    }
}
