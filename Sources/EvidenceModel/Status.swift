/// A verdict for one subject under one control, and for a control as a whole (DESIGN §5).
public enum Status: String, Sendable, Hashable, CaseIterable, Codable {
    case pass, fail, stale, missing, accepted
    case notApplicable = "not_applicable"
    case error

    /// How bad a status is: a control's status is its worst subject's, `not_applicable` aside.
    /// error > fail > missing > stale > accepted > pass.
    public var severityRank: Int {
        switch self {
        case .error: 6
        case .fail: 5
        case .missing: 4
        case .stale: 3
        case .accepted: 2
        case .pass: 1
        case .notApplicable: 0
        }
    }

    /// The worst of some statuses, ignoring `not_applicable`; `not_applicable` when nothing else remains.
    public static func worst(of statuses: some Sequence<Status>) -> Status {
        // One pass, no array of the statuses: a control's status is read several times a report.
        var worst: Status?
        for status in statuses where status != .notApplicable {
            if worst.map({ $0.severityRank < status.severityRank }) ?? true { worst = status }
        }
        return worst ?? .notApplicable
    }

    /// Whether this status makes `vigil check` exit 1.
    public var needsAttention: Bool { self == .fail || self == .stale || self == .missing }

    /// One symbol per status, so a verdict reads without colour (the text report and the TUI).
    public var symbol: String {
        switch self {
        case .pass: "✓"
        case .fail: "✗"
        case .stale: "!"
        case .missing: "?"
        case .accepted: "~"
        case .notApplicable: "-"
        case .error: "‼"
        }
    }

    /// Upper case, so the verdict is the first word the eye finds (`N/A` for not_applicable).
    public var label: String { self == .notApplicable ? "N/A" : rawValue.uppercased() }
}

/// How much a control matters.
public enum Severity: String, Sendable, Hashable, CaseIterable, Codable {
    case low, medium, high, critical
}
