import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// `firmware.device` and `firmware.security` written and read through their models: every record the
/// fwupd collectors write reads back to exactly the data it was written with (so ids are unchanged).
struct CollectedFirmwareEvidenceTests {
    @Test(arguments: ["thinkpad-p1-iommu.json", "x1-carbon.devices.json"])
    func everyDeviceReadsBackToTheDataItWrote(fixture: String) throws {
        let records = try CollectorHarness.records(FwupdCollector(), fixture: fixture)
        #expect(!records.isEmpty)
        for record in records {
            let device = try FirmwareDeviceEvidence(record: record)
            #expect(device.data == record.data)
            #expect(device.name != nil, "fwupd names every device, by Name or DeviceId")
        }
        #expect(try records.contains { try !FirmwareDeviceEvidence(record: $0).guids.isEmpty })
    }

    @Test(arguments: ["thinkpad-p1-iommu.json", "thinkpad-p1-no-iommu.json"])
    func aHostsAttributesReadBackToTheDataTheyWrote(fixture: String) throws {
        let record = try #require(try CollectorHarness.records(FwupdSecurityCollector(), fixture: fixture).first)
        let security = try FirmwareSecurityEvidence(record: record)
        #expect(security.data == record.data)
        #expect(security.isAvailable == true && !security.attributes.isEmpty)
        #expect(security.attributes["org.fwupd.hsi.Spi.Bioswe"]?.success == true)
    }

    @Test func anUnavailableHostWithItsCommandReadsBackToTheDataItWrote() throws {
        let text = #"{"Error":{"Domain":"FwupdError","Code":10,"Message":"HSI unavailable for unprivileged hypervisor"}}"#
        let input = CollectorInput(
            fileName: "fwupdmgr.out", bytes: Data(text.utf8), subject: "host:vm-1", observedAt: CollectorHarness.observedAt,
            command: CommandRun(command: "fwupdmgr security --json", exitStatus: 1, standardError: "warning"))
        let record = try #require(try FwupdSecurityCollector().records(from: input).first)
        let security = try FirmwareSecurityEvidence(record: record)
        #expect(security.data == record.data)
        #expect(security.isAvailable == false && security.reason == "HSI unavailable: HSI unavailable for unprivileged hypervisor")
        #expect(security.command?["exit_status"] == 1)
    }
}
