/// The `VersionFormat` values fwupd defines (libfwupd `fwupd-enums.c`), and how fwupd renders a raw
/// integer version (`VersionRaw`, e.g. the ESRT `fw_version`) in each (`fu_version_from_uint32`).
///
/// fwupd renders a device's `Version` from its raw value in the device's format; an advisory written
/// in another format can only be compared after re-rendering the raw value in the advisory's format.
public enum FwupdVersionFormat: String, Sendable, Hashable, CaseIterable {
    case plain, number, pair, triplet, quad, bcd
    case intelME = "intel-me"
    case intelME2 = "intel-me2"
    case intelCSME19 = "intel-csme19"
    case surfaceLegacy = "surface-legacy"
    case surface
    case dellBIOS = "dell-bios"
    case dellBIOSMSB = "dell-bios-msb"
    case hex

    /// The names as fwupd spells them, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// `raw` as fwupd prints it in this format (fwupd's `fu_version_from_uint32`).
    public func render(_ raw: UInt32) -> String {
        let v = raw
        func dotted(_ parts: UInt32...) -> String { parts.map(String.init).joined(separator: ".") }
        switch self {
        case .plain, .number: return String(v)
        case .pair: return dotted(v >> 16 & 0xFFFF, v & 0xFFFF)
        case .triplet: return dotted(v >> 24 & 0xFF, v >> 16 & 0xFF, v & 0xFFFF)
        case .quad: return dotted(v >> 24 & 0xFF, v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF)
        case .bcd:
            // Each byte is two decimal digits, one per nibble (fwupd does not reject nibbles above 9).
            func bcd(_ byte: UInt32) -> UInt32 { (byte >> 4 & 0x0F) * 10 + (byte & 0x0F) }
            return dotted(bcd(v >> 24 & 0xFF), bcd(v >> 16 & 0xFF), bcd(v >> 8 & 0xFF), bcd(v & 0xFF))
        case .intelME: return dotted((v >> 29 & 0x07) + 11, v >> 24 & 0x1F, v >> 16 & 0xFF, v & 0xFFFF)
        case .intelME2: return dotted(v >> 28 & 0x0F, v >> 24 & 0x0F, v >> 16 & 0xFF, v & 0xFFFF)
        case .intelCSME19: return dotted((v >> 29 & 0x07) + 19, v >> 24 & 0x1F, v >> 16 & 0xFF, v & 0xFFFF)
        case .surfaceLegacy: return dotted(v >> 22 & 0x3FF, v >> 10 & 0xFFF, v & 0x3FF)
        case .surface: return dotted(v >> 24 & 0xFF, v >> 8 & 0xFFFF, v & 0xFF)
        case .dellBIOS: return dotted(v >> 16 & 0xFF, v >> 8 & 0xFF, v & 0xFF)
        case .dellBIOSMSB: return dotted(v >> 24 & 0xFF, v >> 16 & 0xFF, v >> 8 & 0xFF)
        case .hex:
            let digits = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
        }
    }
}
