import EvidenceModel
import Foundation

/// What one page shows: lines above a table, the table, and lines about the selected row.
public struct PageContent: Sendable {
    /// The breadcrumb of this page (`KM-01 › host:web-01`).
    public var title: String
    public var preamble: [StyledLine] = []
    public var columns: [Column] = []
    public var rows: [TableRow] = []
    /// Lines below the table about the row under the cursor (fields, changes).
    public var detail: [StyledLine] = []
    /// Shown instead of the table when it has no rows.
    public var empty: [String] = []

    public init(title: String) { self.title = title }
}

/// One content builder per page (after k9s' one renderer per resource kind).
public enum Views {
    public static func content(for page: Page, in state: AppState) -> PageContent {
        switch page {
        case .tab(.controls): ControlsView.content(state)
        case .tab(.scopeGaps): ScopeGapsView.content(state)
        case .tab(.acceptances): AcceptancesView.content(state)
        case .tab(.log): LogView.content(state)
        case .tab(.sources): SourcesView.content(state)
        case .control(let id): ControlView.content(id: id, state)
        case .evidence(let control, let subject): EvidenceView.content(control: control, subject: subject, state)
        case .history(let subject, let kind): HistoryView.content(subject: subject, kind: kind, state)
        case .decisionLog(let subject): DecisionLogView.content(subject: subject, state)
        case .acceptance(let id): AcceptanceView.content(id: id, state)
        case .diff(let since): DiffView.content(since: since, state)
        case .help: HelpView.content(state)
        }
    }

    /// The rows a page's cursor moves over.
    public static func rows(for page: Page, in state: AppState) -> [TableRow] {
        content(for: page, in: state).rows
    }
}

/// Dates and ages as the views print them, always relative to the instant being browsed.
enum Format {
    static func day(_ date: Date?) -> String {
        guard let date else { return "—" }
        return String(Timestamp.format(date).prefix(10))
    }

    static func minute(_ date: Date?) -> String {
        guard let date else { return "—" }
        let text = Timestamp.format(date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
    }

    static func age(_ date: Date?, at instant: Date?) -> String {
        guard let date, let instant else { return "—" }
        let seconds = instant.timeIntervalSince(date)
        return seconds < 0 ? "in \((-seconds).humanAge)" : seconds.humanAge
    }

    static func label(_ status: Status) -> String {
        "\(status.symbol) \(status.label)"
    }
}
