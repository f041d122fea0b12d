import EvidenceModel
import Foundation

/// Reads `fwupdmgr security --json` (`{"SecurityAttributes":[…]}`): one `firmware.security` record per host.
///
/// The record's data (``FirmwareSecurityEvidence``) holds `attributes`, keyed by `AppstreamId`,
/// each the attribute as fwupd wrote it plus `success` (fwupd's pass/fail is the `success` flag, not the result word:
/// `Spi.Bioswe = not-enabled` passes). `HsiResult` and `HsiLevel` may be absent (runtime attributes,
/// containers) and stay absent. On virtual machines fwupd prints `{"Error":{…}}` and exits 1: that
/// is evidence too — `available: false` with the reason "HSI unavailable: …" — not a rejection.
public struct FwupdSecurityCollector: EvidenceCollector {
    public let name = "fwupd-security"
    public let readsFailedCommands = true

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let subject = try input.hostSubject()
        var evidence = try security(in: input)
        evidence.command = input.command?.jsonValue
        return [
            EvidenceRecord(
                kind: EvidenceKind.firmwareSecurity, subject: subject, observedAt: input.observedAt,
                collector: name, origin: .observed, source: input.source, data: evidence.data)
        ]
    }

    private func security(in input: CollectorInput) throws(CollectionFailure) -> FirmwareSecurityEvidence {
        let document = try JSONDocuments.single(input, of: "`fwupdmgr security --json` output").value
        guard let top = document.objectValue else { throw FwupdSchema.mismatch("object", document, "$", input) }
        if let error = top["Error"] {
            return try unavailable(error, in: input)
        }
        guard let list = top["SecurityAttributes"] else {
            let hint = top["Devices"] != nil ? " (this looks like `fwupdmgr get-devices --json` output)" : ""
            throw input.failure(at: "$", "missing required field 'SecurityAttributes'" + hint)
        }
        guard let attributes = list.arrayValue else { throw FwupdSchema.mismatch("array", list, "$.SecurityAttributes", input) }
        var byId: [String: FirmwareSecurityEvidence.Attribute] = [:]
        for (index, attribute) in attributes.enumerated() {
            let path = JSONPath.element("$.SecurityAttributes", index)
            let (id, value) = try Self.attribute(attribute, at: path, in: input)
            // fwupd may report one attribute per device; a failing copy must not hide behind a passing one.
            if let kept = byId[id], !kept.success { continue }
            byId[id] = value
        }
        return FirmwareSecurityEvidence(attributes: byId)
    }

    /// The error document fwupd prints instead of attributes (`HSI unavailable for unprivileged hypervisor`).
    private func unavailable(_ error: JSONValue, in input: CollectorInput) throws(CollectionFailure) -> FirmwareSecurityEvidence {
        guard let object = error.objectValue else { throw FwupdSchema.mismatch("object", error, "$.Error", input) }
        guard let message = object["Message"]?.stringValue, !message.isEmpty else {
            throw input.failure(at: "$.Error.Message", "missing: fwupd's error documents carry a Message")
        }
        if let code = object["Code"], code.doubleValue == nil { throw FwupdSchema.mismatch("number", code, "$.Error.Code", input) }
        if let domain = object["Domain"], domain.stringValue == nil {
            throw FwupdSchema.mismatch("string", domain, "$.Error.Domain", input)
        }
        return FirmwareSecurityEvidence(unavailable: "HSI unavailable: \(message)", error: object)
    }

    private static func attribute(
        _ value: JSONValue, at path: String, in input: CollectorInput
    )
        throws(CollectionFailure) -> (String, FirmwareSecurityEvidence.Attribute)
    {
        guard var object = value.objectValue else { throw FwupdSchema.mismatch("object", value, path, input) }
        guard let idValue = object["AppstreamId"] else { throw input.failure(at: path, "missing required field 'AppstreamId'") }
        try FwupdSchema.validate(object, against: schema, at: path, in: input)
        let id = idValue.stringValue ?? ""
        if id.isEmpty { throw input.failure(at: JSONPath.child(path, "AppstreamId"), "must not be empty") }
        if let level = object["HsiLevel"]?.doubleValue, !(0...5).contains(level) || level != level.rounded() {
            throw input.failure(at: JSONPath.child(path, "HsiLevel"), "expected an HSI level 0–5, found \(JSONText.number(level))")
        }
        let flags = (object["Flags"]?.arrayValue ?? []).compactMap(\.stringValue)
        object["success"] = .bool(flags.contains("success"))
        return (id, FirmwareSecurityEvidence.Attribute(json: .object(object)))
    }

    /// Attribute keys and their JSON types (`libfwupd/fwupd-security-attr.c`); others pass through.
    static let schema: [String: FwupdSchema.Expected] = [
        "AppstreamId": .string, "Created": .number, "HsiLevel": .number, "HsiResult": .string,
        "HsiResultFallback": .string, "HsiResultSuccess": .string, "Name": .string, "Summary": .string,
        "Description": .string, "Plugin": .string, "Version": .string, "Uri": .string, "BiosSettingId": .string,
        "BiosSettingTargetValue": .string, "BiosSettingCurrentValue": .string, "KernelCurrentValue": .string,
        "KernelTargetValue": .string, "Flags": .flags, "Guid": .strings,
    ]
}

private enum JSONText {
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
