import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct KeyAlgorithmPlatformTests {
    @Test(
        arguments: [
            ("RSA_2048", "RSA", 2048, "classical"), ("ECC_NIST_P384", "ECDSA", 384, "classical"),
            ("HMAC_256", "HMAC", 256, "post-quantum"), ("ML_DSA_87", "ML-DSA", nil, "post-quantum"),
        ] as [(String, String, Int?, String)])
    func awsKeySpecs(spec: String, algorithm: String, size: Int?, readiness: String) {
        let profile = KeyAlgorithm.awsKMS(spec)
        #expect(profile.family == algorithm)
        #expect(profile.keySize == size)
        #expect(profile.readiness?.rawValue == readiness)
    }

    @Test func gcpAndVaultNamesNormalizeAlike() {
        #expect(KeyAlgorithm.gcp("RSA_SIGN_PKCS1_4096_SHA512").keySize == 4096)
        #expect(KeyAlgorithm.gcp("EC_SIGN_SECP256K1_SHA256").curve == "secp256k1")
        #expect(KeyAlgorithm.gcp("ML_KEM_1024").parameterSet == "1024")
        #expect(KeyAlgorithm.gcp("PQ_SIGN_HASH_SLH_DSA_SHA2_128S_SHA256").family == "SLH-DSA")
        #expect(KeyAlgorithm.gcp("AES_128_GCM").readiness == .classical)
        #expect(KeyAlgorithm.vault(type: "rsa-3072", keySizeBytes: nil, parameterSet: nil, hybridPQC: nil, hybridEC: nil).keySize == 3072)
        #expect(KeyAlgorithm.awsACM("EC_secp384r1").curve == "P-384")
    }
}
