import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct CTLoggedCheckTests {
    typealias F = WebPKIFixture

    private func verdict(_ record: EvidenceRecord, _ check: CTLoggedCheck = CTLoggedCheck()) -> CheckVerdict {
        check.judge([record], at: Fixture.now)
    }

    @Test func twoSCTsFromDistinctLogsPass() {
        let v = verdict(F.certificate("a.1", names: ["a.example"], issued: "2026-11-01T10:00:00Z"))
        #expect(v == .pass("a.example: 2 SCTs from 2 distinct logs, 2 required (lifetime 90 days ≤ 180d)"))
    }

    @Test func oneSCTFails() {
        let v = verdict(F.certificate("a.1", names: ["a.example"], issued: "2026-11-01T10:00:00Z", logs: ["argon"]))
        #expect(v == .fail("a.example: 1 SCT from 1 distinct log, 2 required (lifetime 90 days ≤ 180d)"))
    }

    @Test func sctsFromOneLogCountOnce() {
        let v = verdict(F.certificate("a.1", names: ["a.example"], issued: "2026-11-01T10:00:00Z", logs: ["argon", "argon"]))
        #expect(v.status == .fail)
        #expect(v.reason.hasPrefix("a.example: 2 SCTs from 1 distinct log, 2 required"))
    }

    @Test func certificateWithoutEmbeddedSCTsFails() {
        let v = verdict(F.certificate("a.1", names: ["a.example"], issued: "2026-11-01T10:00:00Z", logs: []))
        #expect(v.status == .fail)
        #expect(v.reason == "a.example: no embedded SCTs, 2 required (lifetime 90 days ≤ 180d)")
    }

    @Test func longLifetimeNeedsMinSCTsLong() {
        let check = CTLoggedCheck(minSCTs: 2, minSCTsLong: 3)
        let long = F.certificate("a.1", names: ["a.example"], issued: "2026-01-01T10:00:00Z", days: 397)
        #expect(verdict(long, check) == .fail("a.example: 2 SCTs from 2 distinct logs, 3 required (lifetime 397 days > 180d)"))
        let exactly180 = F.certificate("a.2", names: ["a.example"], issued: "2026-01-01T10:00:00Z", days: 180)
        #expect(verdict(exactly180, check).status == .pass)
    }

    @Test func caCertificatesPrecertificatesAndRecordsWithoutSCTDataAreNotApplicable() {
        #expect(verdict(F.certificate("ca", names: [], issued: "2026-01-01T00:00:00Z", isCA: true)).status == .notApplicable)
        #expect(
            verdict(F.certificate("p", names: ["a.example"], issued: "2026-01-01T00:00:00Z", precertificate: true)).status
                == .notApplicable)
        let acm = verdict(F.certificate("acm", names: ["a.example"], issued: "2026-01-01T00:00:00Z", logs: nil))
        #expect(acm.status == .notApplicable)
        #expect(acm.reason.contains("no SCT data collected"))
    }

    @Test func parametersAreCheckedAndUnknownOnesRejected() {
        var bad = CheckParameters(["min_scts": 0, "min_scts_long": "three", "logs": 2])
        #expect(CTLoggedCheck(parameters: &bad) == nil)
        bad.rejectUnread(type: "ct_logged")
        #expect(bad.problems.map(\.field) == ["check.min_scts", "check.min_scts_long", "check.logs"])
        var good = CheckParameters(["min_scts": 2, "min_scts_long": 3, "long_lifetime": "100d"])
        let check = CTLoggedCheck(parameters: &good)
        #expect(check?.minSCTsLong == 3)
        #expect(check?.longLifetime.days == 100)
    }

    @Test func controlResultNamesTheCertificateAndItsRecord() {
        let record = F.certificate("a.1", names: ["a.example"], issued: "2026-11-01T10:00:00Z", logs: ["argon"])
        let results = F.results(F.control("{type: ct_logged}"), [record])
        #expect(results.map(\.subject) == ["cert:a.1"])
        #expect(results.first?.status == .fail)
        #expect(results.first?.evidence == [record.id])
    }
}
