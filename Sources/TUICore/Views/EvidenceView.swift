import EvidenceModel

/// The records behind one result: kind, observed time, origin, raw input; the selected one's fields below.
enum EvidenceView {
    static let columns = [
        Column("KIND", width: 16), Column("OBSERVED", width: 16), Column("ORIGIN", width: 8, optional: true),
        Column("SOURCE", width: 14, flexible: true), Column("ID", width: 12, optional: true),
    ]

    static func content(control: String, subject: String, _ state: AppState) -> PageContent {
        let page = Page.evidence(control: control, subject: subject)
        var content = PageContent(title: subject)
        let result = state.evaluation?.controls.first { $0.id == control }?.result.results.first { $0.subject == subject }
        if let result {
            var line = StyledLine("\(Format.label(result.status)) ", .status(result.status))
            line.append("\(subject)  \(result.reason)")
            content.preamble.append(line)
        }
        content.columns = columns
        let records = state.evidence[page] ?? []
        content.rows = records.map { item in
            let r = item.record
            return TableRow(
                [r.kind, Format.minute(r.observedAt), r.origin.rawValue, r.source.name, String(item.id.prefix(12))],
                target: .history(subject: r.subject, kind: r.kind))
        }
        if content.rows.isEmpty {
            content.empty = state.evidence[page] == nil ? ["Loading…"] : ["No record stands behind this result (no evidence)."]
        }
        let cursor = state.cursors[page] ?? 0
        if records.indices.contains(cursor) {
            let r = records[cursor].record
            content.detail.append(StyledLine("collector \(r.collector) · raw input \(r.source.name) sha256 \(r.source.sha256.prefix(16))…", .dim))
            for field in r.flattenedData { content.detail.append(StyledLine("  \(field.path) = \(field.value)")) }
        }
        return content
    }
}
