import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

struct FwupdCollectorTests {
    let collector = FwupdCollector()

    // MARK: Real and full fixtures

    @Test func realThinkpadEmulationFileYieldsSixteenDevices() throws {
        let records = try CollectorHarness.records(collector, fixture: "thinkpad-p1-iommu.json")
        #expect(records.count == 16)
        #expect(
            records.allSatisfy { $0.kind == "firmware.device" && $0.origin == .observed && $0.collector == "fwupd" })
        #expect(records.allSatisfy { $0.subject == "host:thinkpad-p1-iommu" })
    }

    @Test func deviceWithoutNameOrVersionIsAccepted() throws {
        let records = try CollectorHarness.records(collector, fixture: "thinkpad-p1-iommu.json")
        let bare = try #require(records.first { $0.data["DeviceId"] == "4a4907dbb1b96c6a1177dfd1b95eb41c781d1265" })
        #expect(bare.data["Name"] == nil)
        #expect(bare.data["Version"] == nil)
    }

    @Test func oldSingularProtocolKeyIsKept() throws {
        let records = try CollectorHarness.records(collector, fixture: "thinkpad-p1-iommu.json")
        let firmware = try #require(records.first { $0.data["Name"] == "System Firmware" })
        #expect(firmware.data["Protocol"] == "org.uefi.capsule")
        #expect(firmware.data["VersionRaw"] == 65559)
    }

    @Test func fullLaptopInventoryYieldsOneRecordPerDeviceInFileOrder() throws {
        let records = try CollectorHarness.records(collector, fixture: "x1-carbon.devices.json")
        #expect(records.map { $0.data["Plugin"] } == ["uefi_capsule", "nvme", "tpm", "cpu"])
        #expect(records.allSatisfy { $0.subject == "host:x1-carbon" })
        #expect(records.allSatisfy { $0.observedAt == CollectorHarness.observedAt })
    }

    @Test func systemFirmwareKeepsEveryFieldAsFwupdWroteIt() throws {
        let firmware = try #require(try CollectorHarness.records(collector, fixture: "x1-carbon.devices.json").first)
        #expect(firmware.data["Name"] == "System Firmware")
        #expect(firmware.data["Version"] == "0.1.46")
        #expect(firmware.data["VersionFormat"] == "triplet")
        #expect(firmware.data["VersionRaw"] == 65582)
        #expect(
            firmware.data["Guid"] == ["a7bf84f4-d0a1-4c82-8f65-2e0a3f4b8c21", "230c8b18-8d9b-53ec-838b-6cfc0383493a"])
        #expect(firmware.data["Protocols"] == ["org.uefi.capsule"])
        #expect(firmware.data["Flags"]?.arrayValue?.contains("updatable") == true)
        #expect(firmware.data["Flags"]?.arrayValue?.last == .null)
        let releases = try #require(firmware.data["Releases"]?.arrayValue)
        #expect(releases.count == 2)
        #expect(releases[0]["Version"] == "0.1.48")
        #expect(releases[0]["Issues"] == ["CVE-2025-1234"])
        #expect(releases[0]["Flags"] == ["trusted-payload", "trusted-metadata", "is-upgrade"])
    }

    @Test func tpmKeepsItsUpdateErrorAndProblems() throws {
        let records = try CollectorHarness.records(collector, fixture: "x1-carbon.devices.json")
        let tpm = try #require(records.first { $0.data["Plugin"] == "tpm" })
        #expect(tpm.data["UpdateError"] == "Updating disabled due to TPM ownership")
        #expect(tpm.data["Problems"] == ["update-pending"])
        #expect(tpm.data["VersionRaw"] == 282_583_078_273_024)
    }

    @Test func sourceNamesTheFileAndTheSHA256OfItsBytes() throws {
        let bytes = try CollectorHarness.fixture("x1-carbon.devices.json")
        let records = try CollectorHarness.records(collector, fixture: "x1-carbon.devices.json")
        #expect(
            records.allSatisfy {
                $0.source == EvidenceSource(name: "x1-carbon.devices.json", sha256: SHA256Hex.of(bytes))
            })
    }

    @Test func sameInputTwiceGivesTheSameRecordIds() throws {
        let first = try CollectorHarness.records(collector, fixture: "x1-carbon.devices.json").map(\.id)
        let second = try CollectorHarness.records(collector, fixture: "x1-carbon.devices.json").map(\.id)
        #expect(first == second)
        #expect(Set(first).count == 4)
    }

    @Test func emptyDeviceListYieldsNoRecords() throws {
        #expect(try CollectorHarness.records(collector, text: #"{"Devices": []}"#, fileName: "idle.json").isEmpty)
    }

    // MARK: Subject

    @Test func subjectComesFromTheFileNameUpToItsFirstDot() throws {
        let records = try CollectorHarness.records(collector, text: Self.oneDevice, fileName: "web-01.devices.json")
        #expect(records.first?.subject == "host:web-01")
    }

    @Test func subjectComesFromTheBaseNameWhenTheFileNameIsAPath() throws {
        let records = try CollectorHarness.records(collector, text: Self.oneDevice, fileName: "fleet/db.2/web-02.json")
        #expect(records.first?.subject == "host:web-02")
    }

    @Test func givenSubjectWinsOverTheFileName() throws {
        let records = try CollectorHarness.records(
            collector, text: Self.oneDevice, fileName: "web-01.devices.json", subject: "host:db-07")
        #expect(records.first?.subject == "host:db-07")
    }

    @Test func givenSubjectMustBeAHost() {
        let failure = CollectorHarness.failure(collector, text: Self.oneDevice, fileName: "a.json", subject: "key:abc")
        #expect(failure?.location == "subject")
        #expect(failure?.reason.contains("expected 'host:NAME'") == true)
    }

    @Test func givenSubjectMustBeValid() {
        let failure = CollectorHarness.failure(collector, text: Self.oneDevice, fileName: "a.json", subject: "web-01")
        #expect(failure?.location == "subject")
        #expect(failure?.reason.hasPrefix("subject 'web-01' must start with one of") == true)
    }

    @Test func fileNameWithoutAHostPartNeedsAGivenSubject() {
        let failure = CollectorHarness.failure(collector, text: Self.oneDevice, fileName: ".devices.json")
        #expect(failure?.location == "subject")
        #expect(failure?.reason.contains("pass --subject") == true)
    }

    // MARK: Exact numbers

    @Test func integersBeyondTwoToThe53AreKeptExactlyAsStrings() throws {
        let text =
            #"{"Devices":[{"DeviceId":"d1","VersionRaw":18446744073709551615,"Created":9007199254740993,"#
            + #""VersionLowestRaw":9007199254740992,"Nested":[{"Big":-9007199254740993}]}]}"#
        let device = try #require(try CollectorHarness.records(collector, text: text, fileName: "h.json").first)
        #expect(device.data["VersionRaw"] == "18446744073709551615")
        #expect(device.data["Created"] == "9007199254740993")
        #expect(device.data["VersionLowestRaw"] == .number(9_007_199_254_740_992))
        #expect(device.data["Nested"]?.arrayValue?.first?["Big"] == "-9007199254740993")
    }

    @Test func fractionsAndSmallIntegersStayNumbers() throws {
        let text = #"{"Devices":[{"DeviceId":"d1","BatteryLevel":87,"Extra":0.5}]}"#
        let device = try #require(try CollectorHarness.records(collector, text: text, fileName: "h.json").first)
        #expect(device.data["BatteryLevel"] == 87)
        #expect(device.data["Extra"] == 0.5)
    }

    // MARK: Malformed input

    static let oneDevice = #"{"Devices":[{"DeviceId":"d1","Name":"System Firmware"}]}"#

    static let malformed: [MalformedInput] = [
        MalformedInput(name: "top level is a list", text: "[]", location: "$", reason: "expected object, found array"),
        MalformedInput(name: "no Devices key", text: "{}", location: "$", reason: "missing required field 'Devices'"),
        MalformedInput(
            name: "Devices is an object", text: #"{"Devices":{}}"#, location: "$.Devices",
            reason: "expected array, found object"),
        MalformedInput(
            name: "device is a string", text: #"{"Devices":["x"]}"#, location: "$.Devices[0]",
            reason: "expected object, found string"),
        MalformedInput(
            name: "device without DeviceId", text: #"{"Devices":[{"DeviceId":"a"},{"Name":"TPM"}]}"#,
            location: "$.Devices[1]", reason: "missing required field 'DeviceId'"),
        MalformedInput(
            name: "DeviceId is a number", text: #"{"Devices":[{"DeviceId":7}]}"#, location: "$.Devices[0].DeviceId",
            reason: "expected string, found number"),
        MalformedInput(
            name: "DeviceId is empty", text: #"{"Devices":[{"DeviceId":""}]}"#, location: "$.Devices[0].DeviceId",
            reason: "must not be empty"),
        MalformedInput(
            name: "duplicate DeviceId", text: #"{"Devices":[{"DeviceId":"a"},{"DeviceId":"b"},{"DeviceId":"a"}]}"#,
            location: "$.Devices[2].DeviceId", reason: "duplicate DeviceId 'a' (also at $.Devices[0])"),
        MalformedInput(
            name: "Name is a number", text: #"{"Devices":[{"DeviceId":"a","Name":5}]}"#,
            location: "$.Devices[0].Name", reason: "expected string, found number"),
        MalformedInput(
            name: "Version is a number", text: #"{"Devices":[{"DeviceId":"a","Version":1.2}]}"#,
            location: "$.Devices[0].Version", reason: "expected string, found number"),
        MalformedInput(
            name: "VersionFormat is null", text: #"{"Devices":[{"DeviceId":"a","VersionFormat":null}]}"#,
            location: "$.Devices[0].VersionFormat", reason: "expected string, found null"),
        MalformedInput(
            name: "Guid is a string", text: #"{"Devices":[{"DeviceId":"a","Guid":"abc"}]}"#,
            location: "$.Devices[0].Guid", reason: "expected array, found string"),
        MalformedInput(
            name: "Guid holds a number", text: #"{"Devices":[{"DeviceId":"a","Guid":["abc",1]}]}"#,
            location: "$.Devices[0].Guid[1]", reason: "expected string, found number"),
        MalformedInput(
            name: "Flags is a string",
            text:
                #"{"Devices":[{"DeviceId":"a"},{"DeviceId":"b"},{"DeviceId":"c"},{"DeviceId":"d","Flags":"updatable"}]}"#,
            location: "$.Devices[3].Flags", reason: "expected array, found string"),
        MalformedInput(
            name: "Flags holds a boolean", text: #"{"Devices":[{"DeviceId":"a","Flags":["internal",true]}]}"#,
            location: "$.Devices[0].Flags[1]", reason: "expected string or null, found boolean"),
        MalformedInput(
            name: "VersionRaw is a string", text: #"{"Devices":[{"DeviceId":"a","VersionRaw":"65559"}]}"#,
            location: "$.Devices[0].VersionRaw", reason: "expected number, found string"),
        MalformedInput(
            name: "Releases holds a string", text: #"{"Devices":[{"DeviceId":"a","Releases":["0.1.2"]}]}"#,
            location: "$.Devices[0].Releases[0]", reason: "expected object, found string"),
        MalformedInput(
            name: "release Issues is a string",
            text: #"{"Devices":[{"DeviceId":"a","Releases":[{"Version":"1","Issues":"CVE-1"}]}]}"#,
            location: "$.Devices[0].Releases[0].Issues", reason: "expected array, found string"),
        MalformedInput(
            name: "fwupd error document",
            text: #"{"Error":{"Domain":"FwupdError","Code":10,"Message":"No supported devices"}}"#,
            location: "$.Error", reason: "fwupd reported an error instead of devices: No supported devices"),
        MalformedInput(name: "empty file", text: "", location: "line 1", reason: "empty file"),
        MalformedInput(name: "blank file", text: " \n\n", location: "line 1", reason: "empty file"),
    ]

    @Test(arguments: malformed)
    func malformedInputIsRejectedNamingThePlaceAndReason(_ example: MalformedInput) {
        let failure = CollectorHarness.failure(collector, text: example.text, fileName: "web-01.json")
        #expect(failure == CollectionFailure(file: "web-01.json", location: example.location, reason: example.reason))
    }

    @Test func securityOutputIsRejectedWithAHint() throws {
        let bytes = try CollectorHarness.fixture("thinkpad-p1-no-iommu.json")
        let failure = CollectorHarness.failure(collector, bytes: bytes, fileName: "p1.json")
        #expect(failure?.location == "$")
        #expect(
            failure?.reason == "missing required field 'Devices' (this looks like `fwupdmgr security --json` output)")
    }

    @Test func truncatedJSONNamesLineAndColumn() {
        let failure = CollectorHarness.failure(
            collector, text: "{\"Devices\": [\n  {\"DeviceId\": \"a\"", fileName: "h.json")
        #expect(failure?.location.hasPrefix("line 2") == true)
    }

    @Test func syntaxErrorNamesItsLine() {
        let failure = CollectorHarness.failure(
            collector, text: "{\"Devices\": [\n  {\"DeviceId\" \"a\"}]}", fileName: "h.json")
        #expect(failure?.location.hasPrefix("line 2, column ") == true)
    }

    @Test func binaryGarbageIsRejectedAsNotUTF8NamingTheByte() {
        let failure = CollectorHarness.failure(
            collector, bytes: Data([0x7B, 0x22, 0xFF, 0xFE, 0x00]), fileName: "h.json")
        #expect(
            failure == CollectionFailure(file: "h.json", location: "byte 2", reason: "not UTF-8 text (binary file?)"))
    }

    @Test func textWithANulByteIsRejectedAsBinary() {
        let failure = CollectorHarness.failure(collector, bytes: Data([0x7B, 0x7D, 0x00]), fileName: "h.json")
        #expect(
            failure
                == CollectionFailure(
                    file: "h.json", location: "byte 2", reason: "binary data (NUL byte), expected text"))
    }

    @Test func byteOrderMarkIsAccepted() throws {
        let bytes = Data([0xEF, 0xBB, 0xBF]) + Data(Self.oneDevice.utf8)
        #expect(try collector.records(from: CollectorHarness.input(bytes, fileName: "h.json")).count == 1)
    }
}
