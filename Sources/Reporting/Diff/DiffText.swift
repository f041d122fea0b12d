import EvidenceModel

/// The diff in a terminal: a header naming both sides, then what changed, worst first, each result
/// with both reasons.
enum DiffText {
    static func render(_ diff: RunDiff, useColor: Bool) -> String {
        let text = TerminalText(useColor: useColor)
        var lines = [
            "Vigil diff from \(DiffReport.side(diff.from))", "            to \(DiffReport.side(diff.to))",
            DiffReport.headline(diff),
        ]
        if !diff.results.isEmpty { lines += [""] + results(diff.resultsWorstFirst, text) }
        if !diff.gapsOpened.isEmpty || !diff.gapsClosed.isEmpty { lines += [""] + gaps(diff, text) }
        if !diff.acceptances.isEmpty { lines += [""] + acceptances(diff.acceptances, text) }
        lines += ["", "Evidence \(diff.evidenceCounted.rawValue) in between: \(DiffReport.evidence(diff.evidenceAdded))"]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func results(_ changes: [RunDiff.ResultChange], _ text: TerminalText) -> [String] {
        var lines = ["Results (\(DiffReport.plural(changes.count, "result")) changed status)"]
        for change in changes {
            let shown = change.to?.status ?? change.from?.status ?? .notApplicable
            let mark = text.paint(shown.symbol + " " + change.direction.rawValue, change.direction == .regressed ? .red : shown.colour)
            let subject = change.subject.map { "  " + escaped($0) } ?? ""
            lines += TerminalText.wrap("  \(mark)  ", "\(escaped(change.control))\(subject)  \(DiffReport.transition(change))", indent: 6)
            if let from = change.from { lines += TerminalText.wrap("      was: ", escaped(from.reason), indent: 11) }
            if let to = change.to { lines += TerminalText.wrap("      now: ", escaped(to.reason), indent: 11) }
        }
        return lines
    }

    private static func gaps(_ diff: RunDiff, _ text: TerminalText) -> [String] {
        var lines = ["Scope gaps (\(diff.gapsOpened.count) opened, \(diff.gapsClosed.count) closed)"]
        for (word, gaps) in [("opened", diff.gapsOpened), ("closed", diff.gapsClosed)] {
            for gap in gaps {
                let mark = word == "opened" && gap.isFlagged ? text.paint("!", .yellow) : text.paint("-", .dim)
                var body = escaped(gap.reason)
                if let control = gap.control { body += " (control \(escaped(control)))" }
                lines += TerminalText.wrap(
                    "  \(mark) \(word)  \(TextReport.gapName(gap.gap))  \(escaped(gap.subject))  ", body, indent: 6)
            }
        }
        return lines
    }

    private static func acceptances(_ changes: [RunDiff.AcceptanceChange], _ text: TerminalText) -> [String] {
        var lines = ["Risk acceptances (\(changes.count) changed)"]
        for change in changes {
            let mark = change.isRegression ? text.paint("!", .yellow) : text.paint("-", .dim)
            lines += TerminalText.wrap(
                "  \(mark) \(escaped(change.id))  ", "\(change.change.rawValue) (\(escaped(change.control))) \(escaped(change.detail))",
                indent: 6)
        }
        return lines
    }

    private static func escaped(_ text: String) -> String { UntrustedText.escaped(text) }
}
