import EvidenceModel
import Foundation
import Testing

@testable import Reporting

/// A control with no evidence of its kinds at all is `missing` with a reason but no subject (DESIGN §12,
/// "fail closed"): every format shows the status and the reason, none calls it not applicable.
struct MissingEvidenceReportTests {
    static let reason = "no firmware.security evidence collected"
    static let control = ControlResult(
        id: "FW-03", title: "Firmware security is measured", severity: .high, frameworks: ["soc2": ["CC7.1"]],
        results: [], missingReason: reason)
    static let run = RunResult(
        asOf: Fixtures.date("2026-11-29T00:00:00Z"), checkpoint: nil, controls: [control], scopeGaps: [], acceptances: [])

    @Test func textShowsTheControlMissingWithItsReason() {
        let text = TextReport.render(Self.run, useColor: false)
        #expect(text.contains("1 control: 1 missing"), "\(text)")
        #expect(text.contains("? MISSING   FW-03  Firmware security is measured (high)  no evidence"), "\(text)")
        #expect(text.contains("    ? \(Self.reason)"), "\(text)")
    }

    @Test func jsonSaysMissingWithTheReasonAndNoResults() throws {
        let report = try JSONValue.parse(Data(JSONReport.render(Self.run).utf8))
        let control = try #require(report["controls"]?[0])
        #expect(control["status"] == "missing")
        #expect(control["reason"] == .string(Self.reason))
        #expect(control["results"] == .array([]))
        #expect(report["summary"]?["missing"] == 1)
        #expect(report["summary"]?["not_applicable"] == 0)
    }

    @Test func markdownAndHTMLGiveTheReason() {
        #expect(MarkdownReport.render(Self.run).contains("> **Missing:** \(Self.reason)"))
        #expect(HTMLReport.render(Self.run).contains("<li>\(Self.reason)</li>"))
    }

    @Test func junitCountsAFailureOfTheControlItself() {
        let xml = JUnitReport.render(Self.run)
        #expect(xml.contains(#"<testcase classname="FW-03" name="(control)" time="0">"#), "\(xml)")
        #expect(xml.contains(#"<failure message="\#(Self.reason)" type="missing">"#), "\(xml)")
        #expect(xml.contains(#"failures="1""#))
        #expect(!xml.contains("<skipped"))
    }

    @Test func oscalFindsItNotSatisfiedAndThePOAMOpensARisk() throws {
        let results = try #require(OSCALReport.assessmentResultsDocument(Self.run)["assessment-results"]?["results"]?[0])
        let finding = try #require(results["findings"]?[0])
        #expect(finding["target"]?["status"]?["state"] == "not-satisfied")
        #expect(finding["description"] == .string(Self.reason))
        let observation = try #require(results["observations"]?[0])
        #expect(observation["title"] == "FW-03 has no evidence")
        #expect(observation["description"] == .string(Self.reason))

        let poam = try #require(OSCALReport.poamDocument(Self.run)["plan-of-action-and-milestones"])
        let risk = try #require(poam["risks"]?[0])
        #expect(risk["title"] == "FW-03 has no evidence")
        #expect(risk["statement"] == .string(Self.reason))
    }
}
