import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct MPICAgreementCheckTests {
    let check = MPICAgreementCheck()
    typealias Seen = MPICFixture.Seen
    let caa = ["0 issue \"letsencrypt.org\"", "0 iodef \"mailto:security@example.com\""]

    func verdict(_ record: EvidenceRecord) -> CheckVerdict {
        check.judge([record], at: MPICFixture.day("2026-11-29T12:00:00Z"))
    }

    @Test func allPerspectivesPassingWithTheSameRecordsAgree() {
        let seen = MPICFixture.six.enumerated().map { Seen.pass($0.element, records: $0.offset.isMultiple(of: 2) ? caa : caa.reversed()) }
        let result = verdict(MPICFixture.openMPIC(seen))
        #expect(result == .pass("CAA example.com at 2026-11-29T10:00:00Z: all 6 perspectives corroborated and saw the same 2 records"))
    }

    @Test func differentCAARecordsFailEvenWhenAllPassed() {
        let seen = MPICFixture.six.map { Seen.pass($0, records: $0 == "ap-southeast-2" ? [caa[0]] : caa) }
        let result = verdict(MPICFixture.openMPIC(seen))
        #expect(result.status == .fail)
        #expect(result.reason.contains("records seen differ: us-east-2, us-west-2, eu-central-1, eu-west-2, ap-northeast-1 saw {"))
        #expect(result.reason.contains("ap-southeast-2 saw {0 issue \"letsencrypt.org\"}"))
    }

    @Test func differentDNSRecordsFailADCVAttempt() {
        let seen = MPICFixture.six.map {
            Seen.pass($0, records: [$0 == "us-west-2" ? "\"attacker-token\"" : "\"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0\""])
        }
        let result = verdict(MPICFixture.openMPIC(seen, checkType: "dcv", method: "acme-dns-01"))
        #expect(result.status == .fail)
        #expect(result.reason.hasPrefix("DCV acme-dns-01 example.com"))
        #expect(result.reason.contains("us-west-2 saw {\"attacker-token\"}"))
    }

    @Test func oneDissentingPerspectiveFailsAgreementWhileTheQuorumHolds() {
        let seen = MPICFixture.six.map { $0 == "eu-west-2" ? Seen.fail($0) : Seen.pass($0) }
        let record = MPICFixture.openMPIC(seen)
        #expect(verdict(record) == .fail("CAA example.com at 2026-11-29T10:00:00Z: 1 of 6 perspectives did not corroborate: eu-west-2 failed"))
        #expect(MPICQuorumCheck().judge([record], at: MPICFixture.day("2026-11-29T12:00:00Z")).status == .pass)
    }

    @Test func errorsAndUnfinishedChecksAreNamed() {
        var errored = Seen.pass("eu-central-1")
        errored.errors = ["mpic_error:caa_checker:lookup"]
        var unfinished = Seen.fail("ap-northeast-1")
        unfinished.completed = false
        let result = verdict(MPICFixture.openMPIC([Seen.pass("us-east-2"), errored, unfinished]))
        #expect(
            result.reason.hasSuffix(
                "2 of 3 perspectives did not corroborate: eu-central-1 error mpic_error:caa_checker:lookup: "
                    + "lookup failed, ap-northeast-1 not completed"))
    }

    @Test func allFailingAlikeIsNotApplicable() {
        let result = verdict(MPICFixture.openMPIC(MPICFixture.six.map { Seen.fail($0) }, isValid: false))
        #expect(result.status == .notApplicable)
        #expect(result.reason.contains("all 6 perspectives failed alike"))
    }

    @Test func boulderComparesPassAndFailOnlyAndSaysSo() {
        let agreeing = MPICFixture.boulder(passed: ["dadaist", "zinc", "earful"], rirs: ["ARIN", "RIPE"])
        #expect(verdict(agreeing).reason.hasSuffix("all 3 perspectives corroborated (Boulder's Summary logs no records: pass/fail compared only)"))
        let dissent = MPICFixture.boulder(passed: ["dadaist", "zinc"], failed: ["earful"], rirs: ["ARIN"])
        #expect(verdict(dissent).status == .fail)
        #expect(verdict(dissent).reason.hasSuffix("1 of 3 perspectives did not corroborate: earful failed"))
        let remote = MPICFixture.boulder(passed: [], rirs: [], role: "remote", withSummary: false)
        #expect(verdict(remote).status == .notApplicable)
        let alone = MPICFixture.boulder(passed: [], rirs: [], withSummary: false)
        #expect(verdict(alone).status == .fail)
    }
}
