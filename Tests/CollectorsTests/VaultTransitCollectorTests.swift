import EvidenceModel
import Foundation
import Testing

@testable import Collectors

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
