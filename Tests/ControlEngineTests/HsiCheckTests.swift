import EvidenceModel
import Foundation
import Testing

@testable import ControlEngine

struct HsiCheckTests {
    let check = HsiCheck(required: ["org.fwupd.hsi.Uefi.SecureBoot": "enabled", "org.fwupd.hsi.Spi.Bioswe": "not-enabled"])

    static func security(_ attributes: [String: JSONValue], available: Bool = true) -> EvidenceRecord {
        var data: [String: JSONValue] = ["available": .bool(available), "attributes": .object(attributes)]
        if !available { data["reason"] = "HSI unavailable: HSI unavailable for unprivileged hypervisor" }
        return Fixture.record(EvidenceKind.firmwareSecurity, "host:a", data)
    }

    static func attribute(_ result: String?, success: Bool, flags: [String] = []) -> JSONValue {
        var object: [String: JSONValue] = [
            "success": .bool(success),
            "Flags": .array((flags + (success ? ["success"] : [])).map(JSONValue.string)),
        ]
        object["HsiResult"] = result.map(JSONValue.string)
        return .object(object)
    }

    @Test func namedAttributesWithTheRequiredResultsPass() {
        let record = Self.security([
            "org.fwupd.hsi.Uefi.SecureBoot": Self.attribute("enabled", success: true),
            "org.fwupd.hsi.Spi.Bioswe": Self.attribute("not-enabled", success: true),
        ])
        #expect(
            check.judge([record], at: Fixture.now)
                == .pass("all 2 attributes as required: Spi.Bioswe not-enabled, Uefi.SecureBoot enabled"))
    }

    @Test func secureBootOffFailsWhateverTheOtherAttributesSay() {
        let record = Self.security([
            "org.fwupd.hsi.Uefi.SecureBoot": Self.attribute("not-enabled", success: false),
            "org.fwupd.hsi.Spi.Bioswe": Self.attribute("not-enabled", success: true),
        ])
        #expect(
            check.judge([record], at: Fixture.now)
                == .fail("1 of 2 attributes fail: Uefi.SecureBoot is not-enabled (required enabled)"))
    }

    @Test func successMeansFwupdsOwnFlag() {
        let flagCheck = HsiCheck(required: ["org.fwupd.hsi.Spi.SmmBwp": "success"])
        let failing = Self.security(["org.fwupd.hsi.Spi.SmmBwp": Self.attribute("not-locked", success: false)])
        #expect(
            flagCheck.judge([failing], at: Fixture.now)
                == .fail("1 of 1 attributes fail: Spi.SmmBwp is not-locked (required fwupd success)"))
    }

    @Test func aMissingAttributeOrResultIsNotAssessable() {
        let record = Self.security(["org.fwupd.hsi.Spi.Bioswe": Self.attribute(nil, success: false)])
        #expect(
            check.judge([record], at: Fixture.now)
                == CheckVerdict(
                    status: .error, reason: "not assessable: Spi.Bioswe has no HsiResult, Uefi.SecureBoot not reported"))
    }

    @Test func missingDataIsNotAssessable() {
        let record = Self.security([
            "org.fwupd.hsi.Uefi.SecureBoot": Self.attribute("enabled", success: true),
            "org.fwupd.hsi.Spi.Bioswe": Self.attribute("not-enabled", success: false, flags: ["missing-data"]),
        ])
        #expect(check.judge([record], at: Fixture.now).status == .error)
    }

    @Test func hsiUnavailableOnAVirtualMachineIsNotAssessableNotAFailure() {
        #expect(
            check.judge([Self.security([:], available: false)], at: Fixture.now)
                == CheckVerdict(
                    status: .error, reason: "not assessable: HSI unavailable: HSI unavailable for unprivileged hypervisor"))
    }

    @Test func parametersNameEveryBadAttributeAndResult() {
        var parameters = CheckParameters(["attributes": ["Uefi.SecureBoot": "on", "org.fwupd.hsi.Iommu": "found"]])
        #expect(HsiCheck(parameters: &parameters) == nil)
        #expect(parameters.problems.map(\.field) == ["check.attributes.Uefi.SecureBoot", "check.attributes.Uefi.SecureBoot"])
        var empty = CheckParameters(["attributes": [:]])
        #expect(HsiCheck(parameters: &empty) == nil)
    }
}
