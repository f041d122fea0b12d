import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct CredentialAgeCheckTests {
    let check = CredentialAgeCheck(maxAge: EvidenceDuration(days: 90))

    private func credential(
        slot: String = "access_key_1", active: Bool = true, createdDaysAgo: Double? = 30, type: String = "access_key",
        extra: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "platform": "aws-iam", "credential_type": .string(type), "principal": "arn:aws:iam::1:user/ci",
            "principal_name": "ci", "slot": .string(slot), "active": .bool(active), "siblings": [],
        ]
        data["created_at"] = createdDaysAgo.map { .string(Timestamp.format(Fixture.daysAgo($0))) }
        data.merge(extra) { _, new in new }
        return Fixture.record("credential", "credential:arn:aws:iam::1:user/ci#\(slot)", data)
    }

    private func verdict(_ record: EvidenceRecord) -> CheckVerdict { check.judge([record], at: Fixture.now) }

    @Test func youngActiveKeyPasses() {
        #expect(
            verdict(credential(extra: ["last_used_at": "2026-11-19T00:00:00Z"]))
                == .pass("access_key_1 of ci created 30.0 days ago ≤ max 90d; last used 2026-11-19"))
    }

    @Test func oldActiveKeyFailsAndNeverUsedIsSaid() {
        #expect(verdict(credential(createdDaysAgo: 412.5)) == .fail("access_key_1 of ci created 412.5 days ago > max 90d; never used"))
    }

    @Test func inactiveAndRevokedCredentialsDoNotCount() {
        #expect(verdict(credential(active: false, createdDaysAgo: 900)) == .notApplicable("access_key_1 of ci inactive"))
        let token = credential(slot: "deploy", active: false, type: "personal_access_token", extra: ["revoked": true])
        #expect(verdict(token) == .notApplicable("token 'deploy' of ci revoked"))
    }

    @Test func rolloverOverlapIsShownWithBothKeysJudgedSeparately() {
        let sibling: JSONValue = [
            "slot": "access_key_2", "active": true,
            "created_at": .string(Timestamp.format(Fixture.daysAgo(3))),
        ]
        let old = verdict(credential(createdDaysAgo: 100, extra: ["siblings": [sibling]]))
        #expect(
            old
                == .fail(
                    "access_key_1 of ci created 100.0 days ago > max 90d; never used; "
                        + "rollover overlap: access_key_2 also active (created 3.0 days ago), both active for 3.0 days"))
        let inactiveSibling: JSONValue = ["slot": "access_key_2", "active": false]
        #expect(!verdict(credential(extra: ["siblings": [inactiveSibling]])).reason.contains("overlap"))
    }

    @Test func activeCredentialWithoutCreationTimeIsAnError() {
        #expect(verdict(credential(createdDaysAgo: nil)).status == .error)
    }

    @Test func credentialEventsAreNotAged() {
        let event = Fixture.record(
            "credential.event", "credential:x",
            [
                "event_name": "CreateAccessKey",
                "event_time": "2026-11-01T00:00:00Z",
            ])
        #expect(verdict(event).status == .notApplicable)
    }
}
