import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `ari` on RFC 9773 §4.2 renewalInfo bodies.
struct ARIRenewalInfoCollectorTests {
    let collector = ARIRenewalInfoCollector()
    let id = "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"
    /// RFC 9773 §4.2's example response.
    let body = """
        {
          "suggestedWindow": {
            "start": "2025-01-02T04:00:00Z",
            "end": "2025-01-03T04:00:00Z"
          },
          "explanationURL": "https://acme.example.com/docs/ari"
        }
        """

    @Test func certificateIDComesFromTheFileName() throws {
        let records = try CollectorHarness.records(collector, text: body, fileName: id + ".json")
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.kind == "ari.window")
        #expect(record.subject == "cert:" + id)
        #expect(record.observedAt == CollectorHarness.observedAt)
        #expect(record.data["window_start"] == "2025-01-02T04:00:00Z")
        #expect(record.data["window_end"] == "2025-01-03T04:00:00Z")
        #expect(record.data["window_seconds"] == 86_400)
        #expect(record.data["explanation_url"] == "https://acme.example.com/docs/ari")
    }

    @Test(arguments: ["cert:aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE", "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"])
    func subjectOptionNamesTheCertificate(subject: String) throws {
        let records = try CollectorHarness.records(collector, text: body, fileName: "renewal-info.json", subject: subject)
        #expect(records.first?.subject == "cert:" + id)
    }

    @Test func windowWhoseEndIsNotAfterItsStartIsTreatedAsNoResponse() {
        let text = #"{"suggestedWindow": {"start": "2025-01-03T04:00:00Z", "end": "2025-01-03T04:00:00Z"}}"#
        let failure = CollectorHarness.failure(collector, text: text, fileName: id + ".json")
        #expect(failure?.location == "$.suggestedWindow.end")
        #expect(failure?.reason.contains("is not after start 2025-01-03T04:00:00Z") == true)
        #expect(failure?.reason.contains("treated as no response") == true)
    }

    @Test func missingWindowAndBadTimestampsNameTheirPath() {
        let missing = CollectorHarness.failure(collector, text: #"{"explanationURL": "https://x"}"#, fileName: id + ".json")
        #expect(missing?.location == "$")
        #expect(missing?.reason == "missing required field 'suggestedWindow'")
        let bad = CollectorHarness.failure(
            collector, text: #"{"suggestedWindow": {"start": "soon", "end": "2025-01-03T04:00:00Z"}}"#, fileName: id + ".json")
        #expect(bad?.location == "$.suggestedWindow.start")
    }

    @Test func fileNameThatIsNoCertificateIDNeedsASubject() {
        let failure = CollectorHarness.failure(collector, text: body, fileName: "renewal.json")
        #expect(failure?.location == "file name")
        let badSubject = CollectorHarness.failure(collector, text: body, fileName: "renewal.json", subject: "host:web-01")
        #expect(badSubject?.location == "--subject")
    }

    @Test func relativeExplanationURLIsRejected() {
        let text = #"{"suggestedWindow": {"start": "2025-01-02T04:00:00Z", "end": "2025-01-03T04:00:00Z"}, "explanationURL": "docs"}"#
        let failure = CollectorHarness.failure(collector, text: text, fileName: id + ".json")
        #expect(failure?.location == "$.explanationURL")
    }
}
