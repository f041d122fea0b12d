import EvidenceModel
import Foundation
import Testing

@testable import Reporting

struct JSONReportTests {
    /// The report as a consumer sees it: rendered, then parsed back.
    static func parsed(_ run: RunResult = Fixtures.run) throws -> JSONValue {
        try JSONValue.parse(Data(JSONReport.render(run).utf8))
    }

    static func control(_ id: String, in report: JSONValue) throws -> [String: JSONValue] {
        let controls = try #require(report["controls"]?.arrayValue)
        return try #require(controls.compactMap(\.objectValue).first { $0["id"] == .string(id) })
    }

    @Test func topLevelKeysAreExactlyThoseOfTheContract() throws {
        let report = try #require(try Self.parsed().objectValue)
        #expect(
            Set(report.keys)
                == [
                    "vigil_report", "as_of", "known_at", "checkpoint", "summary", "controls", "scope_gaps", "risk_acceptances",
                    "coverage",
                ])
        #expect(report["known_at"] == .null, "no --known-at: the whole log was used")
        // Issue #20: coverage; no source judged here, and the results by whether they were evaluated.
        #expect(report["coverage"] == ["sources": .null, "results": ["evaluated": 9, "expected": 10]])
        #expect(report["vigil_report"] == 1)
    }

    @Test func asOfIsRFC3339() throws {
        #expect(try Self.parsed()["as_of"] == "2026-11-29T00:00:00Z")
        #expect(try Self.parsed(Fixtures.bare)["as_of"] == "2026-11-29T12:30:00.250Z")
    }

    @Test func checkpointIsAnObjectWithOriginSizeAndRootHash() throws {
        let checkpoint = try #require(try Self.parsed()["checkpoint"]?.objectValue)
        #expect(Set(checkpoint.keys) == ["origin", "size", "root_hash"])
        #expect(checkpoint["origin"] == "vigil.example.net/log")
        #expect(checkpoint["size"] == 42)
        #expect(checkpoint["root_hash"] == .string(Fixtures.checkpoint.rootHash))
    }

    @Test func checkpointIsNullWhenThereIsNone() throws {
        let report = try #require(try Self.parsed(Fixtures.bare).objectValue)
        #expect(report["checkpoint"] == .null)
        #expect(report.keys.contains("checkpoint"))
    }

    @Test func summaryCountsControlsByStatusWithEveryStatusAKey() throws {
        let summary = try #require(try Self.parsed()["summary"])
        #expect(
            summary
                == ["pass": 2, "fail": 1, "stale": 1, "missing": 1, "accepted": 1, "not_applicable": 1, "error": 1])
    }

    @Test func summaryOfAnEmptyRunHasEveryStatusAtZero() throws {
        let summary = try #require(try Self.parsed(Fixtures.empty)["summary"]?.objectValue)
        #expect(Set(summary.keys) == Set(Status.allCases.map(\.rawValue)))
        #expect(summary.values.allSatisfy { $0 == 0 })
        #expect(try Self.parsed(Fixtures.empty)["controls"] == [])
    }

    @Test func controlsKeepTheirGivenOrder() throws {
        let controls = try #require(try Self.parsed()["controls"]?.arrayValue)
        #expect(controls.map { $0["id"]?.stringValue } == Fixtures.controls.map(\.id))
    }

    @Test func controlCarriesIdTitleSeverityStatusFrameworksAndResults() throws {
        let control = try Self.control("KM-01", in: try Self.parsed())
        #expect(Set(control.keys) == ["id", "title", "severity", "status", "frameworks", "results"])
        #expect(control["title"] == "Customer-managed keys rotate at least every 90 days")
        #expect(control["severity"] == "high")
        #expect(control["status"] == "fail")
        #expect(control["frameworks"] == ["soc2": ["CC6.1"], "iso27001-2022": ["A.8.24"]])
        #expect(control["results"]?.arrayValue?.count == 3)
    }

    @Test func errorKeyAppearsOnlyOnAControlThatHasOne() throws {
        let report = try Self.parsed()
        let failed = try Self.control("FW-01", in: report)
        #expect(failed["error"] == "advisories file Controls/osv.json: no such file")
        #expect(failed["status"] == "error")
        #expect(failed["results"] == [])
        let controls = try #require(report["controls"]?.arrayValue)
        #expect(controls.filter { $0["error"] != nil }.count == 1)
    }

    @Test func resultCarriesSubjectStatusReasonEvidenceAndAcceptance() throws {
        let control = try Self.control("KM-01", in: try Self.parsed())
        let result = try #require(control["results"]?.arrayValue?[1].objectValue)
        #expect(Set(result.keys) == ["subject", "status", "reason", "evidence", "acceptance", "late"])
        #expect(result["subject"] == "key:payments")
        #expect(result["status"] == "fail")
        #expect(result["reason"] == "last rotation 212 days ago (max 90d)")
        #expect(result["evidence"] == ["e2", "e3"])
        #expect(result["acceptance"] == .null)
    }

    @Test func acceptanceIsTheRegisterIdOfAnAcceptedResult() throws {
        let control = try Self.control("FW-02", in: try Self.parsed())
        let results = try #require(control["results"]?.arrayValue)
        #expect(results[0]["acceptance"] == .null)
        #expect(results[1]["status"] == "accepted")
        #expect(results[1]["acceptance"] == "RA-7")
        #expect(control["status"] == "accepted")
    }

    @Test func everyStatusIsSpelledAsInTheContract() throws {
        let report = try Self.parsed()
        let controls = try #require(report["controls"]?.arrayValue)
        let controlStatuses = Set(controls.compactMap { $0["status"]?.stringValue })
        #expect(controlStatuses == ["pass", "fail", "stale", "missing", "accepted", "not_applicable", "error"])
        #expect(try Self.control("PQ-01", in: report)["results"]?.arrayValue?[0]["status"] == "not_applicable")
    }

    @Test func resultWithoutEvidenceHasAnEmptyList() throws {
        let control = try Self.control("CA-02", in: try Self.parsed())
        #expect(control["results"]?.arrayValue?[0]["evidence"] == [])
        #expect(control["frameworks"] == ["soc2": ["A1.2"]])
        #expect(try Self.control("CT-01", in: try Self.parsed())["frameworks"] == [:])
    }

    @Test func scopeGapsCarrySubjectGapControlReasonAndFlag() throws {
        let gaps = try #require(try Self.parsed()["scope_gaps"]?.arrayValue)
        #expect(gaps.count == 3)
        #expect(Set(try #require(gaps[0].objectValue).keys) == ["subject", "gap", "control", "reason", "flagged"])
        #expect(
            gaps[0] == [
                "subject": "host:lab-9", "gap": "uncovered", "control": nil,
                "reason": "no control's scope includes it", "flagged": true,
            ])
        #expect(gaps[1]["gap"] == "excluded")
        #expect(gaps[1]["flagged"] == false)
        #expect(gaps[2]["gap"] == "no_evidence")
        #expect(gaps[2]["control"] == "KM-01")
    }

    @Test func riskAcceptancesCarryStatusReasonsExtensionsExpirySubjectsAndDetail() throws {
        let reviews = try #require(try Self.parsed()["risk_acceptances"]?.arrayValue)
        #expect(reviews.map { $0["id"]?.stringValue } == ["RA-7", "RA-3"])
        #expect(
            reviews[0] == [
                "id": "RA-7", "control": "FW-02", "status": "active", "reasons": [], "extensions": 1,
                "expires_at": "2026-12-31T00:00:00Z", "subjects": ["host:lab-3"],
                "detail": "1 extension (max 2); expires in 32 days", "withdrawn_at": nil,
            ])
        #expect(reviews[1]["status"] == "stale")
        #expect(reviews[1]["reasons"] == ["over_extended", "expired"])
        #expect(reviews[1]["extensions"] == 3)
        #expect(reviews[1]["subjects"] == ["key:payments", "key:orders"])
    }

    @Test func acceptanceWithoutExpiryHasNullExpiresAt() throws {
        let review = AcceptanceReview(
            id: "RA-9", control: "KM-01", subjects: [], expiresAt: nil, reasons: [.noApprover], extensions: 0,
            detail: "no approver")
        let run = RunResult(asOf: Fixtures.run.asOf, checkpoint: nil, controls: [], scopeGaps: [], acceptances: [review])
        let parsed = try #require(try Self.parsed(run)["risk_acceptances"]?.arrayValue?.first)
        #expect(parsed["expires_at"] == .null)
        #expect(parsed["reasons"] == ["no_approver"])
    }

    @Test func renderingTwiceGivesTheSameBytes() {
        #expect(JSONReport.render(Fixtures.run) == JSONReport.render(Fixtures.run))
    }

    @Test func outputIsPrettyPrintedWithSortedKeysIntegersAndRawNonASCII() {
        let text = JSONReport.render(Fixtures.run)
        #expect(text.hasPrefix("{\n  \"as_of\": \"2026-11-29T00:00:00Z\",\n  \"checkpoint\": {\n    \"origin\""))
        #expect(text.hasSuffix("\n  \"vigil_report\": 1\n}\n"))
        #expect(text.contains("\"size\": 42\n"))
        #expect(!text.contains(".0,") && !text.contains(".0\n"))
        #expect(text.contains("Clés prêtes pour l'après-quantique"))
    }

    @Test func documentIsTheValueThatRenderPrints() throws {
        #expect(try Self.parsed() == JSONReport.document(for: Fixtures.run))
    }
}
