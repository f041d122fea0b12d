import EvidenceModel

/// The versions of a subject's evidence of one kind, newest first; the selected one's changes below.
enum HistoryView {
    static let columns = [
        Column("OBSERVED", width: 16), Column("SOURCE", width: 14, flexible: true),
        Column("RECORDS", width: 7, alignRight: true), Column("CHANGES", width: 8, alignRight: true),
    ]

    static func content(subject: String, kind: String, _ state: AppState) -> PageContent {
        let page = Page.history(subject: subject, kind: kind)
        var content = PageContent(title: "\(kind) history")
        content.preamble.append(StyledLine("History of \(kind) evidence about \(subject), newest first", .heading))
        content.columns = columns
        let versions = Array((state.history[page] ?? []).reversed())
        content.rows = versions.enumerated().map { offset, version in
            let isFirst = offset == versions.count - 1
            return TableRow([
                Format.minute(version.observedAt), version.source.name, "\(version.recordIDs.count)",
                isFirst ? "first" : "\(version.changes.count)",
            ])
        }
        if content.rows.isEmpty { content.empty = state.history[page] == nil ? ["Loading…"] : ["No evidence of this kind."] }
        let cursor = state.cursors[page] ?? 0
        if versions.indices.contains(cursor) {
            let version = versions[cursor]
            if cursor == versions.count - 1 {
                content.detail.append(StyledLine("The first collection: nothing to compare with.", .dim))
            } else if version.changes.isEmpty {
                content.detail.append(StyledLine("Same content as the collection before.", .dim))
            } else {
                content.detail.append(StyledLine("Changed since the collection before:", .heading))
            }
            for change in version.changes {
                switch (change.old, change.new) {
                case (nil, let new?): content.detail.append(StyledLine("+ \(change.path) = \(new)", .status(.pass)))
                case (let old?, nil): content.detail.append(StyledLine("- \(change.path) = \(old)", .status(.fail)))
                default:
                    content.detail.append(StyledLine("~ \(change.path): \(change.old ?? "") → \(change.new ?? "")", .status(.stale)))
                }
            }
        }
        return content
    }
}
