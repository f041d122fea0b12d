import EvidenceModel
import Foundation
import Testing

/// `key` written and read through one model: a field renamed on one side breaks this test.
struct KeyEvidenceTests {
    private static func record(_ data: [String: JSONValue], kind: String = "key") -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "key:arn:aws:kms:eu-west-1:1:key/k1", observedAt: Date(timeIntervalSince1970: 1_800_000_000),
            collector: "aws-kms", origin: .observed, source: EvidenceSource(name: "k.json", sha256: String(repeating: "0", count: 64)),
            data: data)
    }

    private static func date(_ text: String) throws -> Date { try #require(Timestamp.parse(text)) }

    private static func key() throws -> KeyEvidence {
        var key = KeyEvidence(
            platform: "aws-kms", keyID: "k1", name: "orders",
            algorithm: KeyAlgorithm(spec: "SYMMETRIC_DEFAULT", family: "AES", keySize: 256, keyClass: "symmetric"),
            usage: "ENCRYPT_DECRYPT", isEnabled: true, state: "Enabled", createdAt: try date("2025-01-01T00:00:00Z"),
            material: [
                .init(id: "m2", createdAt: try date("2026-10-01T08:00:00Z"), origin: "AUTOMATIC", state: nil),
                .init(id: "m1", createdAt: try date("2025-01-01T00:00:00Z"), origin: "creation", state: "ENABLED"),
            ],
            isHistoryComplete: true, native: ["KeyMetadata": ["KeyId": "k1"]])
        key.isRotationEnabled = true
        key.rotationPeriodSeconds = 90 * 86_400
        key.mergedFrom = [EvidenceSource(name: "k1-status.json", sha256: String(repeating: "1", count: 64))]
        return key
    }

    @Test func aKeyReadsBackAsItWasWritten() throws {
        let key = try Self.key()
        #expect(key.material.map(\.id) == ["m1", "m2"], "material is kept oldest first")
        #expect(key.currentMaterialCreatedAt == (try Self.date("2026-10-01T08:00:00Z")))
        #expect(key.data["can_rotate"] == true && key.data["rotation_history"] == "complete" && key.data["pq_readiness"] == "post-quantum")
        let read = try KeyEvidence(record: Self.record(key.data))
        #expect(read == key)
        #expect(read.data == key.data)
        #expect(read.currentMaterialOrigin == "AUTOMATIC")
    }

    @Test func aKeyThePlatformCannotRotateSaysWhy() throws {
        let key = KeyEvidence(
            platform: "gcp-kms", keyID: "projects/p/cryptoKeys/sign", name: "sign",
            algorithm: KeyAlgorithm(spec: "RSA_SIGN_PSS_2048_SHA256", family: "RSA", keySize: 2048, keyClass: "asymmetric"), usage: "ASYMMETRIC_SIGN",
            isEnabled: true, state: "ENABLED", createdAt: try Self.date("2025-01-01T00:00:00Z"), cannotRotateReason: "asymmetric",
            material: [], isHistoryComplete: false, native: [:])
        #expect(key.currentMaterialCreatedAt == key.createdAt, "without material, the creation is the current material's date")
        #expect(key.data["can_rotate"] == false && key.data["rotation_history"] == "creation-only" && key.data["merged_from"] == nil)
        #expect(try KeyEvidence(record: Self.record(key.data)) == key)
    }

    /// A key record is never refused: what it lacks, or holds of another type, reads as nil for the checks to name.
    @Test func aHalfFilledKeyIsReadNotRefused() throws {
        let key = try KeyEvidence(
            record: Self.record(["name": "x", "current_material_created_at": "yesterday", "enabled": "yes", "key_spec": "RSA_2048"]))
        #expect(key.name == "x" && key.currentMaterialCreatedAt == nil && key.isEnabled == nil)
        #expect(key.algorithm == nil, "no algorithm without both algorithm and key_spec")
        #expect(key.platform == nil && key.canRotate == nil && key.isHistoryComplete == nil && key.material.isEmpty)
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() throws {
        let data = try Self.key().data
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'key', found 'key.event'")) {
            try KeyEvidence(record: Self.record(data, kind: "key.event"))
        }
    }

    @Test func anAlgorithmReadsBackAsWrittenAndItsReadinessFollowsFamilyAndSize() throws {
        let hybrid = KeyAlgorithm(spec: "hybrid", family: "ML-DSA+ECDSA", keySize: 256, curve: "P-256", parameterSet: "65", keyClass: "asymmetric")
        #expect(hybrid.readiness == .hybrid)
        #expect(KeyAlgorithm(data: hybrid.data) == hybrid)
        #expect(KeyAlgorithm(spec: "aes128-gcm96", family: "AES", keySize: 128, keyClass: "symmetric").readiness == .classical)
        #expect(KeyAlgorithm(spec: "aes256-gcm96", family: "AES", keySize: 256, keyClass: "symmetric").readiness == .postQuantum)
        #expect(KeyAlgorithm(data: ["algorithm": "RSA"]) == nil)
        let odd = try #require(KeyAlgorithm(data: ["algorithm": "RSA", "key_spec": "RSA_2048", "key_size": 1e300, "pq_readiness": "maybe"]))
        #expect(odd.keySize == nil && odd.readiness == nil, "a size no Int holds and an unknown readiness read as unknown")
    }
}
