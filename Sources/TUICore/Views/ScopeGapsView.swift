import EvidenceModel

/// Assets the controls' scopes miss: uncovered, excluded, no evidence, unknown subjects.
enum ScopeGapsView {
    static let columns = [
        Column("GAP", width: 16), Column("SUBJECT", width: 16, flexible: true),
        Column("CONTROL", width: 8, optional: true), Column("REASON", width: 16, flexible: true),
    ]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Scope gaps")
        content.columns = columns
        let gaps = state.evaluation?.scopeGaps ?? []
        content.rows = gaps.map { gap in
            let mark = gap.isFlagged ? "! " : "  "
            return TableRow(
                [mark + gap.gap.rawValue, gap.subject, gap.control ?? "—", gap.reason],
                status: gap.isFlagged ? .stale : .pass)
        }
        if content.rows.isEmpty, state.evaluation != nil {
            content.empty = ["No scope gaps: every inventoried asset is covered and has evidence."]
        }
        return content
    }
}
