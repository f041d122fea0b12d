import EvidenceModel

/// How a status reads in a terminal. The symbol and word carry the meaning on their own,
/// so a report piped to a file or read without colour loses nothing.
extension Status {
    /// Lower case words for running text ("2 fail, 1 not applicable").
    var phrase: String {
        switch self {
        case .notApplicable: "not applicable"
        default: rawValue
        }
    }

    var colour: TerminalColour {
        switch self {
        case .fail, .error: .red
        case .stale, .missing: .yellow
        case .accepted: .cyan
        case .pass: .green
        case .notApplicable: .dim
        }
    }

    /// Worst first, as the text report lists controls: error > fail > missing > stale > accepted > pass > n/a.
    static func isWorse(_ a: Status, than b: Status) -> Bool {
        a.severityRank > b.severityRank
    }

    static let worstFirst: [Status] = allCases.sorted(by: isWorse)
}
