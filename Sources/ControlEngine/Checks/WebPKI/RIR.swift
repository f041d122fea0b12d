/// A Regional Internet Registry: the service regions TLS BR 3.2.2.9 counts corroborating
/// perspectives in (from 2026-03-15, at least two of them).
public enum RIR: String, Sendable, Hashable, CaseIterable, Comparable {
    case afrinic = "AFRINIC"
    case apnic = "APNIC"
    case arin = "ARIN"
    case lacnic = "LACNIC"
    case ripeNCC = "RIPE NCC"

    /// Reads the spellings in use: Open MPIC writes `RIPE NCC` (any case), Boulder `RIPE`.
    public init?(spelling: String) {
        let words = spelling.uppercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" })
        switch words.joined(separator: " ") {
        case "AFRINIC": self = .afrinic
        case "APNIC": self = .apnic
        case "ARIN": self = .arin
        case "LACNIC": self = .lacnic
        case "RIPE", "RIPE NCC", "RIPENCC": self = .ripeNCC
        default: return nil
        }
    }

    public static func < (lhs: RIR, rhs: RIR) -> Bool { lhs.rawValue < rhs.rawValue }
}
