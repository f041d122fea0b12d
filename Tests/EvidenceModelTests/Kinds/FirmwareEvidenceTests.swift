import EvidenceModel
import Foundation
import Testing

/// `firmware.device` and `firmware.security` written and read through one model each.
struct FirmwareEvidenceTests {
    private static func record(_ kind: String, _ data: [String: JSONValue]) -> EvidenceRecord {
        EvidenceRecord(
            kind: kind, subject: "host:web-01", observedAt: Date(timeIntervalSince1970: 1_800_000_000), collector: "fwupd",
            origin: .observed, source: EvidenceSource(name: "web-01.json", sha256: String(repeating: "0", count: 64)), data: data)
    }

    @Test func aDeviceReadsBackAsFwupdWroteItWithTheJudgedFieldsTyped() throws {
        let device = FirmwareDeviceEvidence(device: [
            "DeviceId": "abc", "Guid": "6E58E73D-8061-44E4-8949-33B7F0D5C726", "Version": "", "VersionFormat": "triplet",
            "VersionRaw": "4294967295", "Flags": ["updatable", .null], "Protocols": "org.uefi.capsule", "Problems": ["update-in-progress"],
            "NewerFwupdKey": true,
        ])
        let read = try FirmwareDeviceEvidence(record: Self.record("firmware.device", device.data))
        #expect(read == device)
        #expect(read.data == device.data)
        #expect(read.name == "abc" && read.guids == ["6e58e73d-8061-44e4-8949-33b7f0d5c726"])
        #expect(read.version == nil && read.versionFormat == "triplet" && read.versionRaw == UInt32.max)
        #expect(read.flags == ["updatable"] && read.hasProtocols && read.plugin == nil)
        #expect(FirmwareDeviceEvidence(device: ["VersionRaw": -1, "Version": "1.2.3"]).versionRaw == nil)
    }

    @Test func aHostsAttributesReadBackAsWritten() throws {
        var security = FirmwareSecurityEvidence(attributes: [
            "org.fwupd.hsi.Uefi.SecureBoot": .init(json: ["HsiResult": "enabled", "Flags": ["success"], "success": true]),
            "org.fwupd.hsi.Kernel.Lockdown": .init(json: ["Flags": ["missing-data"]]),
        ])
        security.command = ["command": "fwupdmgr security --json", "exit_status": 0]
        let read = try FirmwareSecurityEvidence(record: Self.record("firmware.security", security.data))
        #expect(read == security)
        #expect(read.data == security.data)
        #expect(read.attributes["org.fwupd.hsi.Uefi.SecureBoot"]?.result == "enabled")
        let lockdown = try #require(read.attributes["org.fwupd.hsi.Kernel.Lockdown"])
        #expect(lockdown.result == nil && lockdown.flags == ["missing-data"] && !lockdown.success)
    }

    @Test func anUnavailableHostReadsBackWithItsReason() throws {
        let security = FirmwareSecurityEvidence(unavailable: "HSI unavailable: no", error: ["Message": "no", "Code": 10])
        #expect(security.data["available"] == false && security.data["attributes"] == .object([:]))
        #expect(try FirmwareSecurityEvidence(record: Self.record("firmware.security", security.data)) == security)
    }

    /// Neither kind refuses a record of its own: what is missing reads as absent.
    @Test func aHalfFilledRecordIsReadNotRefused() throws {
        let security = try FirmwareSecurityEvidence(record: Self.record("firmware.security", ["attributes": "none"]))
        #expect(security.isAvailable == nil && security.attributes.isEmpty)
        let device = try FirmwareDeviceEvidence(record: Self.record("firmware.device", [:]))
        #expect(device.name == nil && device.guids.isEmpty && device.flags.isEmpty)
    }

    @Test func aRecordOfAnotherKindIsRefusedNamingTheKind() {
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'firmware.device', found 'firmware.security'")) {
            try FirmwareDeviceEvidence(record: Self.record("firmware.security", [:]))
        }
        #expect(throws: EvidenceRecord.DecodingFailure.invalid(field: "kind", reason: "expected 'firmware.security', found 'firmware.device'")) {
            try FirmwareSecurityEvidence(record: Self.record("firmware.device", [:]))
        }
    }
}
