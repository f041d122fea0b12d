import EvidenceModel
import Foundation
import Testing

@testable import VigilKit

/// The TUI's acceptance timeline tells the extensions as the engine counts them.
struct AcceptanceTimelineTests {
    @Test func extensionsAreInTheOrderOfTheirDatesAndThoseGrantedLaterAreLeftOut() throws {
        let review = AcceptanceReview(
            id: "RA-1", control: "FW-01", subjects: ["host:lab-3"], expiresAt: nil, reasons: [],
            extensions: 2, detail: "")
        func date(_ text: String) -> Date? { Timestamp.parse(text) }
        let entry = RiskAcceptanceEvidence(
            id: "RA-1", control: "FW-01", subjects: ["host:lab-3"], reason: nil, owner: nil, approvedBy: "ciso",
            acceptedAt: date("2026-09-01"), expiresAt: date("2026-10-01"),
            extensions: [
                .init(at: date("2026-11-01"), expiresAt: date("2027-02-28"), by: "ciso", reason: nil),
                .init(at: date("2026-09-25"), expiresAt: date("2026-11-15"), by: "ciso", reason: nil),
                .init(at: date("2026-12-20"), expiresAt: date("2027-03-31"), by: "ciso", reason: nil),
                .init(at: nil, expiresAt: date("2027-06-30"), by: nil, reason: "undated"),
            ])
        let timeline = TUIQueries.timeline(review, entry: entry, at: try #require(Timestamp.parse("2026-11-29T00:00:00Z")))
        #expect(timeline.extensions.map(\.at) == [date("2026-09-25"), date("2026-11-01"), nil])
        #expect(timeline.approvedBy == "ciso" && timeline.originalExpiry == date("2026-10-01"))
    }
}
