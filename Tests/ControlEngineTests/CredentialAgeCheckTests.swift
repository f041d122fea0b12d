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
        #expect(verdict(credential(extra: ["last_used_at": "2026-11-19T00:00:00Z"]))
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
        let sibling: JSONValue = ["slot": "access_key_2", "active": true,
                                  "created_at": .string(Timestamp.format(Fixture.daysAgo(3)))]
        let old = verdict(credential(createdDaysAgo: 100, extra: ["siblings": [sibling]]))
        #expect(old == .fail("access_key_1 of ci created 100.0 days ago > max 90d; never used; "
            + "rollover overlap: access_key_2 also active (created 3.0 days ago), both active for 3.0 days"))
        let inactiveSibling: JSONValue = ["slot": "access_key_2", "active": false]
        #expect(!verdict(credential(extra: ["siblings": [inactiveSibling]])).reason.contains("overlap"))
    }

    @Test func activeCredentialWithoutCreationTimeIsAnError() {
        #expect(verdict(credential(createdDaysAgo: nil)).status == .error)
    }

    @Test func credentialEventsAreNotAged() {
        let event = Fixture.record("credential.event", "credential:x", ["event_name": "CreateAccessKey",
                                                                        "event_time": "2026-11-01T00:00:00Z"])
        #expect(verdict(event).status == .notApplicable)
    }
}

struct KeyAlgorithmCheckTests {
    private func key(_ algorithm: String, spec: String, size: Int? = nil, readiness: String = "classical",
                     extra: [String: JSONValue] = [:]) -> EvidenceRecord {
        var data: [String: JSONValue] = ["algorithm": .string(algorithm), "key_spec": .string(spec),
                                         "pq_readiness": .string(readiness)]
        data["key_size"] = size.map { .number(Double($0)) }
        data.merge(extra) { _, new in new }
        return Fixture.record("key", "key:k", data)
    }

    @Test func smallRSAFailsAndNamesTheNumbers() {
        let check = KeyAlgorithmCheck(minimumRSABits: 3072)
        #expect(check.judge([key("RSA", spec: "RSA_2048", size: 2048)], at: Fixture.now)
            == .fail("RSA 2048 (RSA_2048): 2048 bits < min 3072; post-quantum readiness: classical"))
        #expect(check.judge([key("RSA", spec: "RSA_4096", size: 4096)], at: Fixture.now)
            == .pass("RSA 4096 (RSA_4096) ≥ min 3072 bits; post-quantum readiness: classical"))
    }

    @Test func forbiddenMatchesSpecOrFamilyIgnoringCase() {
        let check = KeyAlgorithmCheck(forbidden: ["ecc_secg_p256k1", "SM2"])
        let secp = key("ECDSA", spec: "ECC_SECG_P256K1", size: 256, extra: ["curve": "secp256k1"])
        #expect(check.judge([secp], at: Fixture.now).reason == "ECDSA secp256k1 (ECC_SECG_P256K1): ecc_secg_p256k1 is forbidden; post-quantum readiness: classical")
        #expect(check.judge([key("SM2", spec: "SM2")], at: Fixture.now).status == .fail)
    }

    @Test func readinessIsReportedForEveryKey() {
        let check = KeyAlgorithmCheck()
        let pq = key("ML-DSA", spec: "PQ_SIGN_ML_DSA_65", readiness: "post-quantum", extra: ["parameter_set": "65"])
        #expect(check.judge([pq], at: Fixture.now) == .pass("ML-DSA-65 (PQ_SIGN_ML_DSA_65); post-quantum readiness: post-quantum"))
        let hybrid = key("X-Wing", spec: "KEM_XWING", readiness: "hybrid", extra: ["curve": "X25519"])
        #expect(check.judge([hybrid], at: Fixture.now).reason.hasSuffix("post-quantum readiness: hybrid"))
    }

    @Test func recordsWithoutAlgorithmFieldsAreErrors() {
        #expect(KeyAlgorithmCheck().judge([Fixture.record("key", "key:k", [:])], at: Fixture.now).status == .error)
    }

    @Test func parametersAreValidated() {
        var parameters = CheckParameters(["type": "key_algorithm", "min_rsa_bits": "big", "forbidden": "RSA_1024"])
        #expect(KeyAlgorithmCheck(parameters: &parameters) == nil)
        #expect(parameters.problems.map(\.field) == ["check.min_rsa_bits", "check.forbidden"])
        var good = CheckParameters(["type": "key_algorithm", "min_rsa_bits": 3072, "forbidden": ["RSA_1024"]])
        #expect(KeyAlgorithmCheck(parameters: &good)?.minimumRSABits == 3072)
    }
}
