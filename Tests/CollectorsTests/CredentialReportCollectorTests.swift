import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct CredentialReportCollectorTests {
    let collector = CredentialReportCollector()

    @Test func realReportYieldsOneRecordPerExistingKeyIncludingRoot() throws {
        let records = try keys(collector, "cloudmapper-credential-report.csv")
        #expect(
            records.map(\.subject) == [
                "credential:arn:aws:iam::123456789012:root#access_key_1",
                "credential:arn:aws:iam::123456789012:user/auditor_tmp#access_key_1",
                "credential:arn:aws:iam::123456789012:user/user#access_key_1",
                "credential:arn:aws:iam::123456789012:user/user#access_key_2",
            ])
        let root = records[0]
        #expect(root.data["principal_name"] == "<root_account>")
        #expect(root.data["created_at"] == "2018-11-23T16:01:14Z")
        #expect(root.data["last_used_at"] == "2018-11-27T00:02:00Z")
        #expect(records[1].data["last_used_at"] == nil)  // N/A
        #expect(records[2].data["siblings"] == [["slot": "access_key_2", "active": true, "created_at": "2018-05-07T15:35:54Z"]])
    }

    @Test func responseJSONWithPlainOrBase64ContentReadsLikeTheCSV() throws {
        let plain = try keys(collector, "cloudmapper-iam-get-credential-report.json")
        #expect(plain.map(\.data) == (try keys(collector, "cloudmapper-credential-report.csv")).map(\.data))
        let encoded = try keys(collector, "get-credential-report.json")
        #expect(encoded.map(\.data) == (try keys(collector, "credential-report.csv")).map(\.data))
    }

    @Test func inactiveKeysAndSigningCertificatesAreKept() throws {
        let records = try keys(collector, "credential-report.csv")
        let inactive = try record(records, endingWith: "backup-agent#access_key_2")
        #expect(inactive.data["active"] == false)
        let certificate = try record(records, endingWith: "old-saml-signer#cert_1")
        #expect(certificate.data["credential_type"] == "signing_certificate")
        #expect(!records.contains { $0.subject.hasSuffix("root#access_key_1") })  // root has no keys here
    }

    @Test func badCellsNameLineAndColumn() throws {
        var lines = try String(decoding: CollectorHarness.fixture("keys/credential-report.csv"), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        lines[2] = lines[2].replacingOccurrences(of: "2026-03-02T09:00:00+00:00", with: "yesterday")
        let failure = CollectorHarness.failure(collector, text: lines.joined(separator: "\n"), fileName: "r.csv")
        #expect(
            failure
                == CollectionFailure(
                    file: "r.csv", location: "line 3, column access_key_1_last_rotated",
                    reason: "'yesterday' is not a timestamp"))
        let notReport = CollectorHarness.failure(collector, text: "id,type\nweb-01,host\n", fileName: "i.csv")
        #expect(notReport?.reason.contains("not an IAM credential report") == true)
        let badBase64 = CollectorHarness.failure(collector, text: #"{"Content": "@@@", "ReportFormat": "text/csv"}"#, fileName: "j.json")
        #expect(badBase64?.location == "$.Content")
    }
    /// A report larger than a batch is handed over a batch at a time, row by row; a credential listed
    /// again past the first batch is still refused, naming both lines.
    @Test func aLargeReportIsHandedOverInBatchesAndALateDuplicateIsRefused() throws {
        let header = CredentialReportCollector.header.joined(separator: ",")
        func row(_ n: Int) -> String {
            "user\(n),arn:aws:iam::123456789012:user/user\(n),2026-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,"
                + "true,2026-06-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
        }
        var limits = InputLimits()
        limits.recordsPerCommit = 100
        func input(_ rows: [Int]) -> CollectorInput {
            let text = ([header] + rows.map(row)).joined(separator: "\n") + "\n"
            return CollectorInput(
                fileName: "report.csv", bytes: Data(text.utf8), subject: nil, observedAt: Date(timeIntervalSince1970: 1_790_000_000), limits: limits)
        }
        var batches: [[EvidenceRecord]] = []
        #expect(try collector.stream(from: input(Array(0..<250))) { batches.append($0) }.isEmpty)
        #expect(batches.map(\.count) == [100, 100, 50])
        #expect(batches.flatMap { $0 }.map(\.subject) == (0..<250).map { "credential:arn:aws:iam::123456789012:user/user\($0)#access_key_1" })

        let late = input(Array(0..<250) + [3])
        let failure = #expect(throws: CollectionFailure.self) { try collector.records(from: late) }
        #expect(failure?.location == "line 252")
        #expect(failure?.reason == "duplicate credential 'credential:arn:aws:iam::123456789012:user/user3#access_key_1' (also at line 5)")
    }
}
