import EvidenceModel
import Foundation

/// The report a person reads in a terminal: what needs attention first, with the reason for every verdict.
///
/// Layout: a header, a summary line, the controls worst-first (each with its non-passing subjects
/// indented below it), then the scope gaps and the risk acceptances when there are any.
public enum TextReport {
    public static func render(_ r: RunResult, useColor: Bool) -> String {
        let text = TerminalText(useColor: useColor)
        var lines = [header(r), summary(r, text)] + [r.coverageLine].compactMap { $0 }
        if let late = lateNotice(r) { lines.append(late) }
        lines += controls(r.controls, text)
        if !r.scopeGaps.isEmpty { lines += [""] + scopeGaps(r.scopeGaps, text) }
        if !r.acceptances.isEmpty { lines += [""] + acceptances(r.acceptances, text) }
        if let framework = r.framework { lines += [""] + FrameworkReport.text(framework, heading: "By requirement: " + FrameworkReport.headline(framework)) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func header(_ r: RunResult) -> String {
        let checkpoint = r.checkpoint.map { "checkpoint \($0.origin) at size \($0.size)" } ?? "no checkpoint"
        let known = r.knownAt.map { " · evidence logged by \(Timestamp.format($0))" } ?? ""
        return "Vigil report as of \(Timestamp.format(r.asOf))\(known) · \(checkpoint)"
    }

    /// Backfill is never silent: how many verdicts rest on evidence logged after `as_of`.
    static func lateNotice(_ r: RunResult) -> String? {
        let count = r.lateResultCount
        guard count > 0 else { return nil }
        return "\(count) result\(count == 1 ? " rests" : "s rest") on evidence logged after \(Timestamp.format(r.asOf)) "
            + "(marked ⏱ late); --known-at \(Timestamp.format(r.asOf)) shows what was known then."
    }

    /// "7 controls: 1 error, 2 fail, …", naming only the statuses that occur.
    static func summary(_ r: RunResult, _ text: TerminalText) -> String {
        let counts = r.summary
        let parts = Status.worstFirst.compactMap { status -> String? in
            guard let n = counts[status], n > 0 else { return nil }
            return text.paint("\(n) \(status.phrase)", status.colour)
        }
        let noun = r.controls.count == 1 ? "control" : "controls"
        return parts.isEmpty ? "No controls were evaluated." : "\(r.controls.count) \(noun): " + parts.joined(separator: ", ")
    }

    // MARK: Controls

    static func controls(_ controls: [ControlResult], _ text: TerminalText) -> [String] {
        guard !controls.isEmpty else { return [] }
        let ordered = controls.sorted { a, b in
            a.status == b.status ? a.id < b.id : Status.isWorse(a.status, than: b.status)
        }
        let labelWidth = Status.allCases.map(\.label.count).max() ?? 0
        let idWidth = controls.map { escaped($0.id).count }.max() ?? 0
        var lines = [""]
        for control in ordered {
            let status = control.status
            let verdict = text.paint("\(status.symbol) \(status.label)", status.colour)
            let id = escaped(control.id)
            let lead = verdict + pad(status.label, to: labelWidth) + "  " + id + pad(id, to: idWidth) + "  "
            let body = "\(escaped(control.title)) (\(control.severity.rawValue))  \(tally(control))"
            lines += TerminalText.wrap(lead, body, indent: labelWidth + idWidth + 6)
            lines += details(of: control, text)
        }
        return lines
    }

    /// "1 failing, 2 missing of 7": the control's subjects by status, as every view says it.
    static func tally(_ control: ControlResult) -> String { SubjectTally.of(control) }

    /// The control's error, then one line per subject that did not pass, worst first, each with its reason.
    static func details(of control: ControlResult, _ text: TerminalText) -> [String] {
        var lines: [String] = []
        if let reason = control.controlReason {
            let status = control.status
            lines += TerminalText.wrap("    " + text.paint(status.symbol, status.colour) + " ", escaped(reason), indent: 6)
        }
        let shown = control.results.enumerated()
            .filter { $0.element.status != .pass }
            .sorted { a, b in
                a.element.status == b.element.status
                    ? a.offset < b.offset : Status.isWorse(a.element.status, than: b.element.status)
            }
            .map(\.element)
        for result in shown {
            let symbol = text.paint(result.status.symbol, result.status.colour)
            var reason = result.reason
            // The engine's reason usually names the acceptance already; say it once.
            if let acceptance = result.acceptance, !reason.contains(acceptance) { reason += " (accepted by \(acceptance))" }
            if !result.late.isEmpty { reason += " ⏱ late" }
            lines += TerminalText.wrap("    \(symbol) \(escaped(result.subject))  ", escaped(reason), indent: 8)
        }
        return lines
    }

    // MARK: Scope gaps and acceptances

    static func scopeGaps(_ gaps: [ScopeGap], _ text: TerminalText) -> [String] {
        let flagged = gaps.filter(\.isFlagged).count
        var lines = ["Scope gaps (\(gaps.count), \(flagged) flagged)"]
        let gapWidth = gaps.map { gapName($0.gap).count }.max() ?? 0
        for gap in gaps {
            // Flagged gaps need action and share the stale symbol; the others are recorded, not alarming.
            let mark = gap.isFlagged ? text.paint("!", .yellow) : text.paint("-", .dim)
            let name = gapName(gap.gap)
            var body = escaped(gap.reason)
            if let control = gap.control { body += " (control \(escaped(control)))" }
            if !gap.isFlagged { body += " (not flagged)" }
            lines += TerminalText.wrap("  \(mark) \(name)\(pad(name, to: gapWidth))  \(escaped(gap.subject))  ", body, indent: 6)
        }
        return lines
    }

    static func gapName(_ gap: ScopeGap.Gap) -> String {
        gap.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    /// Stale acceptances first (with their reasons and the numbers behind them), then the active ones,
    /// then the withdrawn ones (with when their register dropped them).
    static func acceptances(_ reviews: [AcceptanceReview], _ text: TerminalText) -> [String] {
        var lines = ["Risk acceptances (\(reviews.count), \(AcceptanceReview.tally(reviews)))"]
        for review in AcceptanceReview.staleFirst(reviews) {
            let style = review.shownAs
            let mark = text.paint(style.symbol, style.colour)
            var facts = [text.paint(review.stateText, style.colour), "\(escaped(review.control)) on " + list(review.subjects)]
            facts.append(review.extensions == 1 ? "1 extension" : "\(review.extensions) extensions")
            if !review.isWithdrawn {
                facts.append(review.expiresAt.map { "expires \(Timestamp.format($0))" } ?? "no expiry")
            }
            lines += TerminalText.wrap("  \(mark) \(escaped(review.id))  ", facts.joined(separator: " · "), indent: 6)
            if !review.isActive && !review.detail.isEmpty {
                lines += TerminalText.wrap("      ", escaped(review.detail), indent: 6)
            }
        }
        return lines
    }

    private static func list(_ subjects: [String]) -> String {
        subjects.isEmpty ? "no subjects" : subjects.map(escaped).joined(separator: ", ")
    }

    /// Text from input (ids, titles, subjects, reasons) as the terminal may show it: escaped, so it
    /// can neither break a line nor send the terminal a sequence (``UntrustedText/escaped(_:)``).
    private static func escaped(_ text: String) -> String { UntrustedText.escaped(text) }

    /// Spaces that bring `text` up to `width` columns, added outside any colour so alignment survives it.
    private static func pad(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count))
    }
}
