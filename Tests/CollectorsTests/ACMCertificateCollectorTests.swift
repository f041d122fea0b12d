import EvidenceModel
import Foundation
import Testing

@testable import Collectors

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
