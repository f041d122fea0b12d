import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// Nothing dropped (DESIGN §4): every collector reads every document of a file, or rejects the file
/// naming the place; a response repeated for one key is rejected whichever command produced it.
struct EveryDocumentTests {
    // MARK: Formats that hold one document: a second is rejected where it starts

    struct OneDocument: Sendable, CustomStringConvertible {
        let collector: any EvidenceCollector
        let format: String
        var fileName = "h.json"
        var subject: String?
        var description: String { collector.name }
    }

    static let oneDocumentFormats = [
        OneDocument(collector: FwupdCollector(), format: "`fwupdmgr get-devices --json` output"),
        OneDocument(collector: FwupdSecurityCollector(), format: "`fwupdmgr security --json` output", subject: "host:h"),
        OneDocument(collector: InSpecCollector(), format: "InSpec JSON report"),
        OneDocument(collector: OSCALPoamCollector(), format: "OSCAL POA&M document"),
        OneDocument(collector: OpenMPICCollector(), format: "MPIC response (or a JSON array of them)"),
        OneDocument(
            collector: ARIRenewalInfoCollector(), format: "renewalInfo response",
            fileName: "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE.json"),
    ]

    @Test(arguments: oneDocumentFormats)
    func aSecondDocumentIsRejectedWhereItStarts(_ format: OneDocument) {
        let text = "{\"a\": 1,\n \"b\": \"}{\"}\n{\"a\": 2}\n"
        let failure = CollectorHarness.failure(format.collector, text: text, fileName: format.fileName, subject: format.subject)
        #expect(
            failure
                == CollectionFailure(
                    file: format.fileName, location: "line 3",
                    reason: "a second JSON document (or other text) after the first; a file holds one \(format.format)"))
    }

    @Test func aBoulderLineWithTwoDocumentsIsRejectedNamingTheLine() throws {
        let line =
            #"2026-11-28T09:15:31.877000+00:00 ra-1 datacenter 6 boulder-ra[771]: Ehrwhw [AUDIT] Certificate request - successful JSON={"ID":"x"}{"ID":"y"}"#
        let failure = CollectorHarness.failure(BoulderAuditCollector(), text: line + "\n", fileName: "audit.log")
        #expect(
            failure
                == CollectionFailure(
                    file: "audit.log", location: "line 1, JSON=",
                    reason: "a second JSON document (or other text) after the first; a line holds one audit event"))
    }

    @Test(arguments: [(RiskRegisterCollector() as any EvidenceCollector, "risks.yaml"), (AssetInventoryCollector(), "assets.yaml")])
    func aSecondYAMLDocumentIsRejectedNamingItsLine(collector: any EvidenceCollector, fileName: String) {
        let text = "- {id: a, type: host}\n---\n- {id: b, type: host}\n"
        let failure = CollectorHarness.failure(collector, text: text, fileName: fileName)
        #expect(failure?.location == "line 2, column 1", "\(String(describing: failure))")
        #expect(failure?.reason == "but found another document (expected a single document in the stream)")
    }

    // MARK: Formats that hold several documents: all are read, a repeated one is rejected

    @Test(arguments: [
        (CloudTrailCollector() as any EvidenceCollector, "keys/cloudtrail-kms-iam.json", "keys/otel-cloudtrail_log.json"),
        (CredentialReportCollector(), "keys/get-credential-report.json", "keys/cloudmapper-iam-get-credential-report.json"),
        (X509CertificateCollector(), "webpki/rfc9773-leaf.pem", "webpki/google-leaf-2023.pem"),
    ])
    func twoFilesConcatenatedGiveTheRecordsOfBoth(collector: any EvidenceCollector, first: String, second: String) throws {
        func subjects(_ bytes: Data) throws -> [String] {
            try collector.records(from: CollectorHarness.input(bytes, fileName: "both." + (first.split(separator: ".").last ?? "")))
                .map(\.subject)
        }
        let (a, b) = (try CollectorHarness.fixture(first), try CollectorHarness.fixture(second))
        #expect(try !subjects(a).isEmpty && !subjects(b).isEmpty)
        #expect(try subjects(a + Data("\n".utf8) + b).sorted() == (try subjects(a) + subjects(b)).sorted())
    }

    @Test func cloudTrailReadsEveryMemberOfAConcatenatedGzipAndCountsEveryEntry() throws {
        let gzip = try CollectorHarness.fixture("keys/111122223333_CloudTrail_us-east-1_20261128T0000Z_kms.json.gz")
        let collector = CloudTrailCollector()
        let once = try collector.records(from: CollectorHarness.input(gzip, fileName: "a.json.gz"))
        let twice = try collector.records(from: CollectorHarness.input(gzip + gzip, fileName: "a.json.gz"))
        #expect(!once.isEmpty)
        #expect(twice.count == 2 * once.count)
        let entries = once.first?.data["log_file"]?["records"]?.doubleValue ?? 0
        #expect(twice.first?.data["log_file"]?["records"] == .number(2 * entries))
    }

    @Test func aCredentialReportResponseRepeatedIsRejectedNamingBothPlaces() throws {
        let a = try CollectorHarness.fixture("keys/get-credential-report.json")
        let failure = CollectorHarness.failure(CredentialReportCollector(), bytes: a + a, fileName: "aa.json")
        #expect(failure?.location.hasPrefix("document 2 $.Content, line ") == true, "\(String(describing: failure))")
        #expect(failure?.reason.hasPrefix("duplicate credential 'credential:arn:aws:iam::") == true)
        #expect(failure?.reason.contains("(also at document 1 $.Content, line ") == true)
    }

    @Test func aNumberBeyondADoubleInALaterDocumentIsPlacedInThatDocument() {
        let text = #"{"data": {"name": "a", "latest_version": 1}}"# + "\n" + #"{"data": {"name": "b", "latest_version": 1e400}}"#
        let failure = CollectorHarness.failure(VaultTransitCollector(), text: text, fileName: "v.json")
        #expect(
            failure
                == CollectionFailure(
                    file: "v.json", location: "document 2 $.data.latest_version",
                    reason: "number 1e400 is out of range (beyond ±1.8e308, the largest number JSON tools hold)"))
    }

    @Test func aCredentialListedTwiceInOneCSVIsRejected() throws {
        let csv = String(decoding: try CollectorHarness.fixture("keys/credential-report.csv"), as: UTF8.self)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        let text = (lines + [lines[2]]).joined(separator: "\n")
        let failure = CollectorHarness.failure(CredentialReportCollector(), text: text, fileName: "r.csv")
        #expect(failure?.location == "line \(lines.count + 1)", "\(String(describing: failure))")
        #expect(failure?.reason.hasSuffix("(also at line 3)") == true)
    }

    @Test(arguments: [
        (VaultTransitCollector() as any EvidenceCollector, "keys/vault-transit-keys.json", "duplicate key"),
        (GCPKMSCollector(), "keys/gcloud-kms-keys.json", "duplicate resource"),
        (GitLabTokensCollector(), "keys/gitlab-personal-access-tokens.json", "duplicate token id"),
        (ACMCertificateCollector(), "keys/acm-certificates.json", "duplicate certificate"),
        (AWSKMSCollector(), "keys/kms-inventory.json", "duplicate describe-key response"),
    ])
    func aListingSavedTwiceInOneFileIsRejectedNamingTheRepeat(
        collector: any EvidenceCollector, fixture: String, reason: String
    ) throws {
        let bytes = try CollectorHarness.fixture(fixture)
        #expect(try !collector.records(from: CollectorHarness.input(bytes, fileName: "k.json")).isEmpty)
        let failure = CollectorHarness.failure(collector, bytes: bytes + bytes, fileName: "k.json")
        #expect(failure?.reason.hasPrefix(reason) == true, "\(String(describing: failure))")
        #expect(failure?.location.hasPrefix("document ") == true)
        #expect(failure?.reason.contains("(also at document 1 ") == true)
    }
}
