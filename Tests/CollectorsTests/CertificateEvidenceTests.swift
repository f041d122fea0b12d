import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `certificate` written and read through one model: both writers' records read back to exactly
/// the data they wrote, and the fields the Web PKI checks read are typed.
struct CertificateEvidenceTests {
    @Test(arguments: ["fullchain.pem", "google-leaf-2023.pem", "precertificate.pem", "rfc9773-leaf.pem", "ed25519-no-scts.pem"])
    func anX509RecordReadsBackToTheDataItWrote(fixture: String) throws {
        for record in try CollectorHarness.records(X509CertificateCollector(), fixture: "webpki/" + fixture) {
            let certificate = try CertificateEvidence(record: record)
            #expect(certificate.data == record.data, "\(fixture)")
            #expect(certificate.platform == "x509" && certificate.serial != nil && certificate.notAfter != nil)
            #expect(certificate.scts != nil, "x509 reads SCTs, none or some")
        }
    }

    @Test func anACMRecordReadsBackToTheDataItWrote() throws {
        let records = try keys(ACMCertificateCollector(), "acm-certificates.json")
        for record in records {
            let certificate = try CertificateEvidence(record: record)
            #expect(certificate.data == record.data)
            #expect(certificate.platform == "aws-acm" && certificate.names == nil && certificate.scts == nil)
        }
        #expect(try CertificateEvidence(record: records[0]).inUseBy?.isEmpty == false)
    }

    @Test func aRecordOfAnotherKindIsRefused() throws {
        let record = try #require(try CollectorHarness.records(X509CertificateCollector(), fixture: "webpki/rfc9773-leaf.pem").first)
        let other = EvidenceRecord(
            kind: "key", subject: "key:x", observedAt: record.observedAt, collector: "x", origin: .observed, source: record.source,
            data: record.data)
        #expect(throws: EvidenceRecord.DecodingFailure.self) { try CertificateEvidence(record: other) }
    }
}
