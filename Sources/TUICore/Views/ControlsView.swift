import EvidenceModel

/// The controls list: status, id, title, failing/total subjects, frameworks.
enum ControlsView {
    static let columns = [
        Column("STATUS", width: 10), Column("ID", width: 8), Column("TITLE", width: 12, flexible: true),
        Column("FAILING", width: 7, alignRight: true), Column("FRAMEWORKS", width: 16, optional: true),
    ]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Controls")
        content.columns = columns
        guard let evaluation = state.evaluation else { return content }
        content.rows = visibleControls(state).map(row)
        if evaluation.controls.isEmpty {
            content.empty = evaluation.recordCount == 0 ? gettingStarted : ["No controls in the controls folder.",
                "Add control YAML files there (see Controls/ in the Vigil repository), or pass --controls DIR."]
        } else if content.rows.isEmpty {
            content.empty = ["No control matches the filter. Press f or F to change it."]
        }
        return content
    }

    /// The controls the filters let through, in load order.
    static func visibleControls(_ state: AppState) -> [ControlSummary] {
        (state.evaluation?.controls ?? []).filter { control in
            (state.statusFilter.map { control.status == $0 } ?? true)
                && (state.frameworkFilter.map { control.result.frameworks[$0] != nil } ?? true)
        }
    }

    static func row(_ control: ControlSummary) -> TableRow {
        let frameworks = control.result.frameworks.keys.sorted().joined(separator: " ")
        return TableRow(
            [Format.label(control.status), control.id, control.result.title,
             "\(control.failingCount)/\(control.result.results.count)", frameworks],
            status: control.status, target: .control(id: control.id))
    }

    /// What an empty workspace shows instead of an empty screen.
    static let gettingStarted = [
        "This workspace has no evidence yet. To start:",
        "",
        "  vigil collect                   collect every source listed in vigil.yaml",
        "  vigil collect fwupd FILE…       or run one collector on some files",
        "  vigil audit                     init, collect and check in one go",
        "",
        "Then press r to reload.",
    ]
}
