import EvidenceModel
import Foundation
import Testing

@testable import Collectors

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
