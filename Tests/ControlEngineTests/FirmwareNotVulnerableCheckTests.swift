import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct FirmwareNotVulnerableCheckTests {
    let check = FirmwareNotVulnerableCheck(advisories: AdvisoryFixture.advisories, source: "vulns.json")
    let guid = AdvisoryFixture.systemFirmwareGuid

    @Test func aDeviceInsideAnAffectedRangeFailsNamingTheAdvisoryAndItsCves() {
        let verdict = check.judge(
            [AdvisoryFixture.device("System Firmware", guid: guid, version: "0.1.23", format: "triplet")],
            at: Fixture.now)
        #expect(
            verdict
                == .fail(
                    "1 vulnerable: System Firmware 0.1.23 (triplet) is affected by VIGIL-FW-2026-001 "
                        + "(CVE-2026-1111, CVE-2026-1112): introduced 0, fixed 0.1.24"))
    }

    @Test func theFixedVersionPasses() {
        let verdict = check.judge(
            [AdvisoryFixture.device("System Firmware", guid: guid, version: "0.1.24", format: "triplet")],
            at: Fixture.now)
        #expect(verdict == .pass("1 devices checked against 3 advisories in vulns.json; none affected"))
    }

    @Test func lastAffectedIsInclusiveAndIntroducedBoundsTheRange() {
        let ec = "b616d3d6-cca9-40bd-964e-b86ffb62744d"
        #expect(check.judge([AdvisoryFixture.device("EC", guid: ec, version: "0.1.9", format: "triplet")], at: Fixture.now).status == .fail)
        #expect(check.judge([AdvisoryFixture.device("EC", guid: ec, version: "0.1.10", format: "triplet")], at: Fixture.now).status == .pass)
        #expect(check.judge([AdvisoryFixture.device("EC", guid: ec, version: "0.1.4", format: "triplet")], at: Fixture.now).status == .pass)
    }

    @Test func versionsCompareAsFwupdDoesNotAsStrings() {
        // "0.1.100" < "0.1.24" as strings, but not as fwupd compares triplets.
        let verdict = check.judge(
            [AdvisoryFixture.device("System Firmware", guid: guid, version: "0.1.100", format: "triplet")],
            at: Fixture.now)
        #expect(verdict.status == .pass)
    }

    @Test func aDeviceInAnotherFormatIsReRenderedFromVersionRaw() {
        // ESRT without metadata: fwupd shows 65559 as `number`; as triplet it is 0.1.23, which is affected.
        let verdict = check.judge(
            [AdvisoryFixture.device("UEFI", guid: guid, version: "65559", format: "number", raw: 65559)],
            at: Fixture.now)
        #expect(verdict.status == .fail)
        #expect(verdict.reason.contains("UEFI 0.1.23 (triplet) is affected by VIGIL-FW-2026-001"))
    }

    @Test func anotherFormatWithoutVersionRawIsNotGuessed() {
        let verdict = check.judge([AdvisoryFixture.device("UEFI", guid: guid, version: "65559", format: "number")], at: Fixture.now)
        #expect(
            verdict
                == CheckVerdict(
                    status: .error,
                    reason: "cannot compare versions: VIGIL-FW-2026-001: UEFI version 65559 "
                        + "has format number, the advisory uses triplet, and there is no VersionRaw to re-render"))
    }

    @Test func aNamedDeviceWithoutAVersionIsNotAssessableAndReported() {
        let verdict = check.judge([AdvisoryFixture.device("System Firmware", guid: guid, version: nil, format: nil)], at: Fixture.now)
        #expect(
            verdict
                == CheckVerdict(
                    status: .error,
                    reason: "cannot compare versions: VIGIL-FW-2026-001: System Firmware reports no version"))
    }

    @Test func otherDevicesWithoutAVersionAreNamedInAPass() {
        let verdict = check.judge(
            [
                AdvisoryFixture.device("System Firmware", guid: guid, version: "0.1.24", format: "triplet"),
                AdvisoryFixture.device("USB hub", guid: "0000", version: nil, format: nil),
            ], at: Fixture.now)
        #expect(verdict == .pass("2 devices checked against 3 advisories in vulns.json; none affected (1 device without a version: USB hub)"))
    }

    @Test func aMissingOrBadAdvisoryFileIsAParameterProblem() {
        var missing = CheckParameters(["advisories": "vulns.json"])
        #expect(FirmwareNotVulnerableCheck(parameters: &missing) == nil)
        #expect(
            missing.problems == [
                CheckParameterProblem(
                    field: "check.advisories", reason: "cannot read 'vulns.json' (a path relative to the control file)")
            ])

        var bad = CheckParameters(["advisories": "vulns.json"], resources: ["vulns.json": Data("{}".utf8)])
        #expect(FirmwareNotVulnerableCheck(parameters: &bad) == nil)
        #expect(
            bad.problems.first?.reason
                == "'vulns.json' is not a usable OSV advisory file: $: expected a list of OSV advisories or {\"vulns\": [...]}, found object")
    }
}
