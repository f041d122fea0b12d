import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct FirmwareUpdatableCheckTests {
    let check = FirmwareUpdatableCheck()

    @Test func aHostWhoseDevicesAreAllUpdatablePasses() {
        let devices = [Fixture.device("a", "UEFI"), Fixture.device("a", "NVMe")]
        #expect(check.judge(devices, at: Fixture.now) == .pass("all 2 devices updatable"))
    }

    @Test func aFailingHostNamesEachDeviceWithItsUpdateErrorAndProblems() {
        let devices = [
            Fixture.device("a", "UEFI"),
            Fixture.device(
                "a", "Thunderbolt Controller", flags: ["internal"],
                extra: ["UpdateError": "Not supported in safe mode"]),
            Fixture.device(
                "a", "Dock", flags: ["updatable-hidden"],
                extra: ["UpdateError": "Device is locked", "Problems": ["update-pending"]]),
            Fixture.device("a", "Disk", flags: []),
        ]
        #expect(
            check.judge(devices, at: Fixture.now)
                == .fail(
                    "3 of 4 devices not updatable: Thunderbolt Controller (UpdateError: Not supported in safe mode), "
                        + "Dock (updatable-hidden; UpdateError: Device is locked; Problems: update-pending), "
                        + "Disk (no updatable flag)"))
    }

    @Test func cpuDevicesAndDevicesWithoutFirmwareAreIgnored() {
        let devices = [
            Fixture.device("a", "UEFI"),
            Fixture.device("a", "Intel Core", flags: ["internal"], extra: ["Plugin": "cpu"]),
            Fixture.device("a", "USB hub", flags: [], extra: ["Version": nil, "Protocols": []]),
        ]
        #expect(
            check.judge(devices, at: Fixture.now)
                == .pass("all 1 devices updatable (2 ignored: cpu plugin or no firmware version)"))
    }

    @Test func aDeviceWithProtocolsButNoVersionIsJudged() {
        let device = Fixture.device("a", "TPM", flags: [], extra: ["Version": nil, "Protocols": ["org.trustedcomputing"]])
        #expect(check.judge([device], at: Fixture.now).status == .fail)
    }

    @Test func nullFlagsDoNotBreakTheCheck() {
        let device = Fixture.device("a", "UEFI", extra: ["Flags": ["updatable", nil]])
        #expect(check.judge([device], at: Fixture.now).status == .pass)
    }

    @Test func aHostWithOnlyIgnoredDevicesIsNotApplicable() {
        let device = Fixture.device("a", "Intel Core", extra: ["Plugin": "cpu"])
        #expect(check.judge([device], at: Fixture.now).status == .notApplicable)
    }
}
