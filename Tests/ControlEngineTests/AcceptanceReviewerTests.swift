import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct AcceptanceReviewerTests {
    let firmware = Fixture.firmwareControl
    let failingLab = Fixture.device("lab-3", "Board", flags: [])

    private func review(_ acceptance: EvidenceRecord, _ evidence: [EvidenceRecord] = []) -> AcceptanceReview? {
        Fixture.run([firmware], [acceptance] + (evidence.isEmpty ? [failingLab] : evidence)).acceptances.first
    }

    private func extensions(
        _ count: Int, by approver: String? = "ciso@example.net", expiresAt: String = "2026-12-31"
    )
        -> [[String: JSONValue]]
    {
        (0..<count).map { n in
            var item: [String: JSONValue] = ["at": .string("2026-0\(n + 7)-01"), "expires_at": .string(expiresAt), "reason": "vendor late"]
            if let approver { item["by"] = .string(approver) }
            return item
        }
    }

    @Test func anActiveAcceptanceTurnsAFailureIntoAcceptedWithItsId() throws {
        let acceptance = Fixture.acceptance("RA-7", control: "FW-02", subjects: ["host:lab-3"])
        let run = Fixture.run([firmware], [acceptance, failingLab, Fixture.device("web-1", "UEFI", flags: [])])
        let results = try #require(run.controls.first?.results)
        #expect(results.map(\.status) == [.accepted, .fail])
        #expect(results[0].acceptance == "RA-7")
        #expect(results[0].reason.hasSuffix("; accepted under RA-7 until 2026-12-31"))
        #expect(results[0].evidence == [failingLab.id, acceptance.id])
        #expect(results[1].acceptance == nil)
        #expect(run.acceptances.first?.isActive == true)
        #expect(run.acceptances.first?.detail == "expires 2026-12-31; extended 0 times (max 2); spans 213 days (max 365d)")
    }

    @Test func anExpiredAcceptanceIsStaleAndCoversNothing() {
        let acceptance = Fixture.acceptance("RA-1", control: "FW-02", subjects: ["host:lab-3"], expiresAt: "2026-10-01")
        let run = Fixture.run([firmware], [acceptance, failingLab])
        #expect(run.acceptances.first?.reasons == [.expired])
        #expect(run.acceptances.first?.detail.hasPrefix("expired 2026-10-01 (50 days ago)") == true)
        #expect(run.controls.first?.results.map(\.status) == [.fail])
    }

    @Test func theLastExtensionsExpiryIsTheOneInForce() {
        let acceptance = Fixture.acceptance(
            "RA-2", control: "FW-02", subjects: ["host:lab-3"],
            expiresAt: "2026-10-01", extensions: extensions(1))
        #expect(review(acceptance)?.isActive == true)
        #expect(review(acceptance)?.expiresAt == Timestamp.parse("2026-12-31"))
    }

    @Test func theExtensionWithTheNewestDateIsInForceWhateverItsPlaceInTheFile() {
        let outOfOrder: [[String: JSONValue]] = [
            ["at": "2026-11-01", "expires_at": "2027-02-28", "by": "ciso@example.net"],
            ["at": "2026-09-25", "expires_at": "2026-11-15", "by": "ciso@example.net"],
        ]
        let acceptance = Fixture.acceptance(
            "RA-2", control: "FW-02", subjects: ["host:lab-3"],
            expiresAt: "2026-10-01", extensions: outOfOrder)
        let reviewed = review(acceptance)
        #expect(reviewed?.isActive == true)
        #expect(reviewed?.expiresAt == Timestamp.parse("2027-02-28"))
        #expect(reviewed?.extensionHistory.map(\.at) == [Timestamp.parse("2026-09-25"), Timestamp.parse("2026-11-01")])
    }

    @Test func anExtensionCountsOnlyFromItsDate() throws {
        // Records collected now reject extensions dated after them; one stored earlier may still carry one.
        let ahead: [[String: JSONValue]] = [
            ["at": "2026-10-25", "expires_at": "2026-11-15", "by": "ciso@example.net"],
            ["at": "2026-12-20", "expires_at": "2027-02-28", "by": "ciso@example.net"],
            ["at": "2026-12-21", "expires_at": "2027-03-31", "by": "ciso@example.net"],
        ]
        let acceptance = Fixture.acceptance(
            "RA-2", control: "FW-02", subjects: ["host:lab-3"],
            expiresAt: "2026-10-31", extensions: ahead)
        let now = try #require(review(acceptance))
        #expect(now.reasons == [.expired], "on 2026-11-20 only the first extension is granted")
        #expect(now.expiresAt == Timestamp.parse("2026-11-15"))
        #expect(now.extensions == 1, "the later ones are not counted against max_extensions yet")
        let later = Fixture.run([firmware], [acceptance, failingLab], at: try #require(Timestamp.parse("2026-12-22")))
        #expect(later.acceptances.first?.expiresAt == Timestamp.parse("2027-03-31"))
        #expect(later.acceptances.first?.reasons == [.overExtended])
    }

    @Test func anUndatedExtensionCountsButSetsNoExpiry() {
        let undated: [[String: JSONValue]] = [["expires_at": "2027-02-28", "by": "ciso@example.net"]]
        let acceptance = Fixture.acceptance(
            "RA-2", control: "FW-02", subjects: ["host:lab-3"],
            expiresAt: "2026-10-01", extensions: undated)
        #expect(review(acceptance)?.expiresAt == Timestamp.parse("2026-10-01"))
        #expect(review(acceptance)?.extensions == 1)
    }

    @Test func moreExtensionsThanAllowedIsOverExtended() {
        let acceptance = Fixture.acceptance("RA-3", control: "FW-02", subjects: ["host:lab-3"], extensions: extensions(3))
        #expect(review(acceptance)?.reasons == [.overExtended])
        #expect(review(acceptance)?.extensions == 3)
        #expect(review(acceptance)?.detail.contains("extended 3 times (max 2)") == true)
    }

    @Test func aSpanLongerThanMaxTotalIsTooLong() {
        let acceptance = Fixture.acceptance(
            "RA-4", control: "FW-02", subjects: ["host:lab-3"],
            acceptedAt: "2025-10-01", expiresAt: "2026-12-01")
        #expect(review(acceptance)?.reasons == [.tooLong])
        #expect(review(acceptance)?.detail.contains("spans 426 days (max 365d)") == true)
    }

    @Test func anAcceptanceForAPassingControlIsUnneeded() {
        let acceptance = Fixture.acceptance("RA-5", control: "FW-02", subjects: ["host:lab-3"])
        let reviewed = review(acceptance, [Fixture.device("lab-3", "Board")])
        #expect(reviewed?.reasons == [.unneeded])
        #expect(reviewed?.detail.contains("FW-02 passes without it for host:lab-3") == true)
    }

    @Test func anAcceptanceForAControlThatIsNotLoadedIsNotFlaggedUnneeded() {
        let acceptance = Fixture.acceptance("RA-9", control: "KM-01", subjects: ["key:k"])
        #expect(review(acceptance)?.isActive == true)
        #expect(review(acceptance)?.detail.contains("control KM-01 is not among the loaded controls") == true)
    }

    @Test(arguments: [
        (nil as String?, 0, "approved_by is missing"), ("", 0, "approved_by is missing"),
        ("ciso@example.net", 1, "extension 1 has no approver ('by')"),
    ])
    func aMissingApproverIsNoApprover(approvedBy: String?, unapprovedExtensions: Int, detail: String) {
        let acceptance = Fixture.acceptance(
            "RA-6", control: "FW-02", subjects: ["host:lab-3"], approvedBy: approvedBy,
            extensions: extensions(unapprovedExtensions, by: nil))
        #expect(review(acceptance)?.reasons == [.noApprover])
        #expect(review(acceptance)?.detail.contains(detail) == true)
    }

    @Test func aStaleAcceptanceListsEveryReasonInOrder() {
        let acceptance = Fixture.acceptance(
            "RA-8", control: "FW-02", subjects: ["host:lab-3"], acceptedAt: "2024-01-01",
            approvedBy: nil, extensions: extensions(3, expiresAt: "2025-11-01"))
        let reviewed = review(acceptance, [Fixture.device("lab-3", "Board")])
        #expect(reviewed?.reasons == [.expired, .overExtended, .tooLong, .unneeded, .noApprover])
        #expect(reviewed?.statusName == "stale")
    }

    @Test func onlyFailuresAreCoveredNotMissingOrStaleEvidence() {
        let control = Fixture.control(
            """
            - id: FW-07
              title: T
              severity: low
              evidence: firmware.device
              scope: {kind: asset, type: host}
              freshness: 7d
              check: {type: firmware_updatable}
            """)
        let records = [
            Fixture.asset("host:lab-3"), Fixture.asset("host:lab-4"),
            Fixture.device("lab-3", "Board", flags: [], at: Fixture.daysAgo(20)),
            Fixture.acceptance("RA-7", control: "FW-07", subjects: ["host:lab-3", "host:lab-4"]),
        ]
        #expect(Fixture.run([control], records).controls.first?.results.map(\.status) == [.stale, .missing])
    }

    @Test func acceptancesAreReviewedAtTheInstantUsingTheirNewestRecord() {
        let old = Fixture.acceptance("RA-7", control: "FW-02", subjects: ["host:lab-3"], expiresAt: "2026-01-01")
        let newer = Fixture.record(
            EvidenceKind.riskAcceptance, "risk:RA-7", at: Fixture.daysAgo(1), origin: .declared,
            old.data.merging(["expires_at": "2026-12-31"]) { _, new in new })
        let run = Fixture.run([firmware], [old, newer, failingLab])
        #expect(run.acceptances.map(\.id) == ["RA-7"])
        #expect(run.acceptances.first?.isActive == true)
        #expect(
            Fixture.run([firmware], [old, newer, failingLab], at: Fixture.daysAgo(5)).acceptances.first?.reasons
                == [.expired])
    }
}
