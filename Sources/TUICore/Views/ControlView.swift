import EvidenceModel

/// One control: its definition, then every subject's status, evidence age and reason.
enum ControlView {
    static let columns = [
        Column("STATUS", width: 10), Column("SUBJECT", width: 16, flexible: true),
        Column("AGE", width: 10, optional: true), Column("REASON", width: 20, flexible: true),
    ]

    static func content(id: String, _ state: AppState) -> PageContent {
        var content = PageContent(title: id)
        guard let control = state.evaluation?.controls.first(where: { $0.id == id }) else {
            content.empty = ["Control \(id) is not in this evaluation."]
            return content
        }
        let result = control.result
        var title = StyledLine("\(Format.label(control.status)) ", .status(control.status))
        title.append("\(id)  \(result.title)", .heading)
        title.append("  (\(result.severity.rawValue))", .dim)
        content.preamble.append(title)
        if !control.description.isEmpty { content.preamble.append(StyledLine(control.description)) }
        let parameters = control.parameters.map { "\($0.name): \($0.value)" }.joined(separator: ", ")
        content.preamble.append(StyledLine("check      \(control.checkType)" + (parameters.isEmpty ? "" : "  \(parameters)")))
        let frameworks = result.frameworks.keys.sorted()
            .map { "\($0) \((result.frameworks[$0] ?? []).joined(separator: ","))" }.joined(separator: " · ")
        content.preamble.append(StyledLine("frameworks \(frameworks.isEmpty ? "—" : frameworks)"))
        let freshness = control.freshness.map { " · fresh within \($0)" } ?? ""
        content.preamble.append(StyledLine("evidence   \(control.evidenceKinds.joined(separator: ", "))\(freshness)"))
        if let reason = result.controlReason {
            content.preamble.append(StyledLine("\(result.status.rawValue): \(reason)", .alert))
        }
        content.columns = columns
        let instant = state.overview?.instant
        content.rows = result.results.map { subject in
            var reason = subject.acceptance.map { "\(subject.reason) [\($0)]" } ?? subject.reason
            if !subject.late.isEmpty { reason += " ⏱ late: logged after this instant" }
            return TableRow(
                [
                    Format.label(subject.status), subject.subject,
                    Format.age(control.newestObservation[subject.subject], at: instant), reason,
                ],
                status: subject.status, target: .evidence(control: id, subject: subject.subject))
        }
        if content.rows.isEmpty { content.empty = ["No subject has evidence for this control."] }
        return content
    }
}
