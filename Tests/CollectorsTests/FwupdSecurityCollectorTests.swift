import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct FwupdSecurityCollectorTests {
    let collector = FwupdSecurityCollector()

    @Test func oneRecordPerHostHoldsTheAttributesByAppstreamId() throws {
        let records = try CollectorHarness.records(collector, fixture: "thinkpad-p1-iommu.json")
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.kind == "firmware.security")
        #expect(record.subject == "host:thinkpad-p1-iommu")
        #expect(record.origin == .observed)
        #expect(record.data["available"] == true)
        let secureBoot = record.data["attributes"]?["org.fwupd.hsi.Uefi.SecureBoot"]
        #expect(secureBoot?["HsiResult"] == "enabled")
        #expect(secureBoot?["success"] == true)
        // Pass/fail is fwupd's success flag, not the word: SuspendToRam "enabled" fails, Bioswe "not-enabled" passes.
        #expect(record.data["attributes"]?["org.fwupd.hsi.SuspendToRam"]?["success"] == false)
        #expect(record.data["attributes"]?["org.fwupd.hsi.Spi.Bioswe"]?["success"] == true)
    }

    @Test func attributesWithoutHsiResultOrHsiLevelAreKeptWithoutThem() throws {
        let text = #"{"SecurityAttributes": [{"AppstreamId": "org.fwupd.hsi.Kernel.Lockdown", "Plugin": "linux_lockdown", "Flags": ["runtime-issue", null]}]}"#
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "vm-1.security.json").first)
        let lockdown = record.data["attributes"]?["org.fwupd.hsi.Kernel.Lockdown"]
        #expect(lockdown?["HsiResult"] == nil)
        #expect(lockdown?["HsiLevel"] == nil)
        #expect(lockdown?["success"] == false)
    }

    @Test func theErrorDocumentOfAVirtualMachineIsRecordedAsHsiUnavailable() throws {
        let text = #"{"Error":{"Domain":"FwupdError","Code":10,"Message":"HSI unavailable for unprivileged hypervisor"}}"#
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "vm-1.security.json").first)
        #expect(record.subject == "host:vm-1")
        #expect(record.data["available"] == false)
        #expect(record.data["reason"] == "HSI unavailable: HSI unavailable for unprivileged hypervisor")
        #expect(record.data["error"]?["Code"] == 10)
    }

    @Test func aCommandsExitStatusAndStandardErrorAreKept() throws {
        let text = #"{"Error":{"Domain":"FwupdError","Code":10,"Message":"HSI unavailable for unprivileged hypervisor"}}"#
        let input = CollectorInput(
            fileName: "fwupdmgr.out", bytes: Data(text.utf8), subject: "host:vm-1", observedAt: CollectorHarness.observedAt,
            command: CommandRun(command: "fwupdmgr security --json", exitStatus: 1, standardError: "warning"))
        let record = try #require(try collector.records(from: input).first)
        #expect(record.data["command"] == ["command": "fwupdmgr security --json", "exit_status": 1, "stderr": "warning"])
        #expect(collector.readsFailedCommands)
    }

    @Test func aFailingDuplicateAttributeIsNotHiddenByAPassingOne() throws {
        let text =
            #"{"SecurityAttributes": [{"AppstreamId": "org.fwupd.hsi.Uefi.Pk", "HsiResult": "not-valid"}, {"AppstreamId": "org.fwupd.hsi.Uefi.Pk", "HsiResult": "valid", "Flags": ["success"]}]}"#
        let record = try #require(try CollectorHarness.records(collector, text: text, fileName: "h.json").first)
        #expect(record.data["attributes"]?["org.fwupd.hsi.Uefi.Pk"]?["HsiResult"] == "not-valid")
    }

    @Test(arguments: [
        (#"{"Devices": []}"#, "$", "missing required field 'SecurityAttributes' (this looks like `fwupdmgr get-devices --json` output)"),
        (#"{"SecurityAttributes": {}}"#, "$.SecurityAttributes", "expected array, found object"),
        (#"{"SecurityAttributes": [{"HsiResult": "enabled"}]}"#, "$.SecurityAttributes[0]", "missing required field 'AppstreamId'"),
        (#"{"SecurityAttributes": [{"AppstreamId": "a", "Flags": "success"}]}"#, "$.SecurityAttributes[0].Flags", "expected array, found string"),
        (#"{"SecurityAttributes": [{"AppstreamId": "a", "HsiLevel": 9}]}"#, "$.SecurityAttributes[0].HsiLevel", "expected an HSI level 0–5, found 9"),
        (#"{"Error": {"Code": 10}}"#, "$.Error.Message", "missing: fwupd's error documents carry a Message"),
        ("{\"SecurityAttributes\": [", "line 1, end of file", "truncated JSON: the document ends early"),
    ])
    func badInputIsRejectedWithPlaceAndReason(text: String, location: String, reason: String) {
        let failure = CollectorHarness.failure(collector, text: text, fileName: "h.json")
        #expect(failure == CollectionFailure(file: "h.json", location: location, reason: reason))
    }
}
