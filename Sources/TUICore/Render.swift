import EvidenceModel
import Foundation

/// The pure drawing function: the same state and size always give the same screen.
public enum Renderer {
    /// The smallest size the interface draws in; below it, one line says so.
    public static let minimumSize = Size(columns: 40, rows: 10)

    public static func render(_ state: AppState, size: Size, keyMap: KeyMap = .standard) -> Screen {
        guard size.columns >= minimumSize.columns, size.rows >= minimumSize.rows else {
            return Screen(
                size: size,
                lines: [
                    StyledLine(
                        "Too small: \(size), need \(minimumSize)", .alert)
                ])
        }
        var lines = [header(state, width: size.columns), tabs(state)]
        let bodyHeight = size.rows - 3
        lines += body(state, width: size.columns, height: bodyHeight)
        while lines.count < size.rows - 1 { lines.append(StyledLine()) }
        lines.append(statusBar(state, keyMap: keyMap))
        return Screen(size: size, lines: lines)
    }

    /// `Vigil · workspace · at instant · checkpoint 42 (3 hours old)`.
    static func header(_ state: AppState, width: Int) -> StyledLine {
        guard let overview = state.overview else { return StyledLine(" Vigil", .bar) }
        var text = " Vigil · \(overview.workspace) · at \(Timestamp.format(overview.instant))"
        if let size = overview.checkpointSize {
            let age = overview.checkpointTime.map { " (\(Format.age($0, at: overview.now)) old)" } ?? ""
            text += " · checkpoint \(size)\(age)"
        } else {
            text += " · no checkpoint"
        }
        return StyledLine(text, .bar)
    }

    /// The top-level views with the current one marked, then the breadcrumb and active filters.
    static func tabs(_ state: AppState) -> StyledLine {
        var line = StyledLine()
        for tab in Tab.allCases {
            if tab == state.tab { line.append("[\(tab.rawValue)]", .heading) } else { line.append(" \(tab.rawValue) ", .dim) }
            line.append(" ")
        }
        let path = state.stack.dropFirst().map { Views.content(for: $0, in: state).title }
        if !path.isEmpty { line.append("› " + path.joined(separator: " › ") + " ") }
        if state.tab == .controls {
            if let status = state.statusFilter { line.append("status=\(status.rawValue) ", .match) }
            if let framework = state.frameworkFilter { line.append("framework=\(framework) ", .match) }
        }
        return line
    }

    static func body(_ state: AppState, width: Int, height: Int) -> [StyledLine] {
        let previewed = state.preview != nil && state.page == .tab(.controls)
        if state.evaluation == nil, !previewed, state.page != .help, state.page != .tab(.log) {
            let at = state.overview.map { " at \(Timestamp.format($0.instant))" } ?? ""
            return [StyledLine(), StyledLine("  Evaluating the controls\(at)…", .dim)]
        }
        let content = Views.content(for: state.page, in: state)
        var lines = content.preamble.prefix(max(0, height - 3)).map { $0 }
        if !content.preamble.isEmpty { lines.append(StyledLine()) }
        if content.rows.isEmpty && !content.empty.isEmpty {
            if !content.columns.isEmpty && content.preamble.isEmpty { lines.append(StyledLine()) }
            lines += content.empty.map { StyledLine("  " + $0, .dim) }
            return Array(lines.prefix(height))
        }
        // The table takes what the preamble leaves, keeping up to a third for the detail lines.
        let remaining = height - lines.count
        let detailRoom = content.detail.isEmpty ? 0 : min(content.detail.count + 1, remaining / 3)
        let tableHeight = max(2, remaining - detailRoom)
        let cursor = state.cursors[state.page] ?? 0
        let scroll = TableLayout.scroll(
            cursor: cursor, preferred: state.scrolls[state.page] ?? 0, rows: content.rows.count, height: tableHeight - 1)
        lines += TableLayout.render(
            columns: content.columns, rows: content.rows, cursor: cursor, scroll: scroll, width: width, height: tableHeight)
        if detailRoom > 1 {
            while lines.count < height - detailRoom { lines.append(StyledLine()) }
            lines.append(StyledLine(String(repeating: "─", count: width), .dim))
            lines += content.detail.prefix(detailRoom - 1)
        }
        return Array(lines.prefix(height))
    }

    /// The search prompt while typing, else a notice, else the key hints of the current view.
    static func statusBar(_ state: AppState, keyMap: KeyMap) -> StyledLine {
        if state.search.isEditing {
            return StyledLine("/\(state.search.query)▏" + (state.message.map { "  (\($0))" } ?? ""), .bar)
        }
        if let message = state.message { return StyledLine(" \(message)", .alert) }
        if let loading = state.loading { return StyledLine(" \(loading)", .bar) }
        let position = positionText(state)
        return StyledLine("\(position) \(keyMap.statusHints(on: state.page))", .bar)
    }

    private static func positionText(_ state: AppState) -> String {
        let count = Views.rows(for: state.page, in: state).count
        guard count > 0 else { return "" }
        return " [\(state.cursor + 1)/\(count)]"
    }
}
