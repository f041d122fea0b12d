import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct MPICQuorumCheckTests {
    let check = MPICQuorumCheck()
    typealias Seen = MPICFixture.Seen

    func verdict(_ record: EvidenceRecord, _ check: MPICQuorumCheck? = nil) -> CheckVerdict {
        (check ?? self.check).judge([record], at: MPICFixture.day("2026-11-29T12:00:00Z"))
    }

    @Test func sixCorroboratingPerspectivesInThreeRIRsPass() {
        let result = verdict(MPICFixture.openMPIC(MPICFixture.six.map { Seen.pass($0) }))
        #expect(result.status == .pass)
        #expect(
            result.reason == "CAA example.com at 2026-11-29T10:00:00Z: quorum 6/6, 0 non-corroborations ≤ 2 allowed, "
                + "6 distinct remote perspectives ≥ 4, corroborating in 3 RIRs (APNIC, ARIN, RIPE NCC) "
                + "(BR 3.2.2.9, phase of 2026-06-15: ≥4 remote perspectives, quorum enforced, ≥2 RIRs)")
    }

    @Test func twoOfSixDisagreeingIsStillCompliant() {
        let seen = MPICFixture.six.enumerated().map { $0.offset < 2 ? Seen.fail($0.element) : Seen.pass($0.element) }
        let result = verdict(MPICFixture.openMPIC(seen))
        #expect(result.status == .pass)
        #expect(result.reason.contains("quorum 4/6, 2 non-corroborations ≤ 2 allowed"))
    }

    @Test func threeOfSixDisagreeingFailsAlthoughIsValidSaysTrue() {
        let seen = MPICFixture.six.enumerated().map { $0.offset < 3 ? Seen.fail($0.element) : Seen.pass($0.element) }
        let result = verdict(MPICFixture.openMPIC(seen, isValid: true))
        #expect(result.status == .fail)
        #expect(
            result.reason == "CAA example.com at 2026-11-29T10:00:00Z: quorum 3/6, 3 non-corroborations > 2 allowed "
                + "(BR 3.2.2.9, phase of 2026-06-15: ≥4 remote perspectives, quorum enforced, ≥2 RIRs)")
    }

    @Test func aQuorumCountBelowTheTableIsNamedAsTheCauseOfIsValid() {
        let seen = MPICFixture.six.enumerated().map { $0.offset < 3 ? Seen.fail($0.element) : Seen.pass($0.element) }
        let result = verdict(MPICFixture.openMPIC(seen, isValid: true, quorumCount: 3))
        #expect(
            result.reason.contains(
                "quorum 3/6, 3 non-corroborations > 2 allowed; the MPIC ran with quorum_count 3, "
                    + "below the 4 of 6 the quorum table requires (BR 3.2.2.9"), "\(result.reason)")
        let table = verdict(MPICFixture.openMPIC(MPICFixture.six.map { Seen.pass($0) }, quorumCount: 4))
        #expect(!table.reason.contains("quorum_count"))
    }

    @Test func threePerspectivesInOneRIROnTheAuditDayFailAlthoughIsValidSaysTrue() {
        let seen = ["us-east-2", "us-west-2", "ca-west-1"].map { Seen.pass($0) }
        let result = verdict(MPICFixture.openMPIC(seen, checkType: "dcv", isValid: true, method: "acme-dns-01"))
        #expect(result.status == .fail)
        #expect(
            result.reason.hasPrefix(
                "DCV acme-dns-01 example.com at 2026-11-29T10:00:00Z: "
                    + "3 distinct remote perspectives < 4 required; corroborating perspectives in 1 RIR (ARIN) < 2"))
    }

    /// Each phase boundary, a second before and exactly at it (phases start 00:00 UTC).
    @Test(arguments: [
        // Before 2025-03-15 nothing was required.
        ("2025-03-14T23:59:59Z", ["us-east-2"], [String](), Status.notApplicable),
        ("2025-03-15T00:00:00Z", ["us-east-2"], [], .fail),
        // 2025-03-15: quorum not enforced; 2025-09-15: enforced (3 used, 2 failed > 1 allowed).
        ("2025-09-14T23:59:59Z", ["us-east-2"], ["eu-central-1", "ap-northeast-1"], .pass),
        ("2025-09-15T00:00:00Z", ["us-east-2"], ["eu-central-1", "ap-northeast-1"], .fail),
        // 2026-03-15: ≥3 and two RIRs.
        ("2026-03-14T23:59:59Z", ["us-east-2", "us-west-2"], [], .pass),
        ("2026-03-15T00:00:00Z", ["us-east-2", "us-west-2"], [], .fail),
        // 2026-06-15: ≥4.
        ("2026-06-14T23:59:59Z", ["us-east-2", "us-west-2", "eu-central-1"], [], .pass),
        ("2026-06-15T00:00:00Z", ["us-east-2", "us-west-2", "eu-central-1"], [], .fail),
        // 2026-12-15: ≥5.
        ("2026-12-14T23:59:59Z", ["us-east-2", "us-west-2", "eu-central-1", "ap-northeast-1"], [], .pass),
        ("2026-12-15T00:00:00Z", ["us-east-2", "us-west-2", "eu-central-1", "ap-northeast-1"], [], .fail),
    ])
    func phaseBoundaries(at: String, passing: [String], failing: [String], expected: Status) {
        let seen = passing.map { Seen.pass($0) } + failing.map { Seen.fail($0) }
        let result = check.judge([MPICFixture.openMPIC(seen, at: at)], at: MPICFixture.day("2027-01-01T00:00:00Z"))
        #expect(result.status == expected, "\(result.reason)")
    }

    @Test func theQuorumBeforeItWasEnforcedIsNamedInThePass() {
        let seen = [Seen.pass("us-east-2"), .fail("eu-central-1"), .fail("ap-northeast-1")]
        let result = verdict(MPICFixture.openMPIC(seen, at: "2025-06-01T00:00:00Z"))
        #expect(result.status == .pass)
        #expect(result.reason.contains("quorum 1/3, 2 non-corroborations > 1 allowed, but the quorum is not enforced before 2025-09-15"))
        #expect(result.reason.contains("phase of 2025-03-15: ≥2 remote perspectives, quorum not enforced)"))
    }

    @Test func beforeMPICWasRequiredTheAttemptIsNotApplicable() {
        let result = verdict(MPICFixture.openMPIC([Seen.pass("us-east-2")], at: "2024-09-08T19:01:29Z"))
        #expect(
            result
                == .notApplicable(
                    "CAA example.com at 2024-09-08T19:01:29Z: before 2025-03-15 BR 3.2.2.9 required no corroboration"))
    }

    @Test func perspectivesCloserThan500KilometresCountOnce() {
        // London and Paris are 344 km apart: four perspectives, three distinct.
        let seen = ["us-east-2", "ap-northeast-1", "eu-west-2", "eu-west-3"].map { Seen.pass($0) }
        let result = verdict(MPICFixture.openMPIC(seen))
        #expect(result.status == .fail)
        #expect(result.reason.contains("3 distinct remote perspectives < 4 required"))
        #expect(result.reason.contains("counted once (closer than 500 km): eu-west-3 within 344 km of eu-west-2"))
    }

    @Test func aCloseFailureIsNeverHiddenBehindACloseCorroboration() {
        // eu-west-3 passes, eu-west-2 (344 km away) fails: the failure is the one counted.
        let seen =
            ["us-east-2", "us-west-2", "ap-northeast-1", "ap-southeast-2", "eu-west-3"].map { Seen.pass($0) }
            + [Seen.fail("eu-west-2"), Seen.fail("sa-east-1")]
        let result = verdict(MPICFixture.openMPIC(seen))
        #expect(result.reason.contains("quorum 4/6, 2 non-corroborations ≤ 2 allowed"), "\(result.reason)")
        #expect(result.reason.contains("eu-west-3 within 344 km of eu-west-2"))
    }

    @Test func perspectivesNearThePrimaryAreNotRemote() {
        let near = MPICQuorumCheck(primary: "us-east-1")
        let seen = ["us-east-2", "us-west-2", "eu-central-1", "ap-northeast-1"].map { Seen.pass($0) }
        let result = verdict(MPICFixture.openMPIC(seen), near)
        #expect(result.status == .fail)
        #expect(result.reason.contains("us-east-2 within 484 km of the primary us-east-1"))
        #expect(verdict(MPICFixture.openMPIC(seen), MPICQuorumCheck(primary: "xx-1")).status == .error)
    }

    @Test func errorsAndUnfinishedChecksDoNotCorroborate() {
        var errored = Seen.pass("eu-central-1")
        errored.errors = ["mpic_error:caa_checker:lookup"]
        var unfinished = Seen.pass("ap-northeast-1")
        unfinished.completed = false
        let seen = ["us-east-2", "us-west-2", "eu-west-2", "ap-southeast-2"].map { Seen.pass($0) } + [errored, unfinished]
        let passing = verdict(MPICFixture.openMPIC(seen))
        #expect(passing.reason.contains("quorum 4/6, 2 non-corroborations"))
        var third = Seen.pass("sa-east-1")
        third.errors = ["mpic_error:coordinator:remote_check"]
        let failing = verdict(MPICFixture.openMPIC(seen + [third]))
        #expect(failing.status == .fail)
        #expect(failing.reason.contains("quorum 4/7, 3 non-corroborations > 2 allowed"))
    }

    @Test func anUnknownPerspectiveCodeIsAnErrorNamingIt() {
        let seen = ["us-east-2", "us-west-2", "eu-central-1", "mars-north-1"].map { Seen.pass($0) }
        let result = verdict(MPICFixture.openMPIC(seen))
        #expect(result.status == .error)
        #expect(result.reason.contains("perspective code 'mars-north-1' not in the built-in perspective catalogue"))
    }

    @Test func aRejectedAttemptIsNotApplicableWithTheRecomputationInTheReason() {
        let seen = MPICFixture.six.enumerated().map { $0.offset < 3 ? Seen.fail($0.element) : Seen.pass($0.element) }
        let result = verdict(MPICFixture.openMPIC(seen, isValid: false))
        #expect(result.status == .notApplicable)
        #expect(result.reason.contains("rejected by the MPIC, nothing may be issued on it, and the BR rules were not met: quorum 3/6"))
    }

    @Test func aRejectedAttemptThatMetTheRulesIsStillNotApplicable() {
        let result = verdict(MPICFixture.openMPIC(MPICFixture.six.map { Seen.pass($0) }, isValid: false))
        #expect(result.status == .notApplicable)
        #expect(result.reason.contains("rejected by the MPIC, nothing may be issued on it, although the BR rules were met: quorum 6/6"))
    }

    @Test func theEvaluatorHandsTheConfiguredCatalogueToTheCheck() {
        let control = Fixture.control(
            """
            - {id: MPIC-01, title: T, severity: high, evidence: mpic.result, check: {type: mpic_quorum}}
            """)
        let record = MPICFixture.openMPIC(["pop-a", "pop-b", "pop-c", "pop-d"].map { Seen.pass($0) })
        let catalogue = MPICFixture.ownCatalogue
        let instant = MPICFixture.day("2026-11-29T12:00:00Z")
        let standard = Evaluator(controls: [control]).evaluate(records: [record], at: instant, checkpoint: nil)
        #expect(standard.controls.first?.results.first?.status == .error)
        let configured = Evaluator(controls: [control], context: CheckContext(perspectives: catalogue))
            .evaluate(records: [record], at: instant, checkpoint: nil)
        #expect(configured.controls.first?.results.first?.status == .pass)
    }

    @Test func caaAndDcvAttemptsAreJudgedAndNamedSeparately() {
        let seen = MPICFixture.six.map { Seen.pass($0) }
        let caa = verdict(MPICFixture.openMPIC(seen, checkType: "caa"))
        let dcv = verdict(MPICFixture.openMPIC(seen, checkType: "dcv", method: "acme-http-01"))
        #expect(caa.reason.hasPrefix("CAA example.com"))
        #expect(dcv.reason.hasPrefix("DCV acme-http-01 example.com"))
    }

    @Test func aRetryIsJudgedAloneAndSaysSo() {
        let result = verdict(MPICFixture.openMPIC(MPICFixture.six.map { Seen.pass($0) }, previousAttempts: 1))
        #expect(result.reason.contains("judged on attempt 2 alone (earlier attempts are not relied on)"))
    }

    @Test func minPerspectivesRaisesTheMinimumButNeverLowersIt() throws {
        let five = MPICQuorumCheck(minimumPerspectives: 5)
        let four = ["us-east-2", "us-west-2", "eu-central-1", "ap-northeast-1"].map { Seen.pass($0) }
        let raised = verdict(MPICFixture.openMPIC(four), five)
        #expect(raised.status == .fail)
        #expect(raised.reason.contains("4 distinct remote perspectives < 5 required (min_perspectives)"))
        let lowered = verdict(MPICFixture.openMPIC(Array(four.prefix(3))), MPICQuorumCheck(minimumPerspectives: 2))
        #expect(lowered.reason.contains("3 distinct remote perspectives < 4 required"))
        var parameters = CheckParameters(["min_perspectives": 1.5])
        #expect(MPICQuorumCheck(parameters: &parameters) == nil)
        #expect(parameters.problems.first?.field == "check.min_perspectives")
    }

    @Test func theCatalogueComesFromTheContext() {
        let catalogue = MPICFixture.ownCatalogue
        var parameters = CheckParameters([:], context: CheckContext(perspectives: catalogue))
        let check = MPICQuorumCheck(parameters: &parameters)
        let record = MPICFixture.openMPIC(["pop-a", "pop-b", "pop-c", "pop-d"].map { Seen.pass($0) })
        #expect(check.map { verdict(record, $0).status } == .pass)
        let unknown = verdict(MPICFixture.openMPIC(MPICFixture.six.map { Seen.pass($0) }), check)
        #expect(unknown.reason.contains("not in the ca-perspectives.yaml perspective catalogue"))
    }
}

struct MPICQuorumBoulderTests {
    let check = MPICQuorumCheck()
    let instant = MPICFixture.day("2026-11-29T12:00:00Z")

    @Test func boulderPerspectiveNamesInTheCatalogueAreJudgedByLocation() {
        let record = MPICFixture.boulder(
            passed: ["us-east-2", "eu-central-1", "ap-northeast-1", "us-west-2"],
            failed: ["sa-east-1"], rirs: ["ARIN", "RIPE", "APNIC"])
        let result = check.judge([record], at: instant)
        #expect(result.status == .pass, "\(result.reason)")
        #expect(result.reason.contains("quorum 4/5, 1 non-corroboration ≤ 1 allowed"))
    }

    @Test func boulderNamesOutsideTheCatalogueAreJudgedFromCountsAndSaySo() {
        let record = MPICFixture.boulder(passed: ["dadaist", "zinc"], failed: ["earful"], rirs: ["ARIN"], quorum: "2/3")
        let result = check.judge([record], at: instant)
        #expect(result.status == .fail)
        #expect(result.reason.contains("3 distinct remote perspectives < 4 required"))
        #expect(result.reason.contains("corroborating perspectives in 1 RIR (ARIN) < 2"))
        #expect(result.reason.contains("judged from Boulder's counts: perspectives dadaist, earful, zinc are not in the catalogue, distance not checked"))
        let good = MPICFixture.boulder(passed: ["a", "b", "c", "d"], failed: ["e"], rirs: ["ARIN", "RIPE"], quorum: "4/5")
        #expect(check.judge([good], at: instant).status == .pass)
    }

    @Test func aRemoteVAsOwnLineIsNotApplicable() {
        let record = MPICFixture.boulder(passed: [], rirs: [], role: "remote", withSummary: false)
        #expect(check.judge([record], at: instant).status == .notApplicable)
    }

    @Test func aPrimaryThatValidatedWithoutRemotePerspectivesFails() {
        let valid = MPICFixture.boulder(passed: [], rirs: [], withSummary: false)
        let result = check.judge([valid], at: instant)
        #expect(result.status == .fail)
        #expect(result.reason.contains("0 distinct remote perspectives < 4 required"))
        let invalid = MPICFixture.boulder(passed: [], rirs: [], status: "invalid", error: "unauthorized", withSummary: false)
        #expect(check.judge([invalid], at: instant).status == .notApplicable)
    }
}
