import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `mpic.result` written and read through one model: every response the `mpic` collector reads
/// (the open-mpic-core fixtures and the shipped demo's) reads back to exactly the data it wrote.
struct MPICResultEvidenceCollectorTests {
    let collector = OpenMPICCollector()

    @Test(arguments: ["core-caa-records.json", "core-dcv-dns-01.json", "core-dcv-http-01.json"])
    func aFixturesRecordsReadBackToTheDataTheyWrote(fixture: String) throws {
        let records = try CollectorHarness.records(collector, fixture: "mpic/" + fixture)
        #expect(!records.isEmpty)
        for record in records {
            let response = try MPICResultEvidence(record: record)
            #expect(response.data == record.data, "\(fixture)")
            #expect(!response.perspectives.isEmpty && response.checkType != nil && response.validationMethod != nil)
            #expect(response.validatedAt.map(Timestamp.format) == Timestamp.format(record.observedAt))
        }
    }

    @Test(arguments: ["api.example.net.json", "cdn.example.net.json", "legacy.example.net.json", "mail.example.net.json", "shop.example.net.json"])
    func theDemosResponsesReadBackToTheDataTheyWrote(file: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bytes = try Data(contentsOf: repository.appendingPathComponent("Evidence/webpki/mpic/" + file))
        let records = try collector.records(from: CollectorHarness.input(bytes, fileName: file))
        #expect(!records.isEmpty)
        for record in records { #expect(try MPICResultEvidence(record: record).data == record.data, "\(file)") }
    }
}
