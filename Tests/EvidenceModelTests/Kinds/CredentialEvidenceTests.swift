import EvidenceModel
import Foundation
import Testing

/// `credential` written and read through one model: a field renamed on one side breaks this test.
struct CredentialEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "credential") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "credential:arn:aws:iam::1:user/ci#access_key_1", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "iam-credential-report", origin: .observed,
            source: EvidenceSource(name: "report.csv", sha256: String(repeating: "0", count: 64)), data: data)
    }

    private static func date(_ text: String) throws -> Date { try #require(Timestamp.parse(text)) }

    private static func key(_ slot: String, created: String?) throws -> CredentialEvidence {
        CredentialEvidence(
            platform: "aws-iam", type: "access_key", principal: "arn:aws:iam::1:user/ci", principalName: "ci", slot: slot, isActive: true,
            createdAt: try created.map(Self.date), lastUsedAt: nil, expiresAt: nil, isRevoked: nil, native: ["user": "ci"])
    }

    @Test func aCredentialReadsBackAsItWasWritten() throws {
        var first = try Self.key("access_key_1", created: "2026-01-01T00:00:00Z")
        first.lastUsedAt = try Self.date("2026-11-19T00:00:00Z")
        first.siblings = [try Self.key("access_key_2", created: nil).asSibling]
        #expect(first.data["siblings"] == [["slot": "access_key_2", "active": true]])
        #expect(first.data["credential_type"] == "access_key" && first.data["revoked"] == nil && first.data["expires_at"] == nil)
        let read = try CredentialEvidence(record: Self.record(first.data))
        #expect(read == first)
        #expect(read.data == first.data)
    }

    /// A credential record is never refused: what it lacks, or holds of another type, reads as nil for the check to name.
    @Test func aHalfFilledCredentialIsReadNotRefused() throws {
        let credential = try CredentialEvidence(record: Self.record(["slot": "deploy", "active": "yes", "created_at": "last year"]))
        #expect(credential.slot == "deploy" && credential.isActive == nil && credential.createdAt == nil)
        #expect(credential.principal == nil && credential.siblings.isEmpty && credential.native == nil)
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() throws {
        let data = try Self.key("access_key_1", created: nil).data
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'credential', found 'credential.event'")) {
            try CredentialEvidence(record: Self.record(data, kind: "credential.event"))
        }
    }
}
