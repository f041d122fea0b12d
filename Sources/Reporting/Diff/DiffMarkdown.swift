import EvidenceModel

/// The diff as GitHub-flavoured Markdown, for the pull request or ticket that gates on it.
enum DiffMarkdown {
    static func render(_ diff: RunDiff) -> String {
        var blocks = [
            "# Vigil diff",
            "From \(side(diff.from))  \nto \(side(diff.to))\n\n**\(DiffReport.headline(diff))**",
        ]
        if !diff.results.isEmpty { blocks.append(results(diff.resultsWorstFirst)) }
        if !diff.gapsOpened.isEmpty || !diff.gapsClosed.isEmpty { blocks.append(gaps(diff)) }
        if !diff.acceptances.isEmpty { blocks.append(acceptances(diff.acceptances)) }
        blocks.append("## Evidence \(diff.evidenceCounted.rawValue) in between\n\n\(MarkdownReport.escape(DiffReport.evidence(diff.evidenceAdded)))")
        return blocks.joined(separator: "\n\n") + "\n"
    }

    private static func side(_ endpoint: RunDiff.Endpoint) -> String {
        let checkpoint =
            endpoint.checkpoint.map {
                "checkpoint `\(MarkdownReport.code($0.origin))` at size \($0.size), root hash `\(MarkdownReport.code($0.rootHash))`"
            } ?? "before the first checkpoint"
        return "\(Timestamp.format(endpoint.instant)) · \(checkpoint)"
    }

    private static func results(_ changes: [RunDiff.ResultChange]) -> String {
        var rows = ["## Results", "", "| Change | Control | Subject | Status | Was | Now |", "| --- | --- | --- | --- | --- | --- |"]
        for c in changes {
            let cells = [
                c.direction.rawValue, MarkdownReport.escape(c.control), c.subject.map(MarkdownReport.escape) ?? "—",
                DiffReport.transition(c), c.from.map { MarkdownReport.escape($0.reason) } ?? "—",
                c.to.map { MarkdownReport.escape($0.reason) } ?? "—",
            ]
            rows.append("| " + cells.joined(separator: " | ") + " |")
        }
        return rows.joined(separator: "\n")
    }

    private static func gaps(_ diff: RunDiff) -> String {
        var rows = ["## Scope gaps", "", "| | Gap | Subject | Control | Reason |", "| --- | --- | --- | --- | --- |"]
        for (word, gaps) in [("opened", diff.gapsOpened), ("closed", diff.gapsClosed)] {
            for gap in gaps {
                let cells = [
                    word, TextReport.gapName(gap.gap), MarkdownReport.escape(gap.subject),
                    gap.control.map(MarkdownReport.escape) ?? "—", MarkdownReport.escape(gap.reason),
                ]
                rows.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return rows.joined(separator: "\n")
    }

    private static func acceptances(_ changes: [RunDiff.AcceptanceChange]) -> String {
        var rows = ["## Risk acceptances", "", "| Acceptance | Control | Change | Detail |", "| --- | --- | --- | --- |"]
        for c in changes {
            rows.append(
                "| \(MarkdownReport.escape(c.id)) | \(MarkdownReport.escape(c.control)) | \(c.change.rawValue) | \(MarkdownReport.escape(c.detail)) |")
        }
        return rows.joined(separator: "\n")
    }
}
