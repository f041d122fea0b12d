import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `issuance.decision` and `validation.result` written and read through one model each: every record
/// the `boulder-audit` collector writes reads back to exactly the data it wrote, so ids are unchanged.
struct BoulderAuditEvidenceTests {
    let collector = BoulderAuditCollector()

    @Test func everyRecordOfTheFixtureReadsBackToTheDataItWrote() throws {
        let records = try CollectorHarness.records(collector, fixture: "mpic/boulder-audit.log")
        #expect(records.count == 9)
        for record in records {
            switch record.kind {
            case EvidenceKind.issuanceDecision:
                let decision = try IssuanceDecisionEvidence(record: record)
                #expect(decision.data == record.data, "\(record)")
                #expect(decision.request.log?.line != nil && decision.request.logFile?["lines"] == 12)
            case EvidenceKind.validationResult:
                let validation = try ValidationResultEvidence(record: record)
                #expect(validation.data == record.data, "\(record)")
                #expect(validation.validatedAt.map(Timestamp.format) == Timestamp.format(record.observedAt) && validation.log?.host != nil)
            default:
                Issue.record("unexpected kind \(record.kind)")
            }
        }
        let decision = try IssuanceDecisionEvidence(record: try #require(records.first { $0.kind == EvidenceKind.issuanceDecision }))
        #expect(decision.request.identifiers.count == 2 && decision.request.serialNumber != nil && decision.request.responseTime != nil)
        let primary = try ValidationResultEvidence(record: records[3])
        #expect(primary.summary?.quorum.map { [$0.corroborated, $0.of] } == [3, 4])
    }

    /// The shipped demo's logs (`make demo`), read the same way.
    @Test(arguments: ["Evidence/webpki/issuance/boulder-audit.log", "Evidence/webpki/mpic/boulder-audit.log"])
    func theDemosRecordsReadBackToTheDataTheyWrote(path: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let bytes = try Data(contentsOf: repository.appendingPathComponent(path))
        let records = try collector.records(from: CollectorHarness.input(bytes, fileName: "boulder-audit.log"))
        #expect(!records.isEmpty)
        for record in records where record.kind == EvidenceKind.issuanceDecision {
            #expect(try IssuanceDecisionEvidence(record: record).data == record.data, "\(record)")
        }
        for record in records where record.kind == EvidenceKind.validationResult {
            #expect(try ValidationResultEvidence(record: record).data == record.data, "\(record)")
        }
    }

    /// Boulder before 2025: `Names` with an `Authorizations` map, the identifier as a bare string.
    @Test func olderBoulderEventShapesReadBackToTheDataTheyWrote() throws {
        func line(_ message: String, _ binary: String) -> String {
            "2024-06-01T10:00:00Z va-1 datacenter 6 \(binary)[9]: \(BoulderLogLine.checksum(of: message, like: "xxxxxxx")) \(message)"
        }
        let validation =
            #"[AUDIT] CAA check result JSON={"AuthzID":"7","Identifier":"Legacy.Example.net","Error":"CAA forbids"}"#
        let request =
            #"[AUDIT] Certificate request - error JSON={"ID":"a","Names":["legacy.example.net"],"Error":"refused","NotBefore":"0001-01-01T00:00:00Z"}"#
        let found = try CollectorHarness.records(collector, text: line(validation, "boulder-va") + "\n" + line(request, "boulder-ra"), fileName: "old.log")
        #expect(found.count == 2)
        let caa = try ValidationResultEvidence(record: found[0])
        #expect(caa.data == found[0].data && caa.status == "invalid" && caa.validationMethod == "caa" && caa.log?.pid == 9)
        let refused = try IssuanceDecisionEvidence(record: found[1])
        #expect(refused.data == found[1].data && refused.request.outcome == "error" && refused.request.notBefore == nil)
    }
}
