import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `key` written and read through one model: every key collector's records read back to exactly the
/// data they wrote (so their ids are unchanged), and the fields the key checks read are typed.
struct CollectedKeyEvidenceTests {
    @Test(
        arguments: [
            ("aws-kms", "kms-inventory.json"), ("aws-kms", "kms-describe-status-rotations.json"), ("aws-kms", "kms-unknown-status.json"),
            ("vault-transit", "vault-transit-keys.json"), ("gcp-kms", "gcloud-kms-keys.json"),
        ])
    func aCollectedKeyReadsBackToTheDataItWrote(platform: String, fixture: String) throws {
        let collector: any EvidenceCollector =
            switch platform {
            case "aws-kms": AWSKMSCollector()
            case "vault-transit": VaultTransitCollector()
            default: GCPKMSCollector()
            }
        let records = try keys(collector, fixture)
        #expect(!records.isEmpty)
        for record in records {
            let key = try KeyEvidence(record: record)
            #expect(key.data == record.data, "\(record.subject)")
            #expect(key.platform == platform && key.algorithm != nil && key.currentMaterialCreatedAt != nil)
            #expect(key.material.last?.createdAt == key.material.compactMap(\.createdAt).max(), "material is oldest first")
        }
    }

    @Test func aKeyMergedFromSeveralFilesReadsBackWithTheFilesItNames() throws {
        let files = [
            ("k1-describe.json", AWSKMSMergeTests.describe), ("k1-status.json", AWSKMSMergeTests.status),
            ("k1-rotations.json", AWSKMSMergeTests.rotations),
        ]
        let outcomes = AWSKMSCollector().records(merging: files.map { CollectorHarness.input(Data($0.1.utf8), fileName: $0.0) })
        guard case .success(let records) = outcomes[0], let record = records.first else {
            Issue.record("the describe-key file holds no record")
            return
        }
        let key = try KeyEvidence(record: record)
        #expect(key.mergedFrom.map(\.name) == ["k1-status.json", "k1-rotations.json"])
        #expect(key.data == record.data)
        #expect(key.currentMaterialOrigin == "AUTOMATIC")
    }

    @Test func aCertificateIsNoKey() throws {
        let record = try #require(try keys(ACMCertificateCollector(), "acm-certificates.json").first)
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'key', found 'certificate'")) {
            try KeyEvidence(record: record)
        }
        #expect(KeyAlgorithm(data: record.data) != nil, "a certificate carries the key's algorithm fields")
    }
}
