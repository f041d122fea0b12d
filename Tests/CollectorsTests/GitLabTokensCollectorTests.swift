import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct GitLabTokensCollectorTests {
    let collector = GitLabTokensCollector()

    @Test func tokensAreCredentialsWithRevokedOnesInactive() throws {
        let records = try keys(collector, "gitlab-personal-access-tokens.json")
        #expect(
            records.map(\.subject) == [
                "credential:gitlab:4", "credential:gitlab:9", "credential:gitlab:2",
                "credential:gitlab:11",
            ])
        #expect(records[2].data["active"] == false)
        #expect(records[2].data["revoked"] == true)
        #expect(records[1].data["created_at"] == "2026-11-25T08:00:00Z")  // +01:00 offset
        #expect(records[1].data["last_used_at"] == nil)
        #expect(records[0].data["expires_at"] == "2026-11-30T00:00:00Z")  // a date: midnight UTC
        #expect(records[0].data["siblings"]?.arrayValue?.first?["slot"] == "ci-deploy")
    }

    @Test func errorAnswersAndDuplicatesAreRejected() throws {
        let error = CollectorHarness.failure(collector, text: #"{"message": "401 Unauthorized"}"#, fileName: "t.json")
        #expect(error?.reason.contains("401 Unauthorized") == true)
        let token = #"{"id": 1, "name": "a", "user_id": 2, "active": true, "created_at": "2026-01-01T00:00:00Z"}"#
        let duplicate = CollectorHarness.failure(collector, text: "[\(token), \(token)]", fileName: "t.json")
        #expect(duplicate?.location == "$[1]")
    }
}
