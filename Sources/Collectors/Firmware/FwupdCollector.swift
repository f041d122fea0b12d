import EvidenceModel
import Foundation

/// Reads `fwupdmgr get-devices --json` (`{"Devices":[…]}`): one `firmware.device` record per device.
///
/// A device's data is the device object as fwupd wrote it (``FirmwareDeviceEvidence``), type-checked, so controls can read
/// `Flags`, `Version`, `VersionFormat`, `VersionRaw`, `Guid` and `Releases` with fwupd's own meaning.
/// The JSON carries no collection time (`Created` is when the daemon first saw the device), so
/// records take the run's `observedAt`.
public struct FwupdCollector: EvidenceCollector {
    public let name = "fwupd"

    public init() {}

    public func records(from input: CollectorInput) throws(CollectionFailure) -> [EvidenceRecord] {
        let subject = try input.hostSubject()
        let devices = try devices(in: input)
        let source = input.source
        return devices.map { device in
            EvidenceRecord(
                kind: EvidenceKind.firmwareDevice, subject: subject, observedAt: input.observedAt,
                collector: name, origin: .observed, source: source, data: device.data)
        }
    }

    /// The device objects, validated, with integers beyond 2^53 as exact strings.
    private func devices(in input: CollectorInput) throws(CollectionFailure) -> [FirmwareDeviceEvidence] {
        let document = try JSONDocuments.single(input, of: "`fwupdmgr get-devices --json` output").value

        guard let top = document.objectValue else { throw FwupdSchema.mismatch("object", document, "$", input) }
        if let message = top["Error"]?["Message"]?.stringValue {
            throw input.failure(at: "$.Error", "fwupd reported an error instead of devices: \(message)")
        }
        guard let devicesValue = top["Devices"] else {
            let hint = top["SecurityAttributes"] != nil ? " (this looks like `fwupdmgr security --json` output)" : ""
            throw input.failure(at: "$", "missing required field 'Devices'" + hint)
        }
        guard let devices = devicesValue.arrayValue else {
            throw FwupdSchema.mismatch("array", devicesValue, "$.Devices", input)
        }

        var firstPathOfDeviceId: [String: String] = [:]
        var result: [FirmwareDeviceEvidence] = []
        for (index, device) in devices.enumerated() {
            let path = JSONPath.element("$.Devices", index)
            guard let object = device.objectValue else { throw FwupdSchema.mismatch("object", device, path, input) }
            guard let idValue = object["DeviceId"] else {
                throw input.failure(at: path, "missing required field 'DeviceId'")
            }
            try FwupdSchema.validate(object, against: FwupdSchema.device, at: path, in: input)
            let deviceId = idValue.stringValue ?? ""
            if deviceId.isEmpty { throw input.failure(at: JSONPath.child(path, "DeviceId"), "must not be empty") }
            if let first = firstPathOfDeviceId[deviceId] {
                throw input.failure(
                    at: JSONPath.child(path, "DeviceId"), "duplicate DeviceId '\(deviceId)' (also at \(first))")
            }
            firstPathOfDeviceId[deviceId] = path
            result.append(FirmwareDeviceEvidence(device: object))
        }
        return result
    }
}
