import Foundation

/// The `credential` kind, the one model of its record's data: one access key, signing certificate or
/// bearer token of one principal. `iam-credential-report` and `gitlab-tokens` write it;
/// `credential_age` reads it.
///
/// | field | type | meaning |
/// | --- | --- | --- |
/// | `platform` | string | `aws-iam` or `gitlab` |
/// | `credential_type` | string | `access_key`, `signing_certificate` or `personal_access_token` |
/// | `principal`, `principal_name` | string | the owner (IAM user ARN, GitLab `user:<id>`) and a short name |
/// | `slot` | string | which credential of the principal (`access_key_2`, or the token's name) |
/// | `active` | bool | usable now (IAM `*_active`; GitLab `active` and not `revoked`) |
/// | `created_at` | RFC 3339 | creation (IAM `*_last_rotated` is the key's creation time) |
/// | `last_used_at`, `expires_at` | RFC 3339? | when known |
/// | `revoked` | bool? | GitLab only |
/// | `siblings` | [object] | the principal's other credentials of the same type: `{slot, active, created_at}`, to show rollover overlap |
/// | `native` | object | the report row by column name, or the token object, as the platform wrote it |
///
/// Written, a field left nil is left out of the data. Read back, a field missing or of another type
/// reads as nil (`credential_age` then says what it could not judge); a `credential` record is never refused.
public struct CredentialEvidence: Sendable, Hashable {
    /// Another credential of the same principal and type, as far as rollover overlap needs it.
    public struct Sibling: Sendable, Hashable {
        public var slot: String?
        public var isActive: Bool?
        public var createdAt: Date?

        public init(slot: String?, isActive: Bool?, createdAt: Date?) {
            self.slot = slot
            self.isActive = isActive
            self.createdAt = createdAt
        }
    }

    public var platform: String?
    /// `credential_type`.
    public var type: String?
    public var principal: String?
    public var principalName: String?
    public var slot: String?
    public var isActive: Bool?
    public var createdAt: Date?
    public var lastUsedAt: Date?
    public var expiresAt: Date?
    public var isRevoked: Bool?
    public var siblings: [Sibling]
    public var native: [String: JSONValue]?

    /// A credential as a collector found it; its siblings are set once all of the principal's are known.
    public init(
        platform: String, type: String, principal: String, principalName: String, slot: String, isActive: Bool, createdAt: Date?,
        lastUsedAt: Date?, expiresAt: Date?, isRevoked: Bool?, native: [String: JSONValue]
    ) {
        self.platform = platform
        self.type = type
        self.principal = principal
        self.principalName = principalName
        self.slot = slot
        self.isActive = isActive
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.isRevoked = isRevoked
        self.siblings = []
        self.native = native
    }

    /// This credential as it is listed among its siblings' `siblings`.
    public var asSibling: Sibling { Sibling(slot: slot, isActive: isActive, createdAt: createdAt) }

    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = ["siblings": .array(siblings.map(\.data))]
        data["platform"] = platform.map(JSONValue.string)
        data["credential_type"] = type.map(JSONValue.string)
        data["principal"] = principal.map(JSONValue.string)
        data["principal_name"] = principalName.map(JSONValue.string)
        data["slot"] = slot.map(JSONValue.string)
        data["active"] = isActive.map(JSONValue.bool)
        data["native"] = native.map(JSONValue.object)
        data["created_at"] = createdAt.map { .string(Timestamp.format($0)) }
        data["last_used_at"] = lastUsedAt.map { .string(Timestamp.format($0)) }
        data["expires_at"] = expiresAt.map { .string(Timestamp.format($0)) }
        data["revoked"] = isRevoked.map(JSONValue.bool)
        return data
    }

    /// Reads a `credential` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.credential)
        let data = record.data
        platform = data["platform"]?.stringValue
        type = data["credential_type"]?.stringValue
        principal = data["principal"]?.stringValue
        principalName = data["principal_name"]?.stringValue
        slot = data["slot"]?.stringValue
        isActive = data["active"]?.boolValue
        createdAt = KindField.date(data["created_at"])
        lastUsedAt = KindField.date(data["last_used_at"])
        expiresAt = KindField.date(data["expires_at"])
        isRevoked = data["revoked"]?.boolValue
        siblings = (data["siblings"]?.arrayValue ?? []).map { item in
            Sibling(slot: item["slot"]?.stringValue, isActive: item["active"]?.boolValue, createdAt: KindField.date(item["created_at"]))
        }
        native = data["native"]?.objectValue
    }
}

extension CredentialEvidence.Sibling {
    var data: JSONValue {
        var object: [String: JSONValue] = [:]
        object["slot"] = slot.map(JSONValue.string)
        object["active"] = isActive.map(JSONValue.bool)
        object["created_at"] = createdAt.map { .string(Timestamp.format($0)) }
        return .object(object)
    }
}
