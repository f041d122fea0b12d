import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `credential` written and read through one model: both writers' records read back to exactly the
/// data they wrote (so their ids are unchanged), and the fields `credential_age` reads are typed.
struct CollectedCredentialEvidenceTests {
    @Test(
        arguments: [
            "credential-report.csv", "cloudmapper-credential-report.csv", "cloudmapper-iam-get-credential-report.json",
            "get-credential-report.json",
        ])
    func anIAMCredentialReadsBackToTheDataItWrote(fixture: String) throws {
        let records = try keys(CredentialReportCollector(), fixture)
        #expect(!records.isEmpty)
        for record in records {
            let credential = try CredentialEvidence(record: record)
            #expect(credential.data == record.data, "\(record.subject)")
            #expect(credential.platform == "aws-iam" && credential.isActive != nil && credential.native != nil)
            #expect(record.subject == "credential:\(credential.principal ?? "")#\(credential.slot ?? "")")
        }
        let siblings = try records.map { try CredentialEvidence(record: $0).siblings }
        #expect(siblings.contains { !$0.isEmpty }, "a user with two keys lists the other as a sibling")
    }

    @Test func aGitLabTokenReadsBackToTheDataItWrote() throws {
        let records = try keys(GitLabTokensCollector(), "gitlab-personal-access-tokens.json")
        #expect(!records.isEmpty)
        for record in records {
            let token = try CredentialEvidence(record: record)
            #expect(token.data == record.data, "\(record.subject)")
            #expect(token.platform == "gitlab" && token.type == "personal_access_token" && token.isRevoked != nil)
        }
    }

    @Test func aKeyIsNoCredential() throws {
        let record = try #require(try keys(VaultTransitCollector(), "vault-transit-keys.json").first)
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'credential', found 'key'")) {
            try CredentialEvidence(record: record)
        }
    }
}
