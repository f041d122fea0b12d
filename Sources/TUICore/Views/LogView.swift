import EvidenceModel

/// The log: one signed checkpoint per collect run, newest first.
enum LogView {
    static let columns = [
        Column("TIME", width: 16), Column("SIZE", width: 6, alignRight: true), Column("ROOT", width: 12),
        Column("SIGNERS", width: 14, optional: true), Column("COMMIT", width: 8, optional: true),
        Column("MESSAGE", width: 10, flexible: true, optional: true),
    ]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Log")
        content.columns = columns
        content.rows = (state.checkpoints ?? []).map { entry in
            TableRow([
                Format.minute(entry.time), entry.size.map(String.init) ?? "—", String((entry.rootHash ?? "—").prefix(12)),
                entry.signers.joined(separator: ", "), String(entry.commit.prefix(8)),
                entry.message.split(separator: "\n").first.map(String.init) ?? "",
            ])
        }
        if content.rows.isEmpty { content.empty = state.checkpoints == nil ? ["Loading…"] : ["The log has no checkpoint yet."] }
        return content
    }
}
