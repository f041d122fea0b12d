import EvidenceModel
import Foundation

/// The data of every `credential` record (access keys, signing certificates, bearer tokens).
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
struct CredentialRecord {
    var platform: String
    var type: String
    var principal: String
    var principalName: String
    var slot: String
    var isActive: Bool
    var createdAt: Date?
    var lastUsedAt: Date?
    var expiresAt: Date?
    var isRevoked: Bool?
    var native: [String: JSONValue]

    var sibling: JSONValue {
        var object: [String: JSONValue] = ["slot": .string(slot), "active": .bool(isActive)]
        object["created_at"] = createdAt.map { .string(Timestamp.format($0)) }
        return .object(object)
    }

    func data(siblings: [CredentialRecord]) -> [String: JSONValue] {
        var data: [String: JSONValue] = [
            "platform": .string(platform), "credential_type": .string(type), "principal": .string(principal),
            "principal_name": .string(principalName), "slot": .string(slot), "active": .bool(isActive),
            "siblings": .array(siblings.map(\.sibling)), "native": .object(native),
        ]
        data["created_at"] = createdAt.map { .string(Timestamp.format($0)) }
        data["last_used_at"] = lastUsedAt.map { .string(Timestamp.format($0)) }
        data["expires_at"] = expiresAt.map { .string(Timestamp.format($0)) }
        data["revoked"] = isRevoked.map(JSONValue.bool)
        return data
    }
}
