import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct OSCALPoamCollectorTests {
    let collector = OSCALPoamCollector()

    @Test func onlyDeviationApprovedRisksBecomeAcceptances() throws {
        let records = try CollectorHarness.records(collector, fixture: "ifa_plan-of-action-and-milestones.json")
        #expect(records.map(\.kind) == ["risk.acceptance", "register"])
        #expect(records.last?.data == ["entry_kind": "risk.acceptance", "entries": 1])
        let record = try #require(records.first)
        #expect(record.kind == "risk.acceptance")
        #expect(record.subject == "risk:8b8bae66-b28c-4fa5-9a20-b79e7322fc00")
        #expect(record.origin == .declared)
        #expect(record.data["expires_at"] == "2024-01-01T09:00:00Z")
        #expect(record.data["reason"] == "IFA-GOODREAD-RISK-1: PAO Staff Have Over-Privileged Access to GoodRead System")
        #expect(record.data["subjects"] == ["asset:551b9706-d6a4-4d25-8207-f2ccec548b89"])
        #expect(record.data["approved_by"] == nil)
    }

    static let extended = """
        {"plan-of-action-and-milestones": {
          "uuid": "9a1b2c3d-0000-4000-8000-000000000001",
          "metadata": {"title": "Firmware POA&M", "last-modified": "2026-09-01T00:00:00Z", "version": "1", "oscal-version": "1.1.2",
            "parties": [{"uuid": "5a1b2c3d-0000-4000-8000-0000000000aa", "type": "person", "name": "CISO", "email-addresses": ["ciso@example.net"]}]},
          "findings": [{"uuid": "6a1b2c3d-0000-4000-8000-000000000003", "title": "t", "description": "d",
            "target": {"type": "objective-id", "target-id": "FW-03", "status": {"state": "not-satisfied"}},
            "related-risks": [{"risk-uuid": "7a1b2c3d-0000-4000-8000-000000000002"}]}],
          "risks": [{"uuid": "7a1b2c3d-0000-4000-8000-000000000002", "title": "Lab BIOS has no fix", "description": "d", "statement": "s",
            "status": "deviation-approved", "deadline": "2027-02-28T00:00:00Z",
            "props": [{"name": "subject", "value": "host:lab-3"}],
            "risk-log": {"entries": [
              {"uuid": "8a1b2c3d-0000-4000-8000-000000000004", "title": "Accepted", "start": "2026-06-01T00:00:00Z", "end": "2026-09-01T00:00:00Z",
               "logged-by": [{"party-uuid": "5a1b2c3d-0000-4000-8000-0000000000aa"}], "status-change": "deviation-approved"},
              {"uuid": "8a1b2c3d-0000-4000-8000-000000000005", "title": "Vendor asked", "start": "2026-08-15T00:00:00Z", "status-change": "investigating"},
              {"uuid": "8a1b2c3d-0000-4000-8000-000000000006", "title": "Extended", "description": "vendor promised Q1",
               "start": "2026-08-30T00:00:00Z", "logged-by": [{"party-uuid": "5a1b2c3d-0000-4000-8000-0000000000aa"}],
               "status-change": "deviation-approved"}]}}]}}
        """

    @Test func riskLogApprovalsGiveTheAcceptanceAndItsExtensions() throws {
        let record = try #require(try CollectorHarness.records(collector, text: Self.extended, fileName: "poam.json").first)
        #expect(
            record.data == [
                "id": "7a1b2c3d-0000-4000-8000-000000000002", "control": "FW-03", "subjects": ["host:lab-3"],
                "reason": "Lab BIOS has no fix", "approved_by": "ciso@example.net",
                "accepted_at": "2026-06-01T00:00:00Z", "expires_at": "2026-09-01T00:00:00Z",
                "extensions": [
                    [
                        "at": "2026-08-30T00:00:00Z", "expires_at": "2027-02-28T00:00:00Z", "by": "ciso@example.net",
                        "reason": "vendor promised Q1",
                    ]
                ],
            ])
    }

    @Test func aPOAMWithoutRisksYieldsOnlyTheDocumentSoItCanWithdrawEverything() throws {
        let records = try CollectorHarness.records(collector, text: #"{"plan-of-action-and-milestones": {}}"#, fileName: "p.json")
        #expect(records.map(\.subject) == ["register:oscal-poam/p.json"])
        #expect(records.first?.data == ["entry_kind": "risk.acceptance", "entries": 0])
    }

    @Test func anExtensionLoggedAfterThePOAMWasObservedIsRejectedNamingIt() throws {
        let future = Self.extended.replacingOccurrences(of: "2026-08-30T00:00:00Z", with: "2026-12-20T00:00:00Z")
        let failure = CollectorHarness.failure(collector, text: future, fileName: "poam.json")
        #expect(failure?.location == "$.plan-of-action-and-milestones.risks[0].risk-log.entries[2].start")
        #expect(
            failure?.reason == "acceptance 7a1b2c3d-0000-4000-8000-000000000002: extension 1 (at 2026-12-20T00:00:00Z, "
                + "expires_at 2027-02-28T00:00:00Z) is dated after the POA&M's observed_at 2026-11-20T06:00:00Z; "
                + "record an extension once it is granted")
    }

    @Test(arguments: [
        (
            #"{"assessment-results": {}}"#, "$.plan-of-action-and-milestones",
            "required: an OSCAL POA&M document has a 'plan-of-action-and-milestones' object"
        ),
        (
            #"{"plan-of-action-and-milestones": {"risks": [{"uuid": "r", "status": "deviation-approved", "deadline": "2026-01-01"}]}}"#,
            "$.plan-of-action-and-milestones.risks[0].deadline", "'2026-01-01' is not an OSCAL date-time with a time zone"
        ),
        (
            #"{"plan-of-action-and-milestones": {"risks": [{"uuid": "r"}]}}"#,
            "$.plan-of-action-and-milestones.risks[0].status", "required: the risk's status (a string)"
        ),
        (
            #"{"plan-of-action-and-milestones": {"risks": [{"uuid": "r", "status": "deviation-approved", "risk-log": {"entries": [{"status-change": "deviation-approved"}]}}]}}"#,
            "$.plan-of-action-and-milestones.risks[0].risk-log.entries[0].start", "required: when the entry was logged"
        ),
    ])
    func badDocumentsAreRejectedWithPlaceAndReason(text: String, location: String, reason: String) {
        let failure = CollectorHarness.failure(collector, text: text, fileName: "p.json")
        #expect(failure == CollectionFailure(file: "p.json", location: location, reason: reason))
    }
}
