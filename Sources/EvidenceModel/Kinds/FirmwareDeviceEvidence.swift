/// The `firmware.device` kind, the one model of its record's data: one device of
/// `fwupdmgr get-devices --json`, written by the `fwupd` collector, read by `firmware_updatable` and
/// `firmware_not_vulnerable`.
///
/// The data is the device object as fwupd wrote it (type-checked; keys fwupd adds later pass
/// through), so `expect` checks read fwupd's own names; the fields Vigil's checks judge are typed
/// below, each read leniently (a field missing or of another type reads as absent).
public struct FirmwareDeviceEvidence: Sendable, Hashable {
    /// The device object as fwupd wrote it.
    public let device: [String: JSONValue]

    public init(device: [String: JSONValue]) { self.device = device }

    public var data: [String: JSONValue] { device }

    /// Reads a `firmware.device` record back.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.firmwareDevice)
        self.init(device: record.data)
    }

    /// `Name`, else `DeviceId`.
    public var name: String? { device["Name"]?.stringValue ?? device["DeviceId"]?.stringValue }
    /// `Guid`, lowercased: a list, or one string as older fwupd wrote it.
    public var guids: Set<String> {
        switch device["Guid"] {
        case .array(let list): Set(list.compactMap { $0.stringValue?.lowercased() })
        case .string(let one): [one.lowercased()]
        default: []
        }
    }
    /// `Version`; nil when empty.
    public var version: String? { device["Version"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }
    /// `VersionFormat` (`triplet`, `intel-me`, …), the word fwupd wrote.
    public var versionFormat: String? { device["VersionFormat"]?.stringValue }
    /// `VersionRaw`, when it is a 32-bit unsigned integer; integers beyond 2^53 arrive as exact decimal strings.
    public var versionRaw: UInt32? {
        switch device["VersionRaw"] {
        case .number(let value) where value >= 0 && value <= Double(UInt32.max) && value == value.rounded(): UInt32(value)
        case .string(let text): UInt32(text)
        default: nil
        }
    }
    public var plugin: String? { device["Plugin"]?.stringValue }
    /// Whether `Protocols` names any protocol to update the device with (a list, or one string).
    public var hasProtocols: Bool {
        switch device["Protocols"] {
        case .array(let list): !list.isEmpty
        case .string(let text): !text.isEmpty
        default: false
        }
    }
    /// `Flags` (`updatable`, `updatable-hidden`, …); a bit fwupd could not name (`null`) is left out.
    public var flags: Set<String> { Set((device["Flags"]?.arrayValue ?? []).compactMap(\.stringValue)) }
    public var updateError: String? { device["UpdateError"]?.stringValue }
    /// `Problems` as written: usually a list of words.
    public var problems: JSONValue? { device["Problems"] }
}
