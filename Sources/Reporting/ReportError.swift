/// Why a report could not be rendered.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The format is part of the contract (DESIGN §7) but this build does not render it yet.
    case formatNotAvailable(ReportFormat)

    public var description: String {
        switch self {
        case .formatNotAvailable(let format):
            let available = ReportFormat.allCases.filter(\.isAvailable).map(\.rawValue).joined(separator: ", ")
            return "the \(format.rawValue) report format is not available yet; use one of: \(available)"
        }
    }
}
