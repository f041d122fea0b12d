import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct InSpecCollectorTests {
    let collector = InSpecCollector()

    @Test func everyControlBecomesAControlResultAboutTheHost() throws {
        let records = try CollectorHarness.records(collector, fixture: "some_waived.json")
        let results = records.filter { $0.kind == "control.result" }
        #expect(results.count == 59)
        #expect(Set(results.map(\.subject)) == ["host:to_be_generated"])
        let os02 = try #require(results.first { $0.data["control_id"] == "os-02" })
        #expect(os02.data["status"] == "failed")
        #expect(os02.data["results"] == ["passed": 7, "failed": 2])
        #expect(os02.data["profile"] == "linux-baseline")
        #expect(os02.data["waiver"]?["justification"] == "Sound reasoning")
    }

    @Test func waiversBecomeAcceptancesShapedLikeTheRiskRegister() throws {
        let records = try CollectorHarness.records(collector, fixture: "some_waived.json")
        let acceptances = records.filter { $0.kind == "risk.acceptance" }
        let os02 = try #require(acceptances.first { $0.data["control"] == "os-02" })
        #expect(os02.subject == "risk:inspec:to_be_generated:os-02")
        #expect(os02.origin == .declared)
        #expect(
            os02.data == [
                "id": "inspec:to_be_generated:os-02", "control": "os-02",
                "subjects": ["host:to_be_generated"], "reason": "Sound reasoning", "extensions": [],
            ])
    }

    @Test func anExpiredWaiverKeepsItsPastExpiryAndIsMarkedExpired() throws {
        let records = try CollectorHarness.records(collector, fixture: "some_waived.json")
        let os04 = try #require(records.first { $0.kind == "risk.acceptance" && $0.data["control"] == "os-04" })
        #expect(os04.data["expires_at"] == "1977-06-01T00:00:00Z")
        let result = try #require(records.first { $0.kind == "control.result" && $0.data["control_id"] == "os-04" })
        #expect(result.data["waiver"]?["expired"] == true)
    }

    @Test func theHostComesFromSubjectThenTargetThenFileName() throws {
        let named = try CollectorHarness.records(collector, fixture: "inspec-json_output.json", subject: "host:mac-7")
            .filter { $0.kind == "control.result" }
        #expect(Set(named.map(\.subject)) == ["host:mac-7"])
        // target_id is empty in this report, and there is no node_name: the file name names the host.
        let unnamed = try CollectorHarness.records(collector, fixture: "inspec-json_output.json")
        #expect(Set(unnamed.filter { $0.kind == "control.result" }.map(\.subject)) == ["host:inspec-json_output"])
        #expect(unnamed.filter { $0.kind == "risk.acceptance" }.isEmpty)
    }

    @Test func theReportsWaiversAreOneDocumentEvenWhenThereAreNone() throws {
        let waived = try CollectorHarness.records(collector, fixture: "some_waived.json")
        let document = try #require(waived.last)
        #expect(document.kind == "register")
        #expect(document.subject == "register:inspec/some_waived.json")
        #expect(document.data["entry_kind"] == "risk.acceptance")
        #expect(document.data["entries"] == .number(Double(waived.filter { $0.kind == "risk.acceptance" }.count)))
        let none = try CollectorHarness.records(collector, fixture: "inspec-json_output.json")
        #expect(none.filter { $0.kind == "register" }.map { $0.data["entries"] } == [0])
    }

    @Test(arguments: [
        (#"{"platform": {}}"#, "$.profiles", "required: InSpec's JSON reporter writes a list of profiles"),
        (#"{"profiles": [{"controls": [{"results": []}]}]}"#, "$.profiles[0].controls[0].id", "required: the control's id (a string)"),
        (
            #"{"profiles": [{"controls": [{"id": "a", "results": [{"status": "ok"}]}]}]}"#,
            "$.profiles[0].controls[0].results[0].status", "expected passed, failed, skipped or error, found 'ok'"
        ),
        (
            #"{"profiles": [{"controls": [{"id": "a", "results": [], "waiver_data": {"expiration_date": "soon"}}]}]}"#,
            "$.profiles[0].controls[0].waiver_data.expiration_date", "'soon' is not a date"
        ),
    ])
    func badReportsAreRejectedWithPlaceAndReason(text: String, location: String, reason: String) {
        let failure = CollectorHarness.failure(collector, text: text, fileName: "r.json")
        #expect(failure == CollectionFailure(file: "r.json", location: location, reason: reason))
    }
}
