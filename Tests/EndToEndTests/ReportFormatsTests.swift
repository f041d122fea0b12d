import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

/// `vigil check --format markdown|junit|oscal|html --output FILE` on a small workspace, through the built binary.
@Suite(.serialized)
struct ReportFormatsTests {
    /// Far after any commit this test makes, so every commit is part of the history.
    static let at = "2099-01-01T00:00:00Z"

    static let controls = """
        - id: FW-01
          title: System firmware can be updated
          severity: high
          frameworks: {soc2: [CC7.1], iso27001-2022: [A.8.8]}
          evidence: firmware.device
          check: {type: firmware_updatable}
        """

    private func prepared() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/firmware.yaml", Self.controls)
        try scratch.write("in/web-01.devices.json", Fixtures.fwupd(updatable: true))
        try scratch.write("in/lab-3.devices.json", Fixtures.fwupd(updatable: false))
        try scratch.write("reg/risks.yaml", Fixtures.risks)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        let collect = try scratch.vigil([
            "collect", "fwupd", "in/web-01.devices.json", "in/lab-3.devices.json",
            "--observed-at", "2026-11-20T06:00:00Z",
        ])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(try scratch.vigil(["collect", "risks", "reg/risks.yaml", "--observed-at", "2026-11-20T06:00:00Z"]).status == 0)
        return scratch
    }

    private func report(_ scratch: Scratch, _ format: String, extra: [String] = []) throws -> String {
        let file = "report-\(format)"
        let run = try scratch.vigil(["check", "--at", Self.at, "--format", format, "--output", file] + extra)
        #expect(run.status == 1, "RA-1 has expired by then and lab-3 fails: \(run.stderr)")
        #expect(run.stdout.isEmpty, "the report goes to the file only")
        return try String(contentsOf: scratch.url.appendingPathComponent(file), encoding: .utf8)
    }

    @Test func junitIsWellFormedWithOneCasePerSubject() throws {
        let scratch = try prepared()
        let xml = try report(scratch, "junit")
        let folder = scratch.url.appendingPathComponent("report-junit").path
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            cases = [(c.get("classname"), c.get("name"), [e.tag for e in c]) for c in root.iter("testcase")]
            print(root.get("tests"), root.get("failures"), sorted(cases))
            """
        let run = try runProcess("python3", ["-c", script, folder])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output == "2 1 [('FW-01', 'host:lab-3', ['failure']), ('FW-01', 'host:web-01', [])]\n", "\(xml)")
    }

    @Test func oscalAssessmentResultsAndPOAMAreStableAndCrossReferenced() throws {
        let scratch = try prepared()
        let text = try report(scratch, "oscal", extra: ["--poam", "poam.json"])
        #expect(try report(scratch, "oscal") == text, "the same content gives the same UUIDs")
        let document = try JSONValue.parse(Data(text.utf8))
        let result = try #require(document["assessment-results"]?["results"]?.arrayValue?.first)
        let observations = try #require(result["observations"]?.arrayValue)
        #expect(observations.count == 2)
        let uuids = Set(observations.compactMap { $0["uuid"]?.stringValue })
        let finding = try #require(result["findings"]?.arrayValue?.first)
        #expect(finding["target"]?["target-id"] == "FW-01")
        #expect(Set(finding["related-observations"]?.arrayValue?.compactMap { $0["observation-uuid"]?.stringValue } ?? []) == uuids)
        #expect(
            result["reviewed-controls"]?["control-selections"]?.arrayValue?.first?["include-controls"]?
                .arrayValue?.first?["control-id"] == "FW-01")

        let poamText = try String(contentsOf: scratch.url.appendingPathComponent("poam.json"), encoding: .utf8)
        let poam = try #require(try JSONValue.parse(Data(poamText.utf8))["plan-of-action-and-milestones"])
        let risks = try #require(poam["risks"]?.arrayValue)
        let acceptance = try #require(risks.first { $0["title"]?.stringValue?.hasPrefix("RA-1") == true })
        #expect(acceptance["status"] == "open", "expired by 2099")
        #expect(acceptance["deadline"] == "2027-01-31T00:00:00Z")
        #expect(acceptance["risk-log"]?["entries"]?.arrayValue?.first?["start"] == "2026-10-01T00:00:00Z")
        #expect(risks.contains { $0["title"] == "FW-01 fail on host:lab-3" && $0["status"] == "open" })
    }

    @Test func htmlIsOnePageWithTheStoresHistoryCharted() throws {
        let scratch = try prepared()
        let html = try report(scratch, "html")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.contains("<svg class=\"chart\""))
        // At least one commit before --at, and --at itself.
        #expect(html.components(separatedBy: "<circle").count - 1 >= 2)
        #expect(html.contains("<tr><td>soc2</td><td class=\"num\">0/1</td>"))
        #expect(html.contains("<h2>Stale risk acceptances</h2>") && html.contains("<b>RA-1</b>"))
    }

    @Test func markdownListsTheControlWithItsSubjects() throws {
        let scratch = try prepared()
        let markdown = try report(scratch, "markdown")
        #expect(markdown.hasPrefix("# Vigil report\n"))
        #expect(markdown.contains("### ✗ FAIL · FW-01 — System firmware can be updated"))
        #expect(markdown.contains("| host:lab-3 | ✗ fail |"))
    }
}
