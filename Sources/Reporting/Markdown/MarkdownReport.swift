import EvidenceModel

/// The report as GitHub-flavoured Markdown, for a pull request, a wiki or a ticket: a summary table,
/// the controls worst first with a table of their subjects, then the scope gaps and the acceptances.
public enum MarkdownReport {
    public static func render(_ run: RunResult) -> String {
        var blocks = [header(run), summary(run)]
        if !run.controls.isEmpty {
            blocks.append("## Controls")
            blocks += ControlResult.worstFirst(run.controls).map(control)
        }
        if !run.scopeGaps.isEmpty { blocks.append(scopeGaps(run.scopeGaps)) }
        if !run.acceptances.isEmpty { blocks.append(acceptances(run.acceptances)) }
        if let framework = run.framework {
            blocks.append(FrameworkReport.markdown(framework, heading: "## By requirement: " + escape(FrameworkReport.headline(framework))))
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    static func header(_ run: RunResult) -> String {
        let checkpoint =
            run.checkpoint.map {
                "checkpoint `\(code($0.origin))` at size \($0.size), root hash `\(code($0.rootHash))`"
            } ?? "no checkpoint"
        let known = run.knownAt.map { " · evidence logged by \(Timestamp.format($0))" } ?? ""
        let late = TextReport.lateNotice(run).map { "\n\n> \($0)" } ?? ""
        return "# Vigil report\n\nAs of \(Timestamp.format(run.asOf))\(known) · \(checkpoint)\(run.coverageLine.map { "\n\n" + escape($0) } ?? "")\(late)"
    }

    /// Every status with its count, worst first, so the table has the same rows in every report.
    static func summary(_ run: RunResult) -> String {
        let counts = run.summary
        var rows = ["## Summary", "", "| Status | Controls |", "| --- | ---: |"]
        rows += Status.worstFirst.map { "| \($0.symbol) \($0.phrase) | \(counts[$0] ?? 0) |" }
        rows.append("| **total** | **\(run.controls.count)** |")
        return rows.joined(separator: "\n")
    }

    static func control(_ control: ControlResult) -> String {
        let status = control.status
        var lines = ["### \(status.symbol) \(status.label) · \(escape(control.id)) — \(escape(control.title))", ""]
        var facts = ["Severity **\(control.severity.rawValue)**", TextReport.tally(control)]
        let frameworks = control.frameworks.keys.sorted().map { key in
            "\(escape(key)) " + (control.frameworks[key] ?? []).map(escape).joined(separator: ", ")
        }
        if !frameworks.isEmpty { facts.append(frameworks.joined(separator: "; ")) }
        if let freshness = control.freshness { facts.append("freshness \(freshness.text)") }
        lines.append(facts.joined(separator: " · "))
        if let error = control.error { lines += ["", "> **Error:** \(escape(error))"] }
        if let reason = control.missingReason { lines += ["", "> **Missing:** \(escape(reason))"] }
        if !control.results.isEmpty {
            lines += ["", "| Subject | Status | Reason | Evidence |", "| --- | --- | --- | --- |"]
            for result in control.resultsWorstFirst {
                var reason = result.reason
                if let acceptance = result.acceptance, !reason.contains(acceptance) { reason += " (accepted by \(acceptance))" }
                if !result.late.isEmpty { reason += " ⏱ late (evidence logged after as of)" }
                let evidence = result.evidence.isEmpty ? "—" : result.evidence.map { "`\(code($0))`" }.joined(separator: " ")
                lines.append("| \(escape(result.subject)) | \(result.status.symbol) \(result.status.phrase) | \(escape(reason)) | \(evidence) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func scopeGaps(_ gaps: [ScopeGap]) -> String {
        let flagged = gaps.filter(\.isFlagged).count
        var lines = [
            "## Scope gaps", "", "\(gaps.count) gaps, \(flagged) flagged.", "",
            "| Subject | Gap | Control | Reason | Flagged |", "| --- | --- | --- | --- | --- |",
        ]
        for gap in gaps {
            lines.append(
                "| \(escape(gap.subject)) | \(TextReport.gapName(gap.gap)) | \(gap.control.map(escape) ?? "—") | "
                    + "\(escape(gap.reason)) | \(gap.isFlagged ? "yes" : "no") |")
        }
        return lines.joined(separator: "\n")
    }

    /// Stale ones first, withdrawn ones last, like the text report.
    static func acceptances(_ reviews: [AcceptanceReview]) -> String {
        var lines = [
            "## Risk acceptances", "", "\(reviews.count) acceptances, \(AcceptanceReview.tally(reviews)).", "",
            "| Id | Control | Subjects | Status | Extensions | Expires | Detail |",
            "| --- | --- | --- | --- | ---: | --- | --- |",
        ]
        for review in AcceptanceReview.staleFirst(reviews) {
            let state = review.stateText
            let subjects = review.subjects.isEmpty ? "—" : review.subjects.map(escape).joined(separator: ", ")
            let expires = review.expiresAt.map(Timestamp.format) ?? "no expiry"
            lines.append(
                "| \(escape(review.id)) | \(escape(review.control)) | \(subjects) | \(escape(state)) | "
                    + "\(review.extensions) | \(expires) | \(escape(review.detail)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// Text that cannot break a table, turn into markup or drive a terminal: control characters are
    /// written as visible escapes (``UntrustedText/escaped(_:)``), then Markdown's active characters
    /// are backslash-escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in UntrustedText.escaped(text) {
            if "\\`*_[]<>|".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Text inside a code span: only a backtick could end it, so backticks become apostrophes.
    static func code(_ text: String) -> String {
        String(UntrustedText.escaped(text).map { $0 == "`" ? "'" : $0 })
    }
}
