import EvidenceModel

/// A domain's issuance decision log: each issuance a heading row, then its inputs in reading
/// order (``DecisionLog``, the grouping `vigil evidence list --format text` prints too); the
/// selected line's whole text below.
enum DecisionLogView {
    static let columns = [
        Column("TIME", width: 20), Column("STEP", width: 13), Column("WHAT", width: 30, flexible: true),
        Column("RECORD", width: 12, optional: true),
    ]

    static func content(subject: String, _ state: AppState) -> PageContent {
        let page = Page.decisionLog(subject: subject)
        var content = PageContent(title: "\(subject) decisions")
        content.preamble.append(StyledLine("Issuance decisions about \(subject), each with its inputs", .heading))
        content.columns = columns
        guard let log = state.decisionLogs[page] else {
            content.empty = ["Loading…"]
            return content
        }
        let lines = rows(log)
        content.rows = lines.map(\.row)
        if content.rows.isEmpty { content.empty = log.lines }
        let cursor = state.cursors[page] ?? 0
        if lines.indices.contains(cursor) { content.detail.append(StyledLine(lines[cursor].full)) }
        return content
    }

    /// The table rows with the full text of each (for the detail line).
    static func rows(_ log: DecisionLog) -> [(row: TableRow, full: String)] {
        var rows: [(TableRow, String)] = []
        for issuance in log.issuances {
            let status: Status = issuance.outcome == "successful" ? .pass : .fail
            let heading = "Issuance \(issuance.title)"
            rows.append(
                (
                    TableRow(
                        [Timestamp.format(issuance.time), "issuance", heading, String(issuance.decisionID.prefix(12))],
                        status: status), heading
                ))
            rows += issuance.entries.map(row)
        }
        if !log.unattached.isEmpty {
            let heading = "Not tied to an issuance decision"
            rows.append((TableRow(["", "", heading, ""]), heading))
            rows += log.unattached.map(row)
        }
        return rows
    }

    private static func row(_ entry: DecisionLog.Entry) -> (TableRow, String) {
        let time = entry.time.map(Timestamp.format) ?? "—"
        let cells = [time, "  " + entry.step.label, entry.text, String(entry.recordID.prefix(12))]
        return (TableRow(cells, status: entry.isSuccess ? nil : .fail), "\(entry.step.label): \(entry.text)")
    }
}
