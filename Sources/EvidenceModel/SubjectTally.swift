/// How a control's subjects stand, in the one wording every view uses (text, Markdown, HTML, the
/// TUI): "1 failing, 2 missing, 1 stale of 7", worst first; "all 7 passing"; or why there is no count.
public enum SubjectTally {
    public static func of(_ control: ControlResult) -> String {
        if control.error != nil { return "could not be evaluated" }
        if control.missingReason != nil { return "no evidence" }
        let total = control.results.count
        if total == 0 { return "no subjects" }
        var counts: [Status: Int] = [:]
        for status in control.results.statuses { counts[status, default: 0] += 1 }
        let others = counts.filter { $0.key != .pass }.sorted { $0.key.severityRank > $1.key.severityRank }
        guard !others.isEmpty else { return total == 1 ? "1 passing" : "all \(total) passing" }
        return others.map { "\($0.value) \(word($0.key))" }.joined(separator: ", ") + " of \(total)"
    }

    /// The word after a count.
    public static func word(_ status: Status) -> String {
        switch status {
        case .pass: "passing"
        case .fail: "failing"
        case .stale: "stale"
        case .missing: "missing"
        case .accepted: "accepted"
        case .notApplicable: "not applicable"
        case .error: "error"
        }
    }
}
