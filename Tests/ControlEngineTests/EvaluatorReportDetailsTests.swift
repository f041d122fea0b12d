import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// What the evaluator adds for the audience reports: freshness, observation times, acceptance histories.
struct EvaluatorReportDetailsTests {
    static let fresh = Fixture.control(
        """
        - id: FW-02
          title: Firmware is updatable
          severity: high
          evidence: firmware.device
          freshness: 7d
          check: {type: firmware_updatable}
        """)

    @Test func controlResultsCarryTheControlsFreshness() {
        let records = [Fixture.device("a", "UEFI", at: Fixture.daysAgo(1))]
        #expect(Fixture.run([Self.fresh], records).controls.first?.freshness == EvidenceDuration("7d"))
        #expect(Fixture.run([Fixture.firmwareControl], records).controls.first?.freshness == nil)
    }

    @Test func subjectResultsCarryWhenTheirJudgedEvidenceWasObserved() {
        let records = [
            Fixture.device("a", "UEFI", at: Fixture.daysAgo(3)),
            Fixture.device("a", "UEFI", at: Fixture.daysAgo(1)),
        ]
        let result = Fixture.run([Self.fresh], records).controls.first?.results.first
        #expect(result?.observedAt == Fixture.daysAgo(1))
    }

    @Test func anAcceptancesRecordDoesNotCountAsTheSubjectsObservation() {
        let records = [
            Fixture.device("lab-3", "UEFI", flags: [], at: Fixture.daysAgo(4)),
            Fixture.acceptance("RA-7", control: "FW-02", subjects: ["host:lab-3"]),
        ]
        let result = Fixture.run([Self.fresh], records).controls.first?.results.first
        #expect(result?.status == .accepted)
        #expect(result?.observedAt == Fixture.daysAgo(4), "the acceptance record (10 days old) is cited but not aged")
    }

    @Test func aSubjectWithoutEvidenceHasNoObservationTime() {
        let scoped = Fixture.control(
            """
            - id: FW-02
              title: Firmware is updatable
              severity: high
              evidence: firmware.device
              scope: {kind: asset, type: host}
              check: {type: firmware_updatable}
            """)
        let result = Fixture.run([scoped], [Fixture.asset("host:b", type: "host")]).controls.first?.results.first
        #expect(result?.status == .missing)
        #expect(result?.observedAt == nil)
    }

    @Test func reviewsCarryTheRegisterHistoryOfTheAcceptance() throws {
        let extensions: [[String: JSONValue]] = [
            ["at": "2026-09-01", "expires_at": "2026-10-31", "by": "ciso@example.net"],
            ["at": "2026-10-30", "expires_at": "2026-12-31"],
        ]
        let records = [
            Fixture.acceptance(
                "RA-7", control: "FW-02", subjects: ["host:lab-3"], expiresAt: "2026-09-30",
                extensions: extensions)
        ]
        let review = try #require(Fixture.run([Self.fresh], records).acceptances.first)
        #expect(review.acceptedAt == Timestamp.parse("2026-06-01"))
        #expect(review.approvedBy == "ciso@example.net")
        #expect(review.originalExpiresAt == Timestamp.parse("2026-09-30"))
        #expect(review.expiresAt == Timestamp.parse("2026-12-31"))
        #expect(
            review.extensionHistory == [
                AcceptanceReview.Extension(
                    at: Timestamp.parse("2026-09-01"), expiresAt: Timestamp.parse("2026-10-31"),
                    approvedBy: "ciso@example.net"),
                AcceptanceReview.Extension(
                    at: Timestamp.parse("2026-10-30"), expiresAt: Timestamp.parse("2026-12-31"),
                    approvedBy: nil),
            ])
    }
}
