import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Reporting

struct JUnitReportTests {
    static let xml = JUnitReport.render(Fixtures.run)

    /// The whole report. A change here is a change CI systems see: review it, then update the literal.
    static let snapshot = """
        <?xml version="1.0" encoding="UTF-8"?>
        <testsuites name="vigil" tests="11" failures="3" errors="1" skipped="2" time="0">
          <testsuite name="AS" tests="1" failures="1" errors="0" skipped="0" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="AS-01" name="host:db-1" time="0">
              <failure message="newest evidence is 9 days old (freshness 7d)" type="stale">AS-01 Asset inventory is current: newest evidence is 9 days old (freshness 7d)
        evidence: e8</failure>
            </testcase>
          </testsuite>
          <testsuite name="CA" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="CA-02" name="domain:example.net" time="0"/>
          </testsuite>
          <testsuite name="CT" tests="1" failures="0" errors="0" skipped="0" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="CT-01" name="cert:www" time="0"/>
          </testsuite>
          <testsuite name="FW" tests="3" failures="0" errors="1" skipped="0" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="FW-01" name="(control)" time="0">
              <error message="advisories file Controls/osv.json: no such file" type="error">FW-01 Firmware has no known vulnerability: advisories file Controls/osv.json: no such file</error>
            </testcase>
            <testcase classname="FW-02" name="host:web-01" time="0"/>
            <testcase classname="FW-02" name="host:lab-3" time="0">
              <system-out>accepted under RA-7: 1 of 3 devices lacks the updatable flag (TPM 2.0)</system-out>
            </testcase>
          </testsuite>
          <testsuite name="KM" tests="3" failures="1" errors="0" skipped="1" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="KM-01" name="key:billing" time="0"/>
            <testcase classname="KM-01" name="key:payments" time="0">
              <failure message="last rotation 212 days ago (max 90d)" type="fail">KM-01 Customer-managed keys rotate at least every 90 days: last rotation 212 days ago (max 90d)
        evidence: e2, e3</failure>
            </testcase>
            <testcase classname="KM-01" name="key:hsm-root" time="0">
              <skipped message="the platform cannot rotate HSM-backed keys"/>
            </testcase>
          </testsuite>
          <testsuite name="MP" tests="1" failures="1" errors="0" skipped="0" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="MP-01" name="domain:shop.example.net" time="0">
              <failure message="in the scope of this control but no validation result was collected within the 90d window; the last one seen is older than the window or was never sent by the CA&#39;s pipeline" type="missing">MP-01 Domain validation meets the MPIC quorum: in the scope of this control but no validation result was collected within the 90d window; the last one seen is older than the window or was never sent by the CA&#39;s pipeline</failure>
            </testcase>
          </testsuite>
          <testsuite name="PQ" tests="1" failures="0" errors="0" skipped="1" time="0" timestamp="2026-11-29T00:00:00Z">
            <testcase classname="PQ-01" name="key:legacy" time="0">
              <skipped message="symmetric key"/>
            </testcase>
          </testsuite>
        </testsuites>

        """

    @Test func reportMatchesTheSnapshot() {
        Snapshot.expect(Self.xml, equals: Self.snapshot, "junit.xml")
    }

    @Test func familyIsTheIdBeforeTheFirstDash() {
        func family(_ id: String) -> String {
            ControlResult(id: id, title: "", severity: .low, frameworks: [:], results: []).family
        }
        #expect(family("FW-02") == "FW")
        #expect(family("KM-01-b") == "KM")
        #expect(family("BASELINE") == "BASELINE")
    }

    @Test func aControlWithoutSubjectsIsOneSkippedCase() {
        let control = ControlResult(id: "X-1", title: "t", severity: .low, frameworks: [:], results: [])
        let cases = JUnitReport.cases(control)
        #expect(cases.count == 1)
        #expect(cases.first?.name == JUnitReport.controlCaseName)
        #expect(cases.first?.counts.skipped == 1)
    }

    static let hostile = RunResult(
        asOf: Fixtures.date("2026-11-29T00:00:00Z"), checkpoint: nil,
        controls: [
            ControlResult(
                id: "X-<1>", title: "Quotes \" and ' & <tags>", severity: .low, frameworks: [:],
                results: [
                    SubjectResult(subject: "host:\"a&b\"", status: .fail, reason: "line one\nline two <b>\t]]> \u{7} done"),
                    SubjectResult(subject: "host:c", status: .error, reason: "could not read"),
                ])
        ], scopeGaps: [], acceptances: [])

    @Test func markupInTextIsEscapedAndControlCharactersWrittenAsEscapes() {
        let xml = JUnitReport.render(Self.hostile)
        #expect(xml.contains(#"classname="X-&lt;1&gt;" name="host:&quot;a&amp;b&quot;""#))
        #expect(xml.contains(#"message="line one&#10;line two &lt;b&gt;&#9;]]&gt; \u{7} done""#))
        #expect(!xml.unicodeScalars.contains("\u{7}"))
    }

    /// Parses `xml` with Python's xml.etree and junitparser and returns what they read, as JSON.
    private func parsed(_ xml: String) throws -> JSONValue? {
        guard try PythonTools.ensure(module: "junitparser", package: "junitparser") else { return nil }
        let temporary = try TemporaryFolder("vigil-reports")
        let folder = temporary.url
        let file = folder.appendingPathComponent("report.xml")
        try Data(xml.utf8).write(to: file)
        let script = #"""
            import json, sys, xml.etree.ElementTree as ET
            from junitparser import JUnitXml, Failure, Error, Skipped
            root = ET.parse(sys.argv[1]).getroot()
            suites = []
            for suite in JUnitXml.fromfile(sys.argv[1]):
                cases = []
                for case in suite:
                    outcome = [{"kind": type(r).__name__, "message": r.message, "type": r.type, "text": r.text} for r in case.result]
                    cases.append({"classname": case.classname, "name": case.name, "outcome": outcome,
                                  "system_out": case.system_out})
                suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                               "errors": suite.errors, "skipped": suite.skipped, "cases": cases})
            counted = {k: sum(int(s.get(k)) for s in root.iter("testsuite")) for k in ["tests", "failures", "errors", "skipped"]}
            print(json.dumps({"root": dict(root.attrib), "suites": suites, "summed": counted}))
            """#
        let run = try PythonTools.run(["python3", "-c", script, file.path])
        #expect(run.status == 0, "\(run.output)")
        return try JSONValue.parse(Data(run.output.utf8))
    }

    @Test func junitparserAndElementTreeReadEveryCaseWithItsOutcome() throws {
        guard let report = try parsed(Self.xml) else { return }
        for key in ["tests", "failures", "errors", "skipped"] {
            #expect(report["root"]?[key]?.stringValue.flatMap { Double($0) } == report["summed"]?[key]?.doubleValue, "\(key)")
        }
        #expect(report["root"]?["tests"] == "11")
        let suites = try #require(report["suites"]?.arrayValue)
        #expect(suites.compactMap { $0["name"]?.stringValue } == ["AS", "CA", "CT", "FW", "KM", "MP", "PQ"])
        // junitparser recounts from the cases: the attributes must agree with the elements.
        let km = try #require(suites.first { $0["name"] == "KM" })
        #expect(km["tests"] == 3 && km["failures"] == 1 && km["skipped"] == 1 && km["errors"] == 0)
        let cases = try #require(km["cases"]?.arrayValue)
        #expect(cases.compactMap { $0["name"]?.stringValue } == ["key:billing", "key:payments", "key:hsm-root"])
        #expect(cases.allSatisfy { $0["classname"] == "KM-01" })
        #expect(cases[1]["outcome"]?[0]?["kind"] == "Failure")
        #expect(cases[1]["outcome"]?[0]?["message"] == "last rotation 212 days ago (max 90d)")
        #expect(cases[1]["outcome"]?[0]?["type"] == "fail")
        #expect(cases[2]["outcome"]?[0]?["kind"] == "Skipped")
        #expect(cases[0]["outcome"]?.arrayValue?.isEmpty == true)

        let fw = try #require(suites.first { $0["name"] == "FW" }?["cases"]?.arrayValue)
        #expect(fw[0]["outcome"]?[0]?["kind"] == "Error")
        #expect(fw[2]["outcome"]?.arrayValue?.isEmpty == true, "accepted passes")
        #expect(fw[2]["system_out"]?.stringValue?.hasPrefix("accepted under RA-7") == true)
    }

    @Test func parsersReadEscapedTextBackExactly() throws {
        guard let report = try parsed(JUnitReport.render(Self.hostile)) else { return }
        let cases = try #require(report["suites"]?[0]?["cases"]?.arrayValue)
        #expect(report["suites"]?[0]?["name"] == "X")
        #expect(cases[0]["classname"] == "X-<1>")
        #expect(cases[0]["name"] == "host:\"a&b\"")
        #expect(cases[0]["outcome"]?[0]?["message"] == "line one\nline two <b>\t]]> \\u{7} done")
        #expect(cases[1]["outcome"]?[0]?["kind"] == "Error")
        #expect(report["root"]?["errors"] == "1" && report["root"]?["failures"] == "1")
    }
}
