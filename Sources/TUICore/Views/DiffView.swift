import EvidenceModel
import Foundation

/// What changed between an earlier instant and the one shown, as `vigil diff` says it: results
/// whose status changed (Enter opens the control), gaps opened and closed, acceptances, evidence added.
enum DiffView {
    static let columns = [
        Column("CHANGE", width: 10), Column("CONTROL", width: 8), Column("SUBJECT", width: 16, flexible: true),
        Column("STATUS", width: 22), Column("NOW", width: 16, flexible: true, optional: true),
    ]

    static func content(since: Date, _ state: AppState) -> PageContent {
        var content = PageContent(title: "Changes since \(Format.day(since))")
        content.columns = columns
        guard let diff = state.diffs[.diff(since: since)] else {
            content.empty = [state.loading ?? "Comparing…"]
            return content
        }
        content.preamble = [
            StyledLine("from \(side(diff.from))", .dim), StyledLine("to   \(side(diff.to))", .dim),
            StyledLine(
                "\(diff.regressions) regression\(diff.regressions == 1 ? "" : "s") · evidence \(diff.evidenceCounted.rawValue) in between: \(added(diff))",
                .heading),
        ]
        content.rows = diff.resultsWorstFirst.map { change in
            let shown = change.to?.status ?? change.from?.status ?? .notApplicable
            let transition = "\(change.from?.status.rawValue ?? "none") → \(change.to?.status.rawValue ?? "none")"
            return TableRow(
                [change.direction.rawValue, change.control, change.subject ?? "(the control)", transition, change.to?.reason ?? "—"],
                status: change.direction == .regressed ? .fail : shown, target: .control(id: change.control))
        }
        content.rows += diff.gapsOpened.map { gap in
            TableRow(["gap opened", gap.control ?? "—", gap.subject, gap.gap.rawValue, gap.reason], status: gap.isFlagged ? .stale : .pass)
        }
        content.rows += diff.gapsClosed.map { gap in
            TableRow(["gap closed", gap.control ?? "—", gap.subject, gap.gap.rawValue, gap.reason], status: .pass)
        }
        content.rows += diff.acceptances.map { change in
            TableRow(
                ["acceptance", change.control, change.id, change.change.rawValue, change.detail],
                status: change.isRegression ? .stale : .pass, target: .acceptance(id: change.id))
        }
        if content.rows.isEmpty { content.empty = ["Nothing changed status since \(Format.day(since))."] }
        return content
    }

    private static func side(_ endpoint: RunDiff.Endpoint) -> String {
        let checkpoint = endpoint.checkpoint.map { "checkpoint \($0.size) \($0.rootHash.prefix(12))…" } ?? "before the first checkpoint"
        return "\(Format.minute(endpoint.instant)) · \(checkpoint)"
    }

    private static func added(_ diff: RunDiff) -> String {
        let total = diff.evidenceAdded.values.reduce(0, +)
        guard total > 0 else { return "nothing" }
        return "\(total) records (" + diff.evidenceAdded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
    }
}
