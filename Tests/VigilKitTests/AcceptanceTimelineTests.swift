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
        let entry: [String: JSONValue] = [
            "extensions": [
                ["at": "2026-11-01T00:00:00Z", "expires_at": "2027-02-28T00:00:00Z", "by": "ciso"],
                ["at": "2026-09-25T00:00:00Z", "expires_at": "2026-11-15T00:00:00Z", "by": "ciso"],
                ["at": "2026-12-20T00:00:00Z", "expires_at": "2027-03-31T00:00:00Z", "by": "ciso"],
            ]
        ]
        let timeline = TUIQueries.timeline(review, entry: entry, at: try #require(Timestamp.parse("2026-11-29T00:00:00Z")))
        #expect(timeline.extensions.map(\.at) == [Timestamp.parse("2026-09-25"), Timestamp.parse("2026-11-01")])
    }
}
