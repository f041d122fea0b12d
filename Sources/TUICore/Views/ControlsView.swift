import EvidenceModel

/// The controls list: status, id, title, its subjects by status (the reports' words), frameworks.
enum ControlsView {
    static let columns = [
        Column("STATUS", width: 10), Column("ID", width: 8), Column("TITLE", width: 12, flexible: true),
        Column("SUBJECTS", width: 8, optional: true), Column("FRAMEWORKS", width: 16, optional: true),
    ]

    static func content(_ state: AppState) -> PageContent {
        var content = PageContent(title: "Controls")
        content.columns = columns
        guard let list = list(state) else { return content }
        content.rows = visible(list, state).map(row)
        content.columns = columns(fitting: content.rows)
        if list.controls.isEmpty {
            content.empty =
                list.recordCount == 0
                ? gettingStarted
                : [
                    "No controls in the controls folder.",
                    "Add control YAML files there (see Controls/ in the Vigil repository), or pass --controls DIR.",
                ]
        } else if content.rows.isEmpty {
            content.empty = ["No control matches the filter. Press f or F to change it."]
        }
        return content
    }

    /// The columns with SUBJECTS as wide as its longest tally (up to 80 cells), so the title gets the rest.
    static func columns(fitting rows: [TableRow]) -> [Column] {
        let widest = rows.map { DisplayWidth.of($0.cells[3]) }.max() ?? 0
        return columns.enumerated().map { index, column in
            index == 3 ? Column(column.title, width: min(80, max(column.width, widest)), optional: true) : column
        }
    }

    /// The list of the evaluation, else of the preview kept from an earlier one (nil: neither yet).
    static func list(_ state: AppState) -> EvaluationPreview? { state.evaluation.map(EvaluationPreview.init) ?? state.preview }

    /// The controls the filters let through, in load order.
    static func visibleControls(_ state: AppState) -> [EvaluationPreview.Line] { list(state).map { visible($0, state) } ?? [] }

    /// The controls of `list` the filters let through (each control's tally counted once a frame).
    private static func visible(_ list: EvaluationPreview, _ state: AppState) -> [EvaluationPreview.Line] {
        list.controls.filter { control in
            (state.statusFilter.map { control.status == $0 } ?? true)
                && (state.frameworkFilter.map { control.frameworks.contains($0) } ?? true)
        }
    }

    static func row(_ control: EvaluationPreview.Line) -> TableRow {
        TableRow(
            [Format.label(control.status), control.id, control.title, control.tally, control.frameworks.joined(separator: " ")],
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
