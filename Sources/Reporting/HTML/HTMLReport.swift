import EvidenceModel
import Foundation

/// One self-contained page for people who want the picture rather than the table: the summary,
/// compliance over time, per-framework coverage, what fails, the scope gaps, the stale acceptances and
/// the withdrawn ones.
///
/// Inline CSS and an inline SVG chart only: the page loads nothing, so it opens offline.
public enum HTMLReport {
    public static func render(_ run: RunResult) -> String {
        let title = "Vigil report as of \(Timestamp.format(run.asOf))"
        var body = [
            "<h1>\(e(title))</h1>",
            "<p class=\"muted\">"
                + e(
                    run.checkpoint.map { "Checkpoint \($0.origin) at size \($0.size), root hash \($0.rootHash)" }
                        ?? "No checkpoint") + (run.knownAt.map { " · evidence logged by \(Timestamp.format($0))" } ?? "") + "</p>",
        ]
        if let coverage = run.coverageLine { body.append("<p class=\"coverage\">\(e(coverage))</p>") }
        if let late = TextReport.lateNotice(run) { body.append("<p class=\"late\">\(e(late))</p>") }
        body += summary(run)
        body += trend(run)
        body += coverage(run.controls)
        body += failing(run.controls)
        body += scopeGaps(run.scopeGaps)
        body += staleAcceptances(run.acceptances)
        body += withdrawnAcceptances(run.acceptances)
        body += allControls(run.controls)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(title))</title>
            <style>
            \(HTMLStyle.css)
            </style>
            </head>
            <body>
            <main>
            \(body.joined(separator: "\n"))
            </main>
            </body>
            </html>

            """
    }

    static func summary(_ run: RunResult) -> [String] {
        let counts = run.summary
        var lines = [
            "<h2>Summary</h2>",
            "<p>\(run.controls.count) controls evaluated"
                + (run.snapshot.complianceRatio.map { ", \(ComplianceChart([]).percent($0)) of the applicable ones compliant" } ?? "")
                + ".</p>", "<div class=\"cards\">",
        ]
        for status in Status.worstFirst {
            lines.append("<div class=\"card \(cls(status))\"><b>\(counts[status] ?? 0)</b>\(e(status.phrase))</div>")
        }
        lines.append("</div>")
        return lines
    }

    /// The store's history, ending with this run (added when the history stops short of it).
    static func trend(_ run: RunResult) -> [String] {
        var snapshots = run.history.filter { $0.at < run.asOf }
        snapshots.append(run.snapshot)
        let chart = ComplianceChart(snapshots)
        let count = chart.points.count
        let intro =
            "<p class=\"muted\">Share of applicable controls passing or accepted at \(count) evaluated "
            + "instant\(count == 1 ? "" : "s"): the store's commits up to this report's instant, and the instant itself.</p>"
        return ["<h2>Compliance over time</h2>", intro, chart.svg()]
    }

    static func coverage(_ controls: [ControlResult]) -> [String] {
        let frameworks = FrameworkCompliance.of(controls)
        var lines = ["<h2>Framework coverage</h2>"]
        guard !frameworks.isEmpty else { return lines + ["<p class=\"muted\">No control maps to a framework.</p>"] }
        lines += ["<table>", "<tr><th>Framework</th><th class=\"num\">Controls passing</th><th></th><th>Requirements not met</th></tr>"]
        for f in frameworks {
            let width = f.applicable == 0 ? 0 : Int((Double(f.compliant) / Double(f.applicable) * 100).rounded())
            lines.append(
                "<tr><td>\(e(f.framework))</td><td class=\"num\">\(f.compliant)/\(f.applicable)</td>"
                    + "<td><span class=\"bar\"><span style=\"width: \(width)%\"></span></span></td>"
                    + "<td>\(f.failingRequirements.isEmpty ? "—" : e(f.failingRequirements.joined(separator: ", ")))</td></tr>")
        }
        lines.append("</table>")
        return lines
    }

    /// Controls that need attention or could not be evaluated, each with its non-passing subjects.
    static func failing(_ controls: [ControlResult]) -> [String] {
        let shown = ControlResult.worstFirst(controls).filter { [.error, .fail, .missing, .stale].contains($0.status) }
        var lines = ["<h2>Failing controls</h2>"]
        guard !shown.isEmpty else { return lines + ["<p class=\"muted\">No control fails, misses evidence or is stale.</p>"] }
        lines += ["<table>", "<tr><th>Status</th><th>Control</th><th>Severity</th><th>Subjects</th></tr>"]
        for control in shown {
            var details: [String] = []
            if let reason = control.controlReason { details.append("<li>\(e(reason))</li>") }
            for result in control.resultsWorstFirst where result.status != .pass {
                details.append(
                    "<li><span class=\"status \(cls(result.status))\">\(e(result.status.phrase))</span> "
                        + "<code>\(e(result.subject))</code> — \(e(result.reason))"
                        + (result.late.isEmpty ? "" : " <span class=\"late\">⏱ late (evidence logged after as of)</span>") + "</li>")
            }
            lines.append(
                "<tr><td class=\"status \(cls(control.status))\">\(e(control.status.label))</td>"
                    + "<td><b>\(e(control.id))</b> \(e(control.title))</td><td>\(e(control.severity.rawValue))</td>"
                    + "<td>\(e(TextReport.tally(control)))<ul class=\"subjects\">\(details.joined())</ul></td></tr>")
        }
        lines.append("</table>")
        return lines
    }

    static func scopeGaps(_ gaps: [ScopeGap]) -> [String] {
        var lines = ["<h2>Scope gaps</h2>"]
        guard !gaps.isEmpty else { return lines + ["<p class=\"muted\">None.</p>"] }
        lines += [
            "<p>\(gaps.count) gaps, \(gaps.filter(\.isFlagged).count) flagged.</p>", "<table>",
            "<tr><th>Subject</th><th>Gap</th><th>Control</th><th>Reason</th><th>Flagged</th></tr>",
        ]
        for gap in gaps {
            lines.append(
                "<tr><td><code>\(e(gap.subject))</code></td><td>\(e(TextReport.gapName(gap.gap)))</td>"
                    + "<td>\(e(gap.control ?? "—"))</td><td>\(e(gap.reason))</td><td>\(gap.isFlagged ? "yes" : "no")</td></tr>")
        }
        lines.append("</table>")
        return lines
    }

    static func staleAcceptances(_ reviews: [AcceptanceReview]) -> [String] {
        let stale = reviews.filter(\.isStale).sorted { $0.id < $1.id }
        var lines = [
            "<h2>Stale risk acceptances</h2>",
            "<p>\(stale.count) of \(reviews.count) acceptance\(reviews.count == 1 ? "" : "s") stale.</p>",
        ]
        guard !stale.isEmpty else { return lines }
        lines += ["<table>", "<tr><th>Id</th><th>Control</th><th>Subjects</th><th>Why stale</th><th class=\"num\">Extensions</th><th>Expires</th></tr>"]
        for review in stale {
            lines.append(
                "<tr><td><b>\(e(review.id))</b></td><td>\(e(review.control))</td>"
                    + "<td>\(e(review.subjects.joined(separator: ", ")))</td>"
                    + "<td>\(e(review.reasons.map(\.rawValue).joined(separator: ", ")))<br><span class=\"muted\">\(e(review.detail))</span></td>"
                    + "<td class=\"num\">\(review.extensions)</td><td>\(e(review.expiresAt.map(Timestamp.format) ?? "no expiry"))</td></tr>")
        }
        lines.append("</table>")
        return lines
    }

    /// Acceptances a newer collection of their register no longer lists; nothing when there are none.
    static func withdrawnAcceptances(_ reviews: [AcceptanceReview]) -> [String] {
        let withdrawn = reviews.filter(\.isWithdrawn).sorted { $0.id < $1.id }
        guard !withdrawn.isEmpty else { return [] }
        var lines = [
            "<h2>Withdrawn risk acceptances</h2>", "<table>",
            "<tr><th>Id</th><th>Control</th><th>Subjects</th><th>Withdrawn</th><th>Detail</th></tr>",
        ]
        for review in withdrawn {
            lines.append(
                "<tr><td><b>\(e(review.id))</b></td><td>\(e(review.control))</td>"
                    + "<td>\(e(review.subjects.joined(separator: ", ")))</td>"
                    + "<td>\(e(review.withdrawnAt.map(Timestamp.format) ?? ""))</td><td>\(e(review.detail))</td></tr>")
        }
        lines.append("</table>")
        return lines
    }

    static func allControls(_ controls: [ControlResult]) -> [String] {
        guard !controls.isEmpty else { return [] }
        var lines = ["<h2>All controls</h2>", "<table>", "<tr><th>Status</th><th>Control</th><th>Severity</th><th>Subjects</th></tr>"]
        for control in ControlResult.worstFirst(controls) {
            lines.append(
                "<tr><td class=\"status \(cls(control.status))\">\(e(control.status.label))</td>"
                    + "<td><b>\(e(control.id))</b> \(e(control.title))</td><td>\(e(control.severity.rawValue))</td>"
                    + "<td>\(e(TextReport.tally(control)))</td></tr>")
        }
        lines.append("</table>")
        return lines
    }

    private static func cls(_ status: Status) -> String { "s-\(status.rawValue)" }
    private static func e(_ text: String) -> String { Markup.escape(text) }
}
