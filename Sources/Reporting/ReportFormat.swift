/// The report formats `vigil check --format` names (DESIGN §7).
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, markdown, junit, oscal, html
}

/// Choices that change how a report looks, never what it says.
public struct ReportOptions: Sendable {
    /// Wrap status words in ANSI colours (text report only); the caller decides, e.g. from `isatty`.
    public var useColor: Bool = false

    public init(useColor: Bool = false) {
        self.useColor = useColor
    }
}
