import EvidenceModel
import Foundation
import Testing

@testable import Reporting

/// An acceptance a newer register no longer lists shows as `withdrawn`, with when, in every format,
/// and does not make the run need attention.
struct WithdrawnAcceptanceReportTests {
    static let withdrawnAt = Timestamp.parse("2026-11-25T00:00:00Z") ?? .distantPast

    static let run = RunResult(
        asOf: Fixtures.run.asOf, checkpoint: nil, controls: [], scopeGaps: [],
        acceptances: [
            AcceptanceReview(
                id: "RA-1", control: "FW-01", subjects: ["host:lab-3"], expiresAt: nil, reasons: [], extensions: 0,
                detail: "withdrawn 2026-11-25: risks.yaml as collected then no longer lists it", withdrawnAt: withdrawnAt),
            AcceptanceReview(
                id: "RA-2", control: "FW-01", subjects: ["host:db-01"], expiresAt: nil, reasons: [.expired], extensions: 0,
                detail: "has no valid expires_at"),
        ])

    @Test func aWithdrawnAcceptanceIsNeitherActiveNorStale() throws {
        let review = try #require(Self.run.acceptances.first)
        #expect(review.statusName == "withdrawn")
        #expect(!review.isActive && !review.isStale)
        let onlyWithdrawn = RunResult(asOf: Self.run.asOf, checkpoint: nil, controls: [], scopeGaps: [], acceptances: [review])
        #expect(!onlyWithdrawn.needsAttention, "nothing to do about a withdrawn acceptance")
    }

    @Test func theJSONReportSaysWithdrawnAndWhen() throws {
        let parsed = try JSONValue.parse(Data(JSONReport.render(Self.run).utf8))
        let reviews = try #require(parsed["risk_acceptances"]?.arrayValue)
        #expect(reviews[0]["status"] == "withdrawn")
        #expect(reviews[0]["withdrawn_at"] == "2026-11-25T00:00:00Z")
        #expect(reviews[0]["reasons"] == [])
        #expect(reviews[1]["withdrawn_at"] == .null)
    }

    @Test func textAndMarkdownListItAfterTheStaleOnesWithWhen() {
        let text = TextReport.render(Self.run, useColor: false)
        #expect(text.contains("Risk acceptances (2, 1 stale, 1 withdrawn)"), "\(text)")
        #expect(text.contains("  - RA-1  withdrawn 2026-11-25T00:00:00Z · FW-01 on host:lab-3 · 0 extensions\n"), "\(text)")
        #expect(text.range(of: "RA-2")?.lowerBound ?? text.endIndex < text.range(of: "RA-1")?.lowerBound ?? text.startIndex)
        let markdown = MarkdownReport.render(Self.run)
        #expect(markdown.contains("2 acceptances, 1 stale, 1 withdrawn."), "\(markdown)")
        #expect(markdown.contains("| RA-1 | FW-01 | host:lab-3 | withdrawn 2026-11-25T00:00:00Z | 0 | no expiry |"))
    }

    @Test func htmlListsItInItsOwnTable() {
        let html = HTMLReport.render(Self.run)
        #expect(html.contains("<h2>Withdrawn risk acceptances</h2>"))
        #expect(html.contains("<td><b>RA-1</b></td><td>FW-01</td><td>host:lab-3</td><td>2026-11-25T00:00:00Z</td>"))
        #expect(html.contains("<p>1 of 2 acceptances stale.</p>"))
        #expect(!HTMLReport.render(Fixtures.run).contains("Withdrawn risk acceptances"), "no table when none is withdrawn")
    }

    @Test func thePOAMClosesItsRiskWithAWithdrawalEntry() throws {
        let review = try #require(Self.run.acceptances.first)
        #expect(OSCALPlanOfAction.riskStatus(review) == "closed")
        let risks = OSCALReport.poamDocument(Self.run)["plan-of-action-and-milestones"]?["risks"]?.arrayValue ?? []
        let ra1 = try #require(risks.first { $0["title"]?.stringValue?.hasPrefix("RA-1:") == true })
        let log = ra1["risk-log"]?["entries"]?.arrayValue ?? []
        #expect(log.last?["title"] == "Withdrawn")
        #expect(log.last?["start"] == "2026-11-25T00:00:00Z")
        #expect(log.last?["status-change"] == "closed")
        #expect(OSCALReport.referenceProblems(in: OSCALReport.poamDocument(Self.run)) == [])
    }
}
