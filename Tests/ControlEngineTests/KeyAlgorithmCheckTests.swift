import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct KeyAlgorithmCheckTests {
    private func key(
        _ algorithm: String, spec: String, size: Int? = nil, readiness: String = "classical",
        extra: [String: JSONValue] = [:]
    ) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "algorithm": .string(algorithm), "key_spec": .string(spec),
            "pq_readiness": .string(readiness),
        ]
        data["key_size"] = size.map { .number(Double($0)) }
        data.merge(extra) { _, new in new }
        return Fixture.record("key", "key:k", data)
    }

    @Test func smallRSAFailsAndNamesTheNumbers() {
        let check = KeyAlgorithmCheck(minimumRSABits: 3072)
        #expect(
            check.judge([key("RSA", spec: "RSA_2048", size: 2048)], at: Fixture.now)
                == .fail("RSA 2048 (RSA_2048): 2048 bits < min 3072; post-quantum readiness: classical"))
        #expect(
            check.judge([key("RSA", spec: "RSA_4096", size: 4096)], at: Fixture.now)
                == .pass("RSA 4096 (RSA_4096) ≥ min 3072 bits; post-quantum readiness: classical"))
    }

    @Test func forbiddenMatchesSpecOrFamilyIgnoringCase() {
        let check = KeyAlgorithmCheck(forbidden: ["ecc_secg_p256k1", "SM2"])
        let secp = key("ECDSA", spec: "ECC_SECG_P256K1", size: 256, extra: ["curve": "secp256k1"])
        #expect(
            check.judge([secp], at: Fixture.now).reason == "ECDSA secp256k1 (ECC_SECG_P256K1): ecc_secg_p256k1 is forbidden; post-quantum readiness: classical")
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
