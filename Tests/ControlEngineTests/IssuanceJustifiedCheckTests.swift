import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

/// `issuance_justified`: each identifier of each issuance rests on a validation within the reuse period
/// of its day, a compliant quorum, a CAA check within 8 hours, and its stored certificate's SCTs and names.
struct IssuanceJustifiedCheckTests {
    typealias F = IssuanceFixture

    /// The verdict on `name`'s decision issued at `issued`, with a CAA check 12 s before and a DCV `dcvAge` before.
    private func withValidation(aged dcvAge: TimeInterval, issued: String) -> SubjectResult? {
        F.results(F.issuance("a.example", issued: F.date(issued), dcvBefore: dcvAge))["domain:a.example"]
    }

    @Test(arguments: [
        // (issuance time, reuse period in force then): the first second of each step and the last one before it.
        ("2021-10-01T00:00:00Z", 398), ("2026-03-14T23:59:59Z", 398), ("2026-03-15T00:00:00Z", 200),
        ("2027-03-14T23:59:59Z", 200), ("2027-03-15T00:00:00Z", 100), ("2029-03-14T23:59:59Z", 100),
        ("2029-03-15T00:00:00Z", 10), ("2021-09-30T23:59:59Z", 825),
    ])
    func aValidationIsReusableForExactlyThePeriodInForceAtTheIssuance(issued: String, days: Int) throws {
        let period = TimeInterval(days) * 86_400
        let within = try #require(withValidation(aged: period, issued: issued))
        #expect(within.status == .pass, "\(within.reason)")
        #expect(within.reason.contains("DCV http-01 6/6 remote \(days) days before"), "\(within.reason)")
        let beyond = try #require(withValidation(aged: period + 1, issued: issued))
        #expect(beyond.status == .fail, "\(beyond.reason)")
        #expect(beyond.reason.contains("\(days) days 1 s before, beyond the \(days)-day reuse period (TLS BR 4.2.1"), "\(beyond.reason)")
    }

    @Test func theScheduleIsSC081sAsData() {
        #expect(ValidationReusePeriod.schedule.map(\.days) == [398, 200, 100, 10])
        #expect(
            ValidationReusePeriod.inForce(at: F.date("2026-11-29T00:00:00Z")).citation
                == "200-day reuse period (TLS BR 4.2.1, ballot SC-081, from 2026-03-15)")
    }

    @Test func aCAACheckCountsForEightHoursAndNotASecondMore() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let within = try #require(F.results(F.issuance("a.example", issued: issued, caaBefore: 8 * 3_600))["domain:a.example"])
        #expect(within.status == .pass, "\(within.reason)")
        #expect(within.reason.contains("CAA 6/6 remote 8 h before"), "\(within.reason)")
        let stale = try #require(F.results(F.issuance("a.example", issued: issued, caaBefore: 8 * 3_600 + 1))["domain:a.example"])
        #expect(stale.status == .fail)
        #expect(stale.reason.contains("CAA 6/6 remote 8 h 1 s before, beyond the 8 hours of BR 3.2.2.8"), "\(stale.reason)")
    }

    @Test func aCAARecheckAtFinalisationJustifiesAnOldAuthorization() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let records =
            F.issuance("a.example", issued: issued, dcvBefore: 3 * 86_400, caaBefore: 3 * 86_400)
            + [F.check("caa", "a.example", at: issued.addingTimeInterval(-2))]
        let result = try #require(F.results(records)["domain:a.example"])
        #expect(result.status == .pass, "\(result.reason)")
        #expect(result.reason.contains("DCV http-01 6/6 remote 3 days before; CAA 6/6 remote 2 s before"), "\(result.reason)")
    }

    @Test func theReasonNamesEachInputWithItsDistanceAndCitesIt() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let records = F.issuance("a.example", issued: issued)
        let result = try #require(F.results(records)["domain:a.example"])
        #expect(
            result.reason.hasSuffix(
                "a.example issued 2026-11-28T12:00:00Z, serial 03b7a91c: DCV http-01 6/6 remote 13 s before; "
                    + "CAA 6/6 remote 12 s before; certificate not in the store"), "\(result.reason)")
        #expect(Set(result.evidence) == Set(records.map(\.id)))
    }

    /// A wildcard needs a DNS-based validation: http-01 (BR 3.2.2.4.19) and tls-alpn-01 (3.2.2.4.20) prove one host.
    @Test(arguments: [("dns-01", "pass"), ("http-01", "fail"), ("tls-alpn-01", "fail")])
    func aWildcardIsJustifiedOnlyByAMethodTheBRsAllowForWildcards(method: String, status: String) throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let records = [
            F.check("dcv", "a.example", at: issued.addingTimeInterval(-20), authz: "w1", method: method),
            F.check("caa", "a.example", at: issued.addingTimeInterval(-19), authz: "w1"),
            F.decision("*.a.example", issued: issued, authz: "w1"),
        ]
        let result = try #require(F.results(records)["domain:a.example"])
        #expect(result.status.rawValue == status, "\(result.reason)")
        let section = method == "http-01" ? "3.2.2.4.19" : "3.2.2.4.20"
        #expect(
            result.reason.contains(
                "DCV \(method) 6/6 remote 20 s before"
                    + (status == "pass" ? "; CAA" : ", a method BR \(section) does not allow for a wildcard name")), "\(result.reason)")
        let plain = [
            F.check("dcv", "a.example", at: issued.addingTimeInterval(-20), method: method),
            F.check("caa", "a.example", at: issued.addingTimeInterval(-19)), F.decision("a.example", issued: issued),
        ]
        #expect(F.results(plain)["domain:a.example"]?.status == .pass)
    }

    @Test func aRequestForSeveralNamesFailsOnlyForTheNameWithoutACompliantInput() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let names = ["a.example", "b.example"]
        let records = [
            F.check("dcv", "a.example", at: issued.addingTimeInterval(-20)), F.check("caa", "a.example", at: issued.addingTimeInterval(-19)),
            F.check("dcv", "b.example", at: issued.addingTimeInterval(-20)), F.check("caa", "b.example", at: issued.addingTimeInterval(-9 * 3_600)),
            F.decision("a.example", of: names, issued: issued), F.decision("b.example", of: names, issued: issued),
        ]
        let results = F.results(records)
        #expect(results["domain:a.example"]?.status == .pass)
        #expect(results["domain:b.example"]?.status == .fail)
        #expect(results["domain:b.example"]?.reason.contains("CAA 6/6 remote 9 h before, beyond") == true)
    }

    static let issued = F.date("2026-11-28T12:00:00Z")

    /// The reason of a.example's failing verdict: issued at ``issued`` with a CAA check 10 s before and `validations`.
    private func failure(_ validations: [EvidenceRecord]) throws -> String {
        let records = [F.check("caa", "a.example", at: Self.issued.addingTimeInterval(-10)), F.decision("a.example", issued: Self.issued)]
        let result = try #require(F.results(records + validations)["domain:a.example"])
        #expect(result.status == .fail, "\(result.reason)")
        return result.reason
    }

    @Test func aValidationAfterTheIssuanceDoesNotJustifyItWhereverItWasLogged() throws {
        let reason = try failure([F.check("dcv", "a.example", at: Self.issued.addingTimeInterval(5))])
        #expect(
            reason.contains(
                "no DCV passed before the issuance (authz authz-a.example): one at 2026-11-28T12:00:05Z, "
                    + "5 s after the issuance"), "\(reason)")
    }

    @Test func withoutAnyValidationTheReasonSaysNoneWasRecorded() throws {
        let reason = try failure([])
        #expect(reason.contains("no DCV passed before the issuance (authz authz-a.example): none recorded"), "\(reason)")
    }

    @Test func onlyTheDecisionsAuthorizationsValidationsCountAndFailedOnesAreNamed() throws {
        let reason = try failure([
            F.check("dcv", "a.example", at: Self.issued.addingTimeInterval(-30), authz: "other-account"),
            F.check("dcv", "a.example", at: Self.issued.addingTimeInterval(-20), status: "invalid", error: "404"),
        ])
        #expect(reason.contains("no DCV passed before the issuance (authz authz-a.example): 1 failed"), "\(reason)")
    }

    @Test func aValidationWhoseQuorumMissesBR3229IsNotAJustification() throws {
        let reason = try failure([
            F.check("dcv", "a.example", at: Self.issued.addingTimeInterval(-20), passed: ["us-east-2", "us-west-2", "eu-central-1"])
        ])
        #expect(
            reason.contains("DCV http-01 3/3 remote 20 s before, quorum not compliant: ")
                && reason.contains("3 distinct remote perspectives < 4 required"), "\(reason)")
    }

    @Test func aRefusedRequestIsNotApplicableWithItsError() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let refused = F.decision("a.example", issued: issued, serial: nil, outcome: "error", error: "authorizations not found")
        let result = try #require(F.results([refused])["domain:a.example"])
        #expect(result.status == .notApplicable)
        #expect(result.reason.contains("a.example: issuance refused at 2026-11-28T12:00:00Z: authorizations not found"), "\(result.reason)")
    }

    @Test func theStoredCertificateMustCarryTheRequestedNamesAndEnoughSCTs() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        func certificate(_ names: [String], logs: [String]) -> EvidenceRecord {
            WebPKIFixture.certificate(
                "c1", names: names, issued: "2026-11-28T11:59:59Z", logs: logs, observed: issued,
                extra: ["serial": "0003B7A91C"])
        }
        let good = F.results(F.issuance("a.example", issued: issued) + [certificate(["a.example"], logs: ["argon", "oak"])])
        #expect(good["domain:a.example"]?.status == .pass)
        #expect(good["domain:a.example"]?.reason.hasSuffix("certificate cert:c1: 2 SCTs") == true, "\(good)")
        let renamed = F.results(F.issuance("a.example", issued: issued) + [certificate(["a.example", "evil.example"], logs: ["argon", "oak"])])
        #expect(renamed["domain:a.example"]?.status == .fail)
        #expect(
            renamed["domain:a.example"]?.reason.hasSuffix(
                "certificate cert:c1 names a.example, evil.example, not the request's a.example") == true, "\(renamed)")
        let unlogged = F.results(F.issuance("a.example", issued: issued) + [certificate(["a.example"], logs: ["argon"])])
        #expect(unlogged["domain:a.example"]?.status == .fail)
        #expect(unlogged["domain:a.example"]?.reason.contains("1 SCT from 1 distinct log, 2 required") == true, "\(unlogged)")
    }

    @Test func inputsAloneAreNotJudgedAndNoDecisionAtAllIsMissing() throws {
        let issued = F.date("2026-11-28T12:00:00Z")
        let results = F.results(F.issuance("a.example", issued: issued) + [F.check("dcv", "b.example", at: issued)])
        #expect(results.keys.sorted() == ["domain:a.example"])
        let run = Fixture.run([F.control], [F.check("dcv", "b.example", at: issued)], at: issued.addingTimeInterval(60))
        #expect(run.controls.first?.status == .missing)
        #expect(run.controls.first?.missingReason == "no issuance.decision evidence collected")
    }

    @Test func parametersOfTheReusedChecksAreReadAndUnknownOnesRejected() {
        let made = CheckCatalog.makeCheck(CheckSpec(type: "issuance_justified", parameters: ["min_perspectives": 5, "min_scts": 3]))
        let check = made.check as? IssuanceJustifiedCheck
        #expect(check?.quorum.minimumPerspectives == 5)
        #expect(check?.certificateTransparency.minSCTs == 3)
        let wrong = CheckCatalog.makeCheck(CheckSpec(type: "issuance_justified", parameters: ["max_age": "1d"]))
        #expect(wrong.check == nil)
        #expect(wrong.problems.first?.reason.contains("unknown parameter for check type 'issuance_justified'") == true)
    }
}
