import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `control.result` written and read through one model: every control the `inspec` collector reads
/// reads back to exactly the data it wrote, so ids are unchanged.
struct ControlResultEvidenceCollectorTests {
    @Test(arguments: ["some_waived.json", "inspec-json_output.json"])
    func everyControlOfAReportReadsBackToTheDataItWrote(fixture: String) throws {
        let results = try CollectorHarness.records(InSpecCollector(), fixture: fixture).filter { $0.kind == EvidenceKind.controlResult }
        #expect(!results.isEmpty)
        for record in results {
            let result = try ControlResultEvidence(record: record)
            #expect(result.data == record.data, "\(fixture) \(result.controlID)")
        }
    }

    @Test func aWaivedControlReadsTyped() throws {
        let records = try CollectorHarness.records(InSpecCollector(), fixture: "some_waived.json")
        let os04 = try #require(records.first { $0.kind == EvidenceKind.controlResult && $0.data["control_id"] == "os-04" })
        let result = try ControlResultEvidence(record: os04)
        #expect(result.waiver?.expired == true && result.waiver?.expirationDate == Timestamp.parse("1977-06-01T00:00:00Z"))
        #expect(result.profile == "linux-baseline" && !result.results.isEmpty)
    }
}
