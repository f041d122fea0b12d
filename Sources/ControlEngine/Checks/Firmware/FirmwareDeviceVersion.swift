import EvidenceModel

/// A `firmware.device` record's version, put into an advisory's format the way fwupd would.
///
/// Versions are only comparable within one `VersionFormat` (firmware-keys.md A.5). When the
/// formats differ, the device's `VersionRaw` is re-rendered; without one, nothing is guessed.
struct FirmwareDeviceVersion {
    let name: String
    let guids: Set<String>
    let version: String?
    let format: FwupdVersionFormat?
    let formatName: String?
    let raw: UInt32?

    init(_ device: FirmwareDeviceEvidence) {
        name = device.name ?? "unnamed device"
        guids = device.guids
        version = device.version
        formatName = device.versionFormat
        format = formatName.flatMap(FwupdVersionFormat.init(rawValue:))
        raw = device.versionRaw
    }

    /// The version in `wanted` (nil: the device's own), or why it cannot be had without guessing.
    func version(in wanted: FwupdVersionFormat?) -> (version: String?, problem: String?) {
        guard let version else { return (nil, "\(name) reports no version") }
        guard let wanted, wanted != format else { return (version, nil) }
        if let raw { return (wanted.render(raw), nil) }
        if format == nil, Self.guessFormat(version) == wanted { return (version, nil) }
        let has = formatName.map { "format \($0)" } ?? "no VersionFormat"
        return (nil, "\(name) version \(version) has \(has), the advisory uses \(wanted.rawValue), and there is no VersionRaw to re-render")
    }

    /// fwupd's `fu_version_guess_format`: what a version string looks like.
    static func guessFormat(_ version: String) -> FwupdVersionFormat {
        let sections = version.split(separator: ".", omittingEmptySubsequences: false)
        let isDigits = { (s: Substring) in !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }
        if sections.count == 1 {
            if isDigits(sections[0]) { return .number }
            if version.hasPrefix("0x"), version.count > 2, version.dropFirst(2).allSatisfy(\.isHexDigit) { return .hex }
            return .plain
        }
        guard sections.allSatisfy(isDigits) else { return .plain }
        switch sections.count {
        case 2: return .pair
        case 3: return .triplet
        case 4: return .quad
        default: return .plain
        }
    }
}
