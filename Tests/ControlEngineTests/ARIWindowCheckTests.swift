import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// `ari_window` through the evaluator, at Fixture.now (2026-11-20T00:00:00Z).
struct ARIWindowCheckTests {
    typealias F = WebPKIFixture
    let control = F.control("{type: ari_window}", evidence: "[certificate, ari.window]")
    let old = F.certificate("old", names: ["shop.example"], issued: "2026-09-01T10:00:00Z")

    private func result(_ records: [EvidenceRecord], at instant: Date = Fixture.now) -> SubjectResult? {
        F.results(control, records, at: instant).first { $0.subject == "cert:old" }
    }

    @Test func successorInsideTheWindowPassesAndIsCitedWithTheWindow() throws {
        let window = F.window("old", start: "2026-10-30T00:00:00Z", end: "2026-11-01T00:00:00Z", fetched: "2026-10-20T06:00:00Z")
        let new = F.certificate("new", names: ["shop.example"], issued: "2026-10-31T10:00:00Z")
        let r = try #require(result([old, window, new]))
        #expect(r.status == .pass)
        #expect(
            r.reason == "shop.example renewed 2026-10-31T10:00:00Z (successor cert:new, time from its earliest SCT), within suggested window "
                + "2026-10-30T00:00:00Z–2026-11-01T00:00:00Z (fetched 2026-10-20T06:00:00Z)")
        #expect(r.evidence == [old.id, window.id, new.id])
    }

    @Test func aMovedWindowJudgesTheRenewalByTheResponseFetchedLastBeforeIt() throws {
        let first = F.window("old", start: "2026-10-13T00:00:00Z", end: "2026-10-15T00:00:00Z", fetched: "2026-10-01T06:00:00Z")
        let moved = F.window("old", start: "2026-10-10T00:00:00Z", end: "2026-10-11T00:00:00Z", fetched: "2026-10-10T06:00:00Z")
        let late = F.certificate("new", names: ["shop.example"], issued: "2026-10-12T10:00:00Z")
        let r = try #require(result([old, first, moved, late]))
        #expect(r.status == .fail)
        #expect(r.reason.contains("1.4 days after the suggested window 2026-10-10T00:00:00Z–2026-10-11T00:00:00Z (fetched 2026-10-10T06:00:00Z) ended"))
        #expect(r.evidence.contains(moved.id) && r.evidence.contains(late.id) && !r.evidence.contains(first.id))

        let early = F.certificate("new", names: ["shop.example"], issued: "2026-10-09T10:00:00Z")
        let before = try #require(result([old, first, moved, early]))
        #expect(before.status == .pass)
        #expect(before.reason.hasSuffix("(fetched 2026-10-01T06:00:00Z), before it opened"))
    }

    @Test func noSuccessorWithTheWindowAheadIsNotYetDue() throws {
        let window = F.window("old", start: "2026-11-25T00:00:00Z", end: "2026-11-27T00:00:00Z", fetched: "2026-11-19T06:00:00Z")
        let r = try #require(result([old, window]))
        #expect(r.status == .pass)
        #expect(r.reason.hasPrefix("shop.example: renewal not yet due, suggested window 2026-11-25T00:00:00Z–2026-11-27T00:00:00Z"))
        #expect(r.evidence == [old.id, window.id])
    }

    @Test func aWindowThatEndedWithoutSuccessorFails() throws {
        let window = F.window("old", start: "2026-11-10T00:00:00Z", end: "2026-11-12T00:00:00Z", fetched: "2026-11-01T06:00:00Z")
        let r = try #require(result([old, window]))
        #expect(r.status == .fail)
        #expect(r.reason.contains("ended 8 days ago without a successor for shop.example"))
    }

    @Test func expiredWithoutSuccessorFails() throws {
        let window = F.window("old", start: "2026-11-25T00:00:00Z", end: "2026-11-27T00:00:00Z", fetched: "2026-11-19T06:00:00Z")
        let r = try #require(result([old, window], at: F.date("2026-12-05T00:00:00Z")))
        #expect(r.status == .fail)
        #expect(r.reason.hasPrefix("shop.example: expired 2026-11-30T08:59:59Z without a successor"))
    }

    @Test func successorIssuedAfterExpiryFails() throws {
        let window = F.window("old", start: "2026-11-25T00:00:00Z", end: "2026-11-27T00:00:00Z", fetched: "2026-11-19T06:00:00Z")
        let late = F.certificate("new", names: ["shop.example"], issued: "2026-12-01T10:00:00Z", observed: F.date("2026-12-02T00:00:00Z"))
        let r = try #require(result([old, window, late], at: F.date("2026-12-03T00:00:00Z")))
        #expect(r.status == .fail)
        #expect(r.reason.hasSuffix("after the certificate expired 2026-11-30T08:59:59Z"))
    }

    @Test func withoutSCTsIssuanceIsNotBeforeAndTheReasonSaysItMayBeBackdated() throws {
        let window = F.window("old", start: "2026-10-30T00:00:00Z", end: "2026-11-01T00:00:00Z", fetched: "2026-10-20T06:00:00Z")
        let new = F.certificate("new", names: ["shop.example"], issued: "2026-10-31T10:00:00Z", logs: nil)
        let r = try #require(result([old, window, new]))
        #expect(
            r.reason.hasPrefix(
                "shop.example renewed 2026-10-31T09:00:00Z (successor cert:new, time from its notBefore, which CAs may backdate by about an hour)"))
    }

    @Test func successorIsFoundByReplacesEvenWithOtherNames() throws {
        let window = F.window("old", start: "2026-10-30T00:00:00Z", end: "2026-11-01T00:00:00Z", fetched: "2026-10-20T06:00:00Z")
        let other = F.certificate("new", names: ["shop.example", "cdn.shop.example"], issued: "2026-10-31T10:00:00Z")
        #expect(try #require(result([old, window, other])).status == .fail)
        let replacing = F.certificate(
            "new", names: ["shop.example", "cdn.shop.example"], issued: "2026-10-31T10:00:00Z",
            extra: ["replaces": "old"])
        #expect(try #require(result([old, window, replacing])).status == .pass)
    }

    @Test func evidenceCollectedAfterTheInstantIsNotSeen() throws {
        let window = F.window("old", start: "2026-10-30T00:00:00Z", end: "2026-11-01T00:00:00Z", fetched: "2026-10-20T06:00:00Z")
        let new = F.certificate("new", names: ["shop.example"], issued: "2026-10-31T10:00:00Z", observed: F.date("2026-11-10T00:00:00Z"))
        let seen = F.certificate("old", names: ["shop.example"], issued: "2026-09-01T10:00:00Z", observed: F.date("2026-10-01T00:00:00Z"))
        let r = try #require(result([seen, window, new], at: F.date("2026-11-05T00:00:00Z")))
        #expect(r.status == .fail)
    }

    @Test func certificatesOutsideTheCheckAreNotApplicableOrAnError() {
        let caWindow = F.window("ca", start: "2026-11-25T00:00:00Z", end: "2026-11-27T00:00:00Z", fetched: "2026-11-19T06:00:00Z")
        let results = F.results(
            control,
            [
                old, F.certificate("ca", names: [], issued: "2026-01-01T00:00:00Z", isCA: true), caWindow,
                F.window("lost", start: "2026-11-25T00:00:00Z", end: "2026-11-27T00:00:00Z", fetched: "2026-11-19T06:00:00Z"),
            ])
        let status = Dictionary(uniqueKeysWithValues: results.map { ($0.subject, $0.status) })
        #expect(status == ["cert:old": .notApplicable, "cert:ca": .notApplicable, "cert:lost": .error])
        #expect(results.first { $0.subject == "cert:old" }?.reason.hasPrefix("no ARI RenewalInfo fetched") == true)
    }
}
