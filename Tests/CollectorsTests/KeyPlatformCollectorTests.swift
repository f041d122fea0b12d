import EvidenceModel
import Foundation
import Testing

@testable import Collectors

private func keys(_ collector: some EvidenceCollector, _ name: String, subject: String? = nil) throws -> [EvidenceRecord] {
    try CollectorHarness.records(collector, fixture: "keys/" + name, subject: subject)
}

struct VaultTransitCollectorTests {
    let collector = VaultTransitCollector()

    @Test func bothKeysMapShapesAndEveryKeyTypeAreRead() throws {
        let records = try keys(collector, "vault-transit-keys.json")
        #expect(
            records.map(\.subject) == [
                "key:vault:transit/orders", "key:vault:transit/api-signing",
                "key:vault:transit/pq-sign", "key:vault:transit/hybrid-sign",
            ])
        let orders = records[0]
        #expect(orders.data["current_material_created_at"] == "2026-11-01T00:00:00Z")  // unix seconds map
        #expect(orders.data["rotation_period_seconds"] == 5_184_000)
        let rsa = records[1]
        #expect(rsa.data["created_at"] == "2025-12-01T15:00:00.123Z")  // RFC3339Nano with an offset
        #expect(rsa.data["rotation_enabled"] == false)
        #expect(rsa.data["can_rotate"] == true)  // Vault rotates asymmetric keys
        #expect(records[2].data["algorithm"] == "ML-DSA")
        #expect(records[2].data["pq_readiness"] == "post-quantum")
        #expect(records[3].data["algorithm"] == "ML-DSA+ECDSA")
        #expect(records[3].data["pq_readiness"] == "hybrid")
        #expect(records[3].data["curve"] == "P-256")
    }

    @Test func subjectNamesTheMount() throws {
        let one = #"{"data": {"name": "k", "type": "aes256-gcm96", "latest_version": 1, "keys": {"1": 1767225600}}}"#
        let records = try CollectorHarness.records(collector, text: one, fileName: "k.json", subject: "key:vault:kv-prod/k")
        #expect(records.first?.subject == "key:vault:kv-prod/k")
        let failure = CollectorHarness.failure(collector, text: one, fileName: "k.json", subject: "host:x")
        #expect(failure?.location == "subject")
    }

    @Test func latestVersionMustBeAmongTheKeys() throws {
        let text = #"{"data": {"name": "k", "type": "aes256-gcm96", "latest_version": 2, "keys": {"1": 1767225600}}}"#
        let failure = CollectorHarness.failure(collector, text: text, fileName: "k.json")
        #expect(failure?.location == "$.data")
        #expect(failure?.reason.contains("latest_version 2") == true)
        let badTime = #"{"data": {"name": "k", "type": "rsa-2048", "latest_version": 1, "keys": {"1": {"creation_time": "soon"}}}}"#
        #expect(CollectorHarness.failure(collector, text: badTime, fileName: "k.json")?.location == "$.data.keys.1.creation_time")
    }
}

struct GCPKMSCollectorTests {
    let collector = GCPKMSCollector()

    @Test func keysListWithVersionsGivesOneRecordPerKey() throws {
        let records = try keys(collector, "gcloud-kms-keys.json")
        #expect(records.count == 5)
        let dek = try #require(records.first { $0.subject.hasSuffix("/orders-dek") })
        #expect(dek.data["rotation_period_seconds"] == 7_776_000)
        #expect(dek.data["current_material_created_at"] == "2026-10-01T10:00:00.512Z")
        #expect(dek.data["next_rotation_at"] == "2026-12-30T10:00:00Z")
        let signing = try #require(records.first { $0.subject.hasSuffix("/docs-signing") })
        #expect(signing.data["algorithm"] == "ML-DSA")
        #expect(signing.data["can_rotate"] == false)
        #expect(signing.data["current_material_created_at"] == "2026-11-01T00:00:00Z")  // newest ENABLED version
        #expect(signing.data["native"]?["versions"]?.arrayValue?.count == 2)
        let kem = try #require(records.first { $0.subject.hasSuffix("/session-kem") })
        #expect(kem.data["algorithm"] == "X-Wing")
        #expect(kem.data["pq_readiness"] == "hybrid")
        let archive = try #require(records.first { $0.subject.hasSuffix("/archive-dek") })
        #expect(archive.data["rotation_enabled"] == false)
    }

    @Test func badDurationsAndNamesAreRejected() throws {
        let text =
            #"{"name": "projects/p/locations/l/keyRings/r/cryptoKeys/k", "purpose": "ENCRYPT_DECRYPT", "createTime": "2026-01-01T00:00:00Z", "rotationPeriod": "90 days", "versionTemplate": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION"}}"#
        let failure = CollectorHarness.failure(collector, text: text, fileName: "k.json")
        #expect(failure?.location == "$.rotationPeriod")
        let notAKey = CollectorHarness.failure(collector, text: #"[{"name": "projects/p"}]"#, fileName: "k.json")
        #expect(notAKey?.location == "$[0].name")
    }
}

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

struct ACMCertificateCollectorTests {
    let collector = ACMCertificateCollector()

    @Test func certificatesCarryTheCommonAlgorithmFields() throws {
        let records = try keys(collector, "acm-certificates.json")
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.kind == "certificate" && $0.subject.hasPrefix("cert:acm:arn:aws:acm:") })
        #expect(records[0].data["curve"] == "P-256")
        #expect(records[0].data["in_use"] == true)
        #expect(records[1].data["key_size"] == 1024)
        #expect(records[1].data["in_use"] == false)
        #expect(records[1].data["not_after"] == "2027-06-01T00:00:00Z")
    }

    @Test func certificateWithoutAlgorithmIsRejected() throws {
        let failure = CollectorHarness.failure(collector, text: #"{"Certificate": {"CertificateArn": "arn:aws:acm:x"}}"#, fileName: "c.json")
        #expect(failure == CollectionFailure(file: "c.json", location: "$.Certificate", reason: "missing required field 'KeyAlgorithm'"))
    }
}

struct AlgorithmProfileTests {
    @Test(
        arguments: [
            ("RSA_2048", "RSA", 2048, "classical"), ("ECC_NIST_P384", "ECDSA", 384, "classical"),
            ("HMAC_256", "HMAC", 256, "post-quantum"), ("ML_DSA_87", "ML-DSA", nil, "post-quantum"),
        ] as [(String, String, Int?, String)])
    func awsKeySpecs(spec: String, algorithm: String, size: Int?, readiness: String) {
        let profile = AlgorithmProfile.awsKMS(spec)
        #expect(profile.algorithm == algorithm)
        #expect(profile.keySize == size)
        #expect(profile.readiness.rawValue == readiness)
    }

    @Test func gcpAndVaultNamesNormalizeAlike() {
        #expect(AlgorithmProfile.gcp("RSA_SIGN_PKCS1_4096_SHA512").keySize == 4096)
        #expect(AlgorithmProfile.gcp("EC_SIGN_SECP256K1_SHA256").curve == "secp256k1")
        #expect(AlgorithmProfile.gcp("ML_KEM_1024").parameterSet == "1024")
        #expect(AlgorithmProfile.gcp("PQ_SIGN_HASH_SLH_DSA_SHA2_128S_SHA256").algorithm == "SLH-DSA")
        #expect(AlgorithmProfile.gcp("AES_128_GCM").readiness == .classical)
        #expect(AlgorithmProfile.vault(type: "rsa-3072", keySizeBytes: nil, parameterSet: nil, hybridPQC: nil, hybridEC: nil).keySize == 3072)
        #expect(AlgorithmProfile.awsACM("EC_secp384r1").curve == "P-384")
    }
}
