import EvidenceModel
import Foundation

/// Reads GitLab `GET /api/v4/personal_access_tokens` listings (a JSON array of tokens, or several
/// pages one after another): one `credential` record per token, subject `credential:gitlab:<id>`.
///
/// Bearer tokens are judged by `created_at`: GitLab caps new tokens at a year, so a valid expiry
/// says nothing about age. A token is active when GitLab says `active` and it is not `revoked`.
/// Siblings are the same user's other tokens with the same name (a rotation keeps the name).
public struct GitLabTokensCollector: EvidenceCollector {
    public let name = "gitlab-tokens"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        var tokens: [(id: String, path: String, token: CredentialEvidence)] = []
        var pathOfID: [String: String] = [:]
        for document in try JSONDocuments.parse(input) {
            let pages = document.value.arrayValue != nil ? try document.elements() : [document]
            for node in pages {
                if let message = node.member("message")?.value.stringValue ?? node.member("error")?.value.stringValue {
                    throw node.failure("GitLab answered with an error instead of tokens: \(message)")
                }
                let (id, token) = try Self.token(node)
                if let earlier = pathOfID[id] { throw node.failure("duplicate token id \(id) (also at \(earlier))") }
                pathOfID[id] = node.path
                tokens.append((id, node.path, token))
            }
        }
        let source = input.source
        // Grouped once: filtering every token for each one is quadratic in tokens.
        let bySlot = Dictionary(grouping: tokens) { [$0.token.principal, $0.token.slot] }
        return tokens.map { entry in
            var token = entry.token
            token.siblings = (bySlot[[entry.token.principal, entry.token.slot]] ?? []).filter { $0.id != entry.id }.map(\.token.asSibling)
            return EvidenceRecord(
                kind: EvidenceKind.credential, subject: "credential:gitlab:\(entry.id)", observedAt: input.observedAt,
                collector: name, origin: .observed, source: source,
                data: token.data)
        }
    }

    private static func token(_ node: JSONNode) throws(CollectionFailure) -> (String, CredentialEvidence) {
        let idNode = try node.required("id")
        let id = String(try idNode.integer())
        let user = String(try node.required("user_id").integer())
        let isRevoked = try node.optionalBool("revoked") ?? false
        let isActive = try node.required("active").bool() && !isRevoked
        let token = CredentialEvidence(
            platform: "gitlab", type: "personal_access_token", principal: "gitlab:user:\(user)",
            principalName: "user \(user)", slot: try node.required("name").string(), isActive: isActive,
            createdAt: try node.required("created_at").timestamp(), lastUsedAt: try node.optionalTimestamp("last_used_at"),
            expiresAt: try node.optionalTimestamp("expires_at"), isRevoked: isRevoked, native: try node.object())
        return (id, token)
    }
}
