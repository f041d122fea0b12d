import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// `document_current`: due date and days left or overdue, what an entry lacks, and the cap on the cycle.
struct DocumentCurrentCheckTests {
    static let at = Timestamp.parse("2026-11-29T12:00:00Z") ?? .distantPast

    private static func record(_ data: [String: JSONValue]) -> EvidenceRecord {
        EvidenceRecord(
            kind: "document", subject: "document:ISP-1", observedAt: at.addingTimeInterval(-86_400), collector: "document",
            origin: .declared, source: EvidenceSource(name: "policy.pdf", sha256: String(repeating: "0", count: 64)), data: data)
    }

    private static func document(approvedAt: String = "2026-02-16", every: String = "365d", drop: String? = nil) -> EvidenceRecord {
        var data: [String: JSONValue] = [
            "id": "ISP-1", "title": "Policy", "owner": "o@example.net", "approved_by": "ciso@example.net",
            "approved_at": .string(approvedAt + "T00:00:00Z"), "review_every": .string(every),
        ]
        if let drop { data[drop] = nil }
        return record(data)
    }

    @Test func aCurrentDocumentNamesItsDueDateAndTheDaysLeft() {
        let verdict = DocumentCurrentCheck().judge([Self.document()], at: Self.at)
        #expect(verdict.status == .pass)
        #expect(verdict.reason == "'Policy' review due 2027-02-16, 79 days left: approved 2026-02-16 by ciso@example.net, reviewed every 365d")
    }

    @Test func anOverdueReviewFailsNamingByHowManyDays() {
        let verdict = DocumentCurrentCheck().judge([Self.document(approvedAt: "2025-10-20")], at: Self.at)
        #expect(verdict.status == .fail)
        #expect(verdict.reason.hasPrefix("'Policy' review overdue by 41 days: approved 2025-10-20 by ciso@example.net"), "\(verdict.reason)")
        #expect(DocumentCurrentCheck.days(6 * 3_600) == "1 day")
    }

    @Test func anEntryLackingAnOwnerOrApproverFails() {
        #expect(DocumentCurrentCheck().judge([Self.document(drop: "owner")], at: Self.at).reason == "'Policy' has no owner")
        let both = DocumentCurrentCheck().judge([Self.document(drop: "approved_by")], at: Self.at)
        #expect(both.status == .fail && both.reason == "'Policy' has no approver")
    }

    @Test func aCycleLongerThanTheControlAllowsFails() throws {
        var parameters = CheckParameters(["type": "document_current", "max_review_every": "365d"])
        let check = try #require(DocumentCurrentCheck(parameters: &parameters))
        let verdict = check.judge([Self.document(approvedAt: "2026-11-01", every: "730d")], at: Self.at)
        #expect(verdict.status == .fail && verdict.reason.contains("reviewed every 730d, longer than the 365d this control allows"))
        var bad = CheckParameters(["type": "document_current", "max_review_every": "yearly"])
        #expect(DocumentCurrentCheck(parameters: &bad) == nil)
        #expect(bad.problems.first?.field == "check.max_review_every")
    }
}
