/// One OSV advisory about fwupd devices (DESIGN §5): which device GUIDs and versions it affects.
public struct FirmwareAdvisory: Sendable, Hashable {
    /// One `affected[]` entry: a device GUID, its version format, and ranges or exact versions.
    public struct Affected: Sendable, Hashable {
        /// `package.name`: the fwupd device GUID, lowercased (fwupd prints GUIDs lowercase).
        public let guid: String
        /// `database_specific.version_format`; nil means the versions are in the device's own format.
        public let format: FwupdVersionFormat?
        public let ranges: [[RangeEvent]]
        /// `versions[]`: exact versions listed as affected.
        public let versions: [String]
    }

    /// One event of an `ECOSYSTEM` range.
    public enum RangeEvent: Sendable, Hashable {
        case introduced(String)
        case fixed(String)
        case lastAffected(String)

        var version: String {
            switch self {
            case .introduced(let v), .fixed(let v), .lastAffected(let v): v
            }
        }
    }

    public let id: String
    /// `aliases`, e.g. CVE ids.
    public let aliases: [String]
    public let affected: [Affected]

    /// The entries about `guid`.
    public func entries(for guids: Set<String>) -> [Affected] {
        affected.filter { guids.contains($0.guid) }
    }
}

extension FirmwareAdvisory.Affected {
    /// Whether `version` (already in this entry's format) is affected, and the range that says so.
    ///
    /// OSV's rule: walk the events in version order; `introduced` (or `0`) at or below the version
    /// opens a range, `fixed` at or below closes it, `last_affected` below it closes it.
    func affects(_ version: String, format: FwupdVersionFormat?) -> String? {
        if versions.contains(version) { return "listed as an affected version" }
        for events in ranges {
            let sorted = events.sorted { lhs, rhs in
                Self.order(lhs.version, rhs.version, format) < 0
            }
            var open: String?
            for event in sorted {
                switch event {
                case .introduced(let bound):
                    if bound == "0" || Self.order(version, bound, format) >= 0 { open = bound }
                case .fixed(let bound):
                    if Self.order(version, bound, format) >= 0 { open = nil }
                case .lastAffected(let bound):
                    if Self.order(version, bound, format) > 0 { open = nil }
                }
            }
            if let open { return "introduced \(open), " + Self.describeUpper(events) }
        }
        return nil
    }

    private static func order(_ a: String, _ b: String, _ format: FwupdVersionFormat?) -> Int {
        if a == b { return 0 }
        if a == "0" { return -1 }
        if b == "0" { return 1 }
        return FwupdVersionComparison.compare(a, b, format: format)
    }

    private static func describeUpper(_ events: [FirmwareAdvisory.RangeEvent]) -> String {
        let uppers = events.compactMap { event -> String? in
            switch event {
            case .fixed(let v): "fixed \(v)"
            case .lastAffected(let v): "last affected \(v)"
            case .introduced: nil
            }
        }
        return uppers.isEmpty ? "no fix" : uppers.joined(separator: ", ")
    }
}
