/// The `firmware.security` kind, the one model of its record's data: a host's fwupd Host Security ID
/// attributes (`fwupdmgr security --json`), written by the `fwupd-security` collector, read by `hsi`.
///
/// | field | type | meaning |
/// | --- | --- | --- |
/// | `available` | bool | fwupd reported attributes; false where it refused HSI (virtual machines) |
/// | `reason` | string? | why not: `HSI unavailable: <fwupd's message>` |
/// | `error` | object? | fwupd's error document as written |
/// | `attributes` | object | each attribute by its `AppstreamId`, as fwupd wrote it plus `success` (fwupd's `success` flag) |
/// | `command` | object? | the command's exit status and standard error, when the input was a command's output |
///
/// Read back, a field missing or of another type reads as absent (the check then says what it could
/// not assess); a `firmware.security` record is never refused.
public struct FirmwareSecurityEvidence: Sendable, Hashable {
    /// One HSI attribute as fwupd wrote it, plus `success`; the fields `hsi` judges are typed.
    public struct Attribute: Sendable, Hashable {
        public let json: JSONValue

        public init(json: JSONValue) { self.json = json }

        /// `HsiResult` (`enabled`, `not-locked`, …).
        public var result: String? { json["HsiResult"]?.stringValue }
        /// `Flags` (`success`, `missing-data`, …).
        public var flags: Set<String> { Set((json["Flags"]?.arrayValue ?? []).compactMap(\.stringValue)) }
        /// fwupd's pass or fail: `success`, else the `success` flag.
        public var success: Bool { json["success"]?.boolValue ?? flags.contains("success") }
    }

    public var isAvailable: Bool?
    public var reason: String?
    public var error: [String: JSONValue]?
    /// By `AppstreamId`.
    public var attributes: [String: Attribute]
    public var command: JSONValue?

    /// The attributes fwupd reported.
    public init(attributes: [String: Attribute]) {
        isAvailable = true
        self.attributes = attributes
    }

    /// fwupd refused HSI (virtual machines): evidence too, with fwupd's error document.
    public init(unavailable reason: String, error: [String: JSONValue]) {
        isAvailable = false
        self.reason = reason
        self.error = error
        attributes = [:]
    }

    public var data: [String: JSONValue] {
        var data: [String: JSONValue] = ["attributes": .object(attributes.mapValues(\.json))]
        data["available"] = isAvailable.map(JSONValue.bool)
        data["reason"] = reason.map(JSONValue.string)
        data["error"] = error.map(JSONValue.object)
        data["command"] = command
        return data
    }

    /// Reads a `firmware.security` record back, leniently.
    /// - Throws: when the record is of another kind.
    public init(record: EvidenceRecord) throws(EvidenceRecord.DecodingFailure) {
        try KindField.require(record, is: EvidenceKind.firmwareSecurity)
        let data = record.data
        isAvailable = data["available"]?.boolValue
        reason = data["reason"]?.stringValue
        error = data["error"]?.objectValue
        attributes = (data["attributes"]?.objectValue ?? [:]).mapValues(Attribute.init)
        command = data["command"]
    }
}
