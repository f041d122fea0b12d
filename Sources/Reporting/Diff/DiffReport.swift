import EvidenceModel

/// The formats `vigil diff` and `vigil controls coverage` write.
public enum SummaryFormat: String, Sendable, CaseIterable {
    case text, json, markdown
}

/// A diff of two checks for a person (text, Markdown) or a pipeline (JSON): the changes worst first,
/// each side named by its instant and checkpoint.
public enum DiffReport {
    public static func render(_ diff: RunDiff, as format: SummaryFormat, useColor: Bool = false) -> String {
        switch format {
        case .text: DiffText.render(diff, useColor: useColor)
        case .json: PrettyJSON.string(DiffJSON.document(for: diff))
        case .markdown: DiffMarkdown.render(diff)
        }
    }

    /// `2026-11-29T00:00:00Z (checkpoint vigil.example/log at size 42)`.
    static func side(_ endpoint: RunDiff.Endpoint) -> String {
        let checkpoint = endpoint.checkpoint.map { "checkpoint \($0.origin) at size \($0.size)" } ?? "before the first checkpoint"
        return "\(Timestamp.format(endpoint.instant)) (\(checkpoint))"
    }

    /// `3 changes, 1 regression`, or that nothing changed.
    static func headline(_ diff: RunDiff) -> String {
        let changes = diff.results.count + diff.gapsOpened.count + diff.gapsClosed.count + diff.acceptances.count
        guard changes > 0 else { return "No change." }
        let regressions = diff.regressions
        return "\(plural(changes, "change")), \(regressions == 0 ? "no regression" : plural(regressions, "regression"))."
    }

    /// `12 records (firmware 8, key 4)`, kinds by name.
    static func evidence(_ added: [String: Int]) -> String {
        let total = added.values.reduce(0, +)
        guard total > 0 else { return "no record" }
        return plural(total, "record") + " (" + added.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `pass → fail`, with `none` for a side where the result did not exist.
    static func transition(_ change: RunDiff.ResultChange) -> String {
        "\(change.from?.status.rawValue ?? "none") → \(change.to?.status.rawValue ?? "none")"
    }
}
