import EvidenceModel
import Foundation
import Testing

@testable import Reporting

/// The diff's three formats say the same changes, worst first, and escape what evidence wrote.
struct DiffReportTests {
    static let diff = RunDiff(
        from: .init(instant: Fixtures.date("2026-11-22T00:00:00Z"), checkpoint: nil),
        to: .init(instant: Fixtures.date("2026-11-29T00:00:00Z"), checkpoint: Fixtures.checkpoint),
        results: [
            .init(control: "FW-01", title: "t", subject: "host:b", from: nil, to: .init(status: .pass, reason: "fine")),
            .init(
                control: "KM-01", title: "t", subject: "key:a|\u{1b}[31m", from: .init(status: .pass, reason: "rotated"),
                to: .init(status: .fail, reason: "212 days")),
        ],
        gapsOpened: [Fixtures.gaps[2]], gapsClosed: [Fixtures.gaps[0]],
        acceptances: [.init(id: "RA-3", control: "KM-01", change: .expired, detail: "expired 2026-07-10")],
        evidenceAdded: ["key": 4, "firmware.device": 8])

    @Test func jsonListsRegressionsFirstAndCountsThem() throws {
        let json = try JSONValue.parse(Data(DiffReport.render(Self.diff, as: .json).utf8))
        #expect(json["vigil_diff"] == 1)
        #expect(json["regressions"] == 3)
        #expect(json["from"]?["checkpoint"] == .null)
        #expect(json["to"]?["checkpoint"]?["size"] == 42)
        #expect(json["results"]?.arrayValue?.map { $0["change"] } == ["regressed", "changed"])
        #expect(json["results"]?.arrayValue?.last?["from"] == .null)
        #expect(json["scope_gaps"]?["opened"]?.arrayValue?.first?["gap"] == "no_evidence")
        #expect(json["scope_gaps"]?["closed"]?.arrayValue?.first?["gap"] == "uncovered")
        #expect(json["risk_acceptances"]?.arrayValue?.first?["regression"] == true)
        #expect(json["evidence_added"] == ["key": 4, "firmware.device": 8])
    }

    @Test func textNamesBothSidesAndBothReasonsWithoutPassingEscapesThrough() {
        let text = DiffReport.render(Self.diff, as: .text)
        #expect(text.hasPrefix("Vigil diff from 2026-11-22T00:00:00Z (before the first checkpoint)\n"))
        #expect(text.contains("to 2026-11-29T00:00:00Z (checkpoint vigil.example.net/log at size 42)"))
        #expect(text.contains("5 changes, 3 regressions."))
        #expect(text.contains("Results (2 results changed status)"))
        #expect(text.contains("regressed  KM-01  key:a|\\u{1B}[31m  pass → fail"), "\(text)")
        #expect(text.contains("was: rotated") && text.contains("now: 212 days"))
        #expect(text.contains("Evidence logged in between: 12 records (firmware.device 8, key 4)"))
        #expect(!text.contains("\u{1b}"))
    }

    @Test func markdownTablesCannotBeBrokenByASubject() {
        let markdown = DiffReport.render(Self.diff, as: .markdown)
        #expect(markdown.contains("| regressed | KM-01 | key:a\\|\\\\u{1B}\\[31m | pass → fail | rotated | 212 days |"), "\(markdown)")
        #expect(markdown.contains("| changed | FW-01 | host:b | none → pass | — | fine |"))
        #expect(markdown.contains("| RA-3 | KM-01 | expired | expired 2026-07-10 |"))
    }

    @Test func nothingChangedIsSaid() {
        let same = RunDiff(
            from: Self.diff.from, to: Self.diff.to, results: [], gapsOpened: [], gapsClosed: [], acceptances: [], evidenceAdded: [:])
        #expect(DiffReport.render(same, as: .text).contains("No change.\n\nEvidence logged in between: no record"))
    }
}
