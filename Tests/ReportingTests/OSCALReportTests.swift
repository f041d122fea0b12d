import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Reporting

struct OSCALAssessmentResultsTests {
    static let document = OSCALReport.assessmentResultsDocument(Fixtures.audited)
    static var ar: JSONValue? { document["assessment-results"] }
    static var result: JSONValue? { ar?["results"]?[0] }

    private func observations(_ doc: JSONValue? = result) -> [JSONValue] { doc?["observations"]?.arrayValue ?? [] }

    private func observation(_ control: String, _ subject: String) -> JSONValue? {
        observations().first { obs in
            obs["props"]?.arrayValue?.contains { $0["name"] == "control-id" && $0["value"] == .string(control) } == true
                && obs["subjects"]?[0]?["title"] == .string(subject)
        }
    }

    @Test func formatOscalRendersTheAssessmentResults() throws {
        let text = ReportRenderer.render(Fixtures.audited, as: .oscal, options: ReportOptions())
        #expect(text == OSCALReport.assessmentResults(Fixtures.audited))
        #expect(try JSONValue.parse(Data(text.utf8)) == Self.document)
    }

    @Test func documentHasTheRequiredMetadataAndAPlaceholderPlan() {
        #expect(Self.ar?["metadata"]?["oscal-version"] == "1.1.2")
        #expect(Self.ar?["metadata"]?["last-modified"] == "2026-11-29T00:00:00Z")
        #expect(Self.ar?["import-ap"]?["href"] == "#")
        #expect(Self.ar?["results"]?.arrayValue?.count == 1)
        #expect(Self.result?["start"] == "2026-11-29T00:00:00Z")
    }

    @Test func reviewedControlsListEveryControlId() {
        let selected = Self.result?["reviewed-controls"]?["control-selections"]?[0]?["include-controls"]?.arrayValue?
            .compactMap { $0["control-id"]?.stringValue }
        #expect(selected == Fixtures.auditedControls.map(\.id))
    }

    @Test func oneObservationPerSubjectResultAndPerControlError() {
        let expected = Fixtures.auditedControls.reduce(0) { $0 + $1.results.count + ($1.error == nil ? 0 : 1) }
        #expect(observations().count == expected)
    }

    @Test func expiresIsTheNewestEvidencePlusTheControlsFreshness() {
        let payments = observation("KM-01", "key:payments")
        #expect(payments?["collected"] == "2026-11-27T06:00:00Z")
        #expect(payments?["expires"] == "2026-12-04T06:00:00Z")
        #expect(payments?["relevant-evidence"]?.arrayValue?.count == 2)
        // No freshness: no expiry. No evidence: collected at the run's instant, nothing expires.
        #expect(observation("FW-02", "host:lab-3")?["expires"] == nil)
        let missing = observation("MP-01", "domain:shop.example.net")
        #expect(missing?["collected"] == "2026-11-29T00:00:00Z")
        #expect(missing?["expires"] == nil)
        #expect(missing?["relevant-evidence"] == nil, "OSCAL rejects empty arrays")
    }

    @Test func findingsCiteTheirControlsObservationsAndStateSatisfaction() throws {
        let findings = try #require(Self.result?["findings"]?.arrayValue)
        #expect(findings.count == Fixtures.auditedControls.count)
        let byTarget = Dictionary(uniqueKeysWithValues: findings.compactMap { f in f["target"]?["target-id"]?.stringValue.map { ($0, f) } })
        #expect(byTarget["KM-01"]?["target"]?["status"]?["state"] == "not-satisfied")
        #expect(byTarget["CT-01"]?["target"]?["status"]?["state"] == "satisfied")
        #expect(byTarget["PQ-01"]?["target"]?["status"]?["state"] == "satisfied")
        #expect(byTarget["FW-02"]?["target"]?["status"]?["state"] == "not-satisfied", "accepted is tracked, not satisfied")
        let cited = byTarget["KM-01"]?["related-observations"]?.arrayValue?.compactMap { $0["observation-uuid"]?.stringValue }
        let own = ["key:billing", "key:payments", "key:hsm-root"].compactMap { observation("KM-01", $0)?["uuid"]?.stringValue }
        #expect(cited == own && own.count == 3)
        #expect(byTarget["FW-01"]?["related-observations"]?.arrayValue?.count == 1, "the evaluation error's observation")
    }

    @Test func everyUUIDIsVersion5AndEveryReferenceResolves() {
        let text = OSCALReport.assessmentResults(Fixtures.audited)
        let uuids = text.matches(of: /"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"/).map { String($0.output) }
        #expect(uuids.count > 20)
        #expect(uuids.allSatisfy { $0.wholeMatch(of: /"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/) != nil })
        for run in [Fixtures.audited, Fixtures.run, Fixtures.bare, Fixtures.empty] {
            #expect(OSCALReport.referenceProblems(in: OSCALReport.assessmentResultsDocument(run)) == [])
        }
    }

    @Test func theSameRunGivesTheSameBytesAndSubjectsKeepTheirUUIDsAcrossRuns() {
        #expect(OSCALReport.assessmentResults(Fixtures.audited) == OSCALReport.assessmentResults(Fixtures.audited))
        let later = RunResult(
            asOf: Fixtures.date("2026-11-30T00:00:00Z"), checkpoint: Fixtures.checkpoint, controls: Fixtures.auditedControls,
            scopeGaps: Fixtures.gaps, acceptances: Fixtures.auditedAcceptances)
        let laterResult = OSCALReport.assessmentResultsDocument(later)["assessment-results"]?["results"]?[0]
        #expect(laterResult?["uuid"] != Self.result?["uuid"])
        #expect(observations(laterResult).first?["uuid"] != observations().first?["uuid"], "another instant is another observation")
        #expect(laterResult?["local-definitions"] == Self.result?["local-definitions"], "subjects keep their UUIDs")
    }

    @Test func referenceCheckFindsDanglingReferencesAndDuplicates() throws {
        let text = OSCALReport.assessmentResults(Fixtures.audited)
        let finding = try #require(Self.result?["findings"]?[0]?["related-observations"]?[0]?["observation-uuid"]?.stringValue)
        let subject = OSCALNames.subjectUUID("key:billing")
        // Re-point one finding's reference at nothing; drop one inventory item's definition.
        let dangling = text.replacingOccurrences(
            of: "\"observation-uuid\": \"\(finding)\"",
            with: "\"observation-uuid\": \"00000000-0000-4000-8000-000000000000\"")
        let problems = OSCALReport.referenceProblems(in: try JSONValue.parse(Data(dangling.utf8)))
        #expect(problems.count == 1)
        #expect(problems.first?.contains("related-observations[0].observation-uuid refers to 00000000-0000-4000-8000-000000000000") == true)
        let undefined = text.replacingOccurrences(of: "\"uuid\": \"\(subject)\"", with: "\"uuid\": \"\(finding)\"")
        let more = OSCALReport.referenceProblems(in: try JSONValue.parse(Data(undefined.utf8)))
        #expect(more.contains("uuid \(finding) is defined 2 times"))
        #expect(more.contains { $0.contains("subject-uuid refers to \(subject)") })
    }

    @Test func tokensKeepControlIdsAndRepairOthers() {
        #expect(OSCALNames.token("KM-01") == "KM-01")
        #expect(OSCALNames.token("1 bad/id") == "_1_bad_id")
        #expect(OSCALNames.token("") == "_")
    }
}

struct OSCALPlanOfActionTests {
    static let document = OSCALReport.poamDocument(Fixtures.audited)
    static var poam: JSONValue? { document["plan-of-action-and-milestones"] }
    static var risks: [JSONValue] { poam?["risks"]?.arrayValue ?? [] }

    private func risk(titled prefix: String) -> JSONValue? {
        Self.risks.first { $0["title"]?.stringValue?.hasPrefix(prefix) == true }
    }

    @Test func everyFailingSubjectIsAnOpenRiskCitingItsObservation() throws {
        let open = Self.risks.filter { $0["props"]?.arrayValue?.contains { $0["name"] == "acceptance-id" } != true }
        #expect(
            open.compactMap { $0["title"]?.stringValue }.sorted() == [
                "AS-01 stale on host:db-1", "FW-01 could not be evaluated", "KM-01 fail on key:payments",
                "MP-01 missing on domain:shop.example.net",
            ])
        #expect(open.allSatisfy { $0["status"] == "open" })
        let observations = Set(Self.poam?["observations"]?.arrayValue?.compactMap { $0["uuid"]?.stringValue } ?? [])
        for risk in open {
            let cited = try #require(risk["related-observations"]?[0]?["observation-uuid"]?.stringValue)
            #expect(observations.contains(cited))
        }
    }

    @Test func anActiveAcceptanceIsAnApprovedDeviationWithItsDeadlineAndExtensionLog() throws {
        let ra7 = try #require(risk(titled: "RA-7"))
        #expect(ra7["status"] == "deviation-approved")
        #expect(ra7["deadline"] == "2026-12-31T00:00:00Z")
        let log = try #require(ra7["risk-log"]?["entries"]?.arrayValue)
        #expect(log.compactMap { $0["title"]?.stringValue } == ["Accepted", "Extension 1"])
        #expect(log[0]["start"] == "2026-06-01T00:00:00Z" && log[0]["end"] == "2026-09-30T00:00:00Z")
        #expect(log[1]["start"] == "2026-09-20T00:00:00Z" && log[1]["end"] == "2026-12-31T00:00:00Z")
        #expect(log.allSatisfy { $0["status-change"] == "deviation-approved" })
        // It cites the observation of the subject it covers, which is in the document.
        let cited = try #require(ra7["related-observations"]?[0]?["observation-uuid"]?.stringValue)
        let accepted = OSCALObservations(Fixtures.audited).uuid(of: Fixtures.auditedControls[1], subject: "host:lab-3")
        #expect(cited == accepted)
    }

    @Test func aStaleAcceptanceIsOpenAgainAndItsLogEndsWithTheLapse() throws {
        let ra3 = try #require(risk(titled: "RA-3"))
        #expect(ra3["status"] == "open")
        #expect(ra3["deadline"] == "2026-07-10T00:00:00Z")
        let log = try #require(ra3["risk-log"]?["entries"]?.arrayValue)
        #expect(
            log.compactMap { $0["title"]?.stringValue } == [
                "Accepted", "Extension 1", "Extension 2", "Extension 3", "Review: stale (over_extended, expired)",
            ])
        // The register gives the second extension no date: it starts with the previous one, and says so.
        #expect(log[2]["start"] == "2026-04-09T00:00:00Z")
        #expect(log[2]["remarks"] != nil && log[1]["remarks"] == nil)
        #expect(log[2]["description"]?.stringValue?.contains("without a recorded approver") == true)
        #expect(log[4]["status-change"] == "open" && log[4]["start"] == "2026-11-29T00:00:00Z")
        // key:payments has an observation (it fails); key:orders has none to cite.
        #expect(ra3["related-observations"]?.arrayValue?.count == 1)
    }

    @Test func riskStatusFollowsWhyAnAcceptanceIsStale() {
        func review(_ reasons: [AcceptanceReview.StaleReason]) -> AcceptanceReview {
            AcceptanceReview(id: "RA-1", control: "C-1", subjects: [], expiresAt: nil, reasons: reasons, extensions: 0, detail: "")
        }
        #expect(OSCALPlanOfAction.riskStatus(review([])) == "deviation-approved")
        #expect(OSCALPlanOfAction.riskStatus(review([.noApprover])) == "deviation-requested")
        #expect(OSCALPlanOfAction.riskStatus(review([.unneeded])) == "closed")
        #expect(OSCALPlanOfAction.riskStatus(review([.expired, .noApprover])) == "open")
    }

    @Test func everyRiskHasAPoamItemAndEveryReferenceResolves() {
        let items = Self.poam?["poam-items"]?.arrayValue ?? []
        #expect(items.count == Self.risks.count && items.count == 6)
        let riskUUIDs = Set(Self.risks.compactMap { $0["uuid"]?.stringValue })
        #expect(Set(items.compactMap { $0["related-risks"]?[0]?["risk-uuid"]?.stringValue }) == riskUUIDs)
        for run in [Fixtures.audited, Fixtures.run, Fixtures.bare, Fixtures.empty] {
            #expect(OSCALReport.referenceProblems(in: OSCALReport.poamDocument(run)) == [])
        }
    }

    @Test func observationsShareTheirUUIDsWithTheAssessmentResults() {
        let ar = Set(OSCALAssessmentResultsTests.result?["observations"]?.arrayValue?.compactMap { $0["uuid"]?.stringValue } ?? [])
        let poam = Self.poam?["observations"]?.arrayValue?.compactMap { $0["uuid"]?.stringValue } ?? []
        #expect(!poam.isEmpty && Set(poam).isSubset(of: ar))
    }

    @Test func aRunWithNothingOpenSaysSoInItsOnlyItem() {
        let clean = RunResult(
            asOf: Fixtures.date("2026-11-29T00:00:00Z"), checkpoint: nil,
            controls: [Fixtures.certificatesLogged], scopeGaps: [], acceptances: [])
        let items = OSCALReport.poamDocument(clean)["plan-of-action-and-milestones"]?["poam-items"]?.arrayValue
        #expect(items?.count == 1 && items?.first?["title"] == "No open items")
        #expect(OSCALReport.poamDocument(clean)["plan-of-action-and-milestones"]?["risks"] == nil)
    }
}

/// compliance-trestle (PyPI) validates what Vigil writes, as a GRC team would.
struct OSCALTrestleValidationTests {
    static let runs: [(name: String, run: RunResult)] = [
        ("audited", Fixtures.audited), ("run", Fixtures.run), ("bare", Fixtures.bare), ("empty", Fixtures.empty),
        ("missing", MissingEvidenceReportTests.run),
    ]

    private func validate(_ documents: [(model: String, name: String, text: String)]) throws -> [String: PythonTools.Run]? {
        guard try PythonTools.ensure(module: "trestle", package: "compliance-trestle") else { return nil }
        let temporary = try TemporaryFolder("vigil-reports")
        let workspace = temporary.url
        let initRun = try PythonTools.run(["python3", "-m", "trestle", "init"], in: workspace)
        try #require(initRun.status == 0, "\(initRun.output)")
        var outcomes: [String: PythonTools.Run] = [:]
        for document in documents {
            let relative = "\(document.model)/\(document.name)/\(document.model).json"
            let file = workspace.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(document.text.utf8).write(to: file)
            outcomes[document.name] = try PythonTools.run(["python3", "-m", "trestle", "validate", "-f", relative], in: workspace)
        }
        return outcomes
    }

    @Test func trestleAcceptsTheAssessmentResultsAndThePOAM() throws {
        var documents: [(model: String, name: String, text: String)] = []
        for (name, run) in Self.runs {
            documents.append(("assessment-results", "ar-\(name)", OSCALReport.assessmentResults(run)))
            documents.append(("plan-of-action-and-milestones", "poam-\(name)", OSCALReport.poam(run)))
        }
        guard let outcomes = try validate(documents) else { return }
        for document in documents {
            let outcome = outcomes[document.name]
            #expect(outcome?.status == 0, "trestle rejected \(document.name): \(outcome?.output ?? "")")
            #expect(outcome?.output.contains("INVALID") == false)
        }
    }

    @Test func trestleRejectsABrokenDocumentSoTheCheckAboveMeansSomething() throws {
        let broken = OSCALReport.assessmentResults(Fixtures.audited)
            .replacingOccurrences(of: "\"not-satisfied\"", with: "\"failed\"")
        guard let outcomes = try validate([("assessment-results", "broken", broken)]) else { return }
        #expect(outcomes["broken"]?.status != 0)
    }
}
