import EvidenceModel

/// The JSON types fwupd writes for the keys of a device and of a release (reference firmware-keys.md A.2).
///
/// Only the types are checked: keys are optional (fwupd leaves out zero and empty values) and keys
/// this table does not know pass through, so a newer fwupd does not break collection.
enum FwupdSchema {
    enum Expected {
        case string
        case strings
        /// `Flags`: strings, and `null` for a bit the library could not name.
        case flags
        case number
        case releases
    }

    static let device: [String: Expected] = [
        "Name": .string, "DeviceId": .string, "ParentDeviceId": .string, "CompositeId": .string,
        "InstanceIds": .strings, "Guid": .strings, "Serial": .string, "Summary": .string,
        "DetailsUrl": .string, "Branch": .string, "Plugin": .string, "Protocols": .strings,
        "Protocol": .string, "Issues": .strings, "Flags": .flags, "RequestFlags": .strings,
        "Problems": .strings, "Checksums": .strings, "Vendor": .string, "VendorId": .string,
        "VendorIds": .strings, "Version": .string, "VersionLowest": .string, "VersionHighest": .string,
        "VersionBootloader": .string, "VersionFormat": .string, "FlashesLeft": .number,
        "BatteryLevel": .number, "BatteryThreshold": .number, "VersionRaw": .number,
        "VersionLowestRaw": .number, "VersionHighestRaw": .number, "VersionBootloaderRaw": .number,
        "VersionBuildDate": .number, "Icons": .strings, "InstallDuration": .number, "Created": .number,
        "Modified": .number, "UpdateState": .number, "Status": .number, "Percentage": .number,
        "UpdateError": .string, "Releases": .releases,
    ]

    static let release: [String: Expected] = [
        "AppstreamId": .string, "ReleaseId": .string, "RemoteId": .string, "Name": .string,
        "NameVariantSuffix": .string, "Summary": .string, "Description": .string, "Branch": .string,
        "Version": .string, "Filename": .string, "Protocol": .string, "Categories": .strings,
        "Issues": .strings, "Checksum": .strings, "Tags": .strings, "License": .string, "Size": .number,
        "Created": .number, "Locations": .strings, "Homepage": .string, "DetailsUrl": .string,
        "SourceUrl": .string, "SbomUrl": .string, "Urgency": .string, "Vendor": .string, "Flags": .strings,
        "InstallDuration": .number,
    ]

    /// Checks every known key of `object` has its type; keys are visited in sorted order so the
    /// same file always reports the same first problem.
    static func validate(
        _ object: [String: JSONValue], against schema: [String: Expected], at path: String, in input: CollectorInput
    ) throws(CollectionFailure) {
        for key in object.keys.sorted() {
            guard let expected = schema[key], let value = object[key] else { continue }
            try validate(value, is: expected, at: JSONPath.child(path, key), in: input)
        }
    }

    private static func validate(
        _ value: JSONValue, is expected: Expected, at path: String, in input: CollectorInput
    ) throws(CollectionFailure) {
        switch expected {
        case .string:
            try require(value.stringValue != nil, "string", value, path, input)
        case .number:
            try require(value.doubleValue != nil || value.isExactIntegerText, "number", value, path, input)
        case .strings, .flags, .releases:
            guard let elements = value.arrayValue else { throw mismatch("array", value, path, input) }
            for (index, element) in elements.enumerated() {
                let elementPath = JSONPath.element(path, index)
                switch expected {
                case .flags:
                    try require(
                        element.stringValue != nil || element.isNull, "string or null", element, elementPath, input)
                case .releases:
                    guard let release = element.objectValue else {
                        throw mismatch("object", element, elementPath, input)
                    }
                    try validate(release, against: Self.release, at: elementPath, in: input)
                default: try require(element.stringValue != nil, "string", element, elementPath, input)
                }
            }
        }
    }

    private static func require(
        _ holds: Bool, _ expected: String, _ value: JSONValue, _ path: String, _ input: CollectorInput
    ) throws(CollectionFailure) {
        if !holds { throw mismatch(expected, value, path, input) }
    }

    static func mismatch(
        _ expected: String, _ value: JSONValue, _ path: String, _ input: CollectorInput
    )
        -> CollectionFailure
    {
        input.failure(at: path, "expected \(expected), found \(value.typeName)")
    }
}
