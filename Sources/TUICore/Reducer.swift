import EvidenceModel
import Foundation

/// The pure heart of the interface: an action changes the state and may ask for IO.
public enum Reducer {
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        state.message = nil
        let rows = Views.rows(for: state.page, in: state)
        switch action {
        case .up: move(&state, to: state.cursor - 1, rows: rows.count)
        case .down: move(&state, to: state.cursor + 1, rows: rows.count)
        case .pageUp: move(&state, to: state.cursor - pageSize(state), rows: rows.count)
        case .pageDown: move(&state, to: state.cursor + pageSize(state), rows: rows.count)
        case .top: move(&state, to: 0, rows: rows.count)
        case .bottom: move(&state, to: rows.count - 1, rows: rows.count)
        case .open:
            guard rows.indices.contains(state.cursor), let target = rows[state.cursor].target else { return [] }
            return push(&state, target)
        case .back:
            if state.stack.count > 1 {
                state.stack.removeLast()
            } else if state.statusFilter != nil || state.frameworkFilter != nil {
                state.statusFilter = nil
                state.frameworkFilter = nil
                state.cursors[state.page] = 0
            }
        case .nextTab, .previousTab:
            let tabs = Tab.allCases
            let step = action == .nextTab ? 1 : tabs.count - 1
            let next = tabs[((tabs.firstIndex(of: state.tab) ?? 0) + step) % tabs.count]
            state.stack = [.tab(next)]
            if next == .log, state.checkpoints == nil { return [.loadCheckpoints] }
        case .startSearch:
            state.search = AppState.Search(query: "", isEditing: true, origin: state.cursor)
        case .searchInput(let character):
            state.search.query.append(character)
            findMatch(&state, rows: rows, from: state.search.origin, step: 1)
        case .searchBackspace:
            if !state.search.query.isEmpty { state.search.query.removeLast() }
            findMatch(&state, rows: rows, from: state.search.origin, step: 1)
        case .searchConfirm: state.search.isEditing = false
        case .searchCancel:
            state.cursors[state.page] = state.search.origin
            state.search = AppState.Search()
        case .nextMatch: findMatch(&state, rows: rows, from: state.cursor + 1, step: 1)
        case .previousMatch: findMatch(&state, rows: rows, from: state.cursor - 1, step: -1)
        case .cycleStatusFilter:
            state.statusFilter = cycle(state.statusFilter, through: presentStatuses(state))
            state.cursors[.tab(.controls)] = 0
        case .cycleFrameworkFilter:
            state.frameworkFilter = cycle(state.frameworkFilter, through: presentFrameworks(state))
            state.cursors[.tab(.controls)] = 0
        case .openDecisionLog:
            guard let subject = decisionLogSubject(&state, rows: rows) else { return [] }
            return push(&state, .decisionLog(subject: subject))
        case .openDiff:
            guard let instant = state.overview?.instant else { return [] }
            if case .diff = state.page { return [] }
            state.loading = "Comparing with a week earlier…"
            return push(&state, .diff(since: instant.addingTimeInterval(-AppState.diffSpan)))
        case .reload:
            state.evidence = [:]
            state.decisionLogs = [:]
            state.diffs = [:]
            state.history = [:]
            state.checkpoints = nil
            state.loading = "Reloading…"
            return [.loadOverview, .loadEvaluation] + reloadEffects(for: state.stack)
        case .help:
            if state.page != .help { state.stack.append(.help) }
        case .quit: state.shouldQuit = true
        case .resized(let size): state.viewport = size
        case .loaded(let loaded):
            apply(loaded, to: &state)
            // Evidence pages still open after a reload are read again from the new evaluation's results.
            guard case .evaluation = loaded else { return [] }
            return state.stack.filter { page in
                if case .evidence = page { return state.evidence[page] == nil }
                return false
            }.flatMap { loadEffects(for: $0, state) }
        case .failed(let message):
            state.loading = nil
            state.message = message
            // The evaluation failed (an index that failed its audit, controls that do not load): a
            // controls list kept from an earlier one is not shown as if it still held.
            if state.evaluation == nil { state.preview = nil }
        }
        return []
    }

    /// The `domain:` subject of the result under the cursor (a control's page) or of the page (a
    /// result's evidence); otherwise nil, with a message saying why.
    private static func decisionLogSubject(_ state: inout AppState, rows: [TableRow]) -> String? {
        var subject: String?
        switch state.page {
        case .evidence(_, let pageSubject): subject = pageSubject
        case .control:
            if rows.indices.contains(state.cursor), case .evidence(_, let rowSubject)? = rows[state.cursor].target { subject = rowSubject }
        default: break
        }
        guard let subject, subject.hasPrefix("domain:") else {
            state.message = "decision logs are of domain: subjects\(subject.map { "; \($0) is not one" } ?? "")"
            return nil
        }
        return subject
    }

    /// Rows a page key moves: the body height, less the header, tabs, column titles and status bar.
    static func pageSize(_ state: AppState) -> Int { max(1, state.viewport.rows - 5) }

    private static func move(_ state: inout AppState, to index: Int, rows: Int) {
        let cursor = max(0, min(index, rows - 1))
        state.cursors[state.page] = cursor
        let preferred = state.scrolls[state.page] ?? 0
        state.scrolls[state.page] = TableLayout.scroll(cursor: cursor, preferred: preferred, rows: rows, height: pageSize(state))
    }

    private static func push(_ state: inout AppState, _ page: Page) -> [Effect] {
        state.stack.append(page)
        state.cursors[page] = 0
        state.scrolls[page] = 0
        return loadEffects(for: page, state)
    }

    private static func loadEffects(for page: Page, _ state: AppState) -> [Effect] {
        switch page {
        case .evidence(let control, let subject):
            let ids =
                state.evaluation?.controls.first { $0.id == control }?.result.results
                .first { $0.subject == subject }?.evidence ?? []
            return [.loadEvidence(ids: ids, for: page)]
        case .history(let subject, let kind): return [.loadHistory(subject: subject, kind: kind, for: page)]
        case .decisionLog(let subject): return [.loadDecisionLog(subject: subject, for: page)]
        case .diff(let since): return [.loadDiff(since: since, for: page)]
        default: return []
        }
    }

    /// What a reload must fetch again for the pages still on the stack (the evaluation comes first).
    private static func reloadEffects(for stack: [Page]) -> [Effect] {
        stack.compactMap { page -> Effect? in
            switch page {
            case .tab(.log): .loadCheckpoints
            case .history(let subject, let kind): .loadHistory(subject: subject, kind: kind, for: page)
            case .decisionLog(let subject): .loadDecisionLog(subject: subject, for: page)
            case .diff(let since): .loadDiff(since: since, for: page)
            default: nil
            }
        }
    }

    private static func apply(_ loaded: Loaded, to state: inout AppState) {
        state.loading = nil
        switch loaded {
        case .overview(let overview): state.overview = overview
        case .preview(let preview):
            state.preview = preview
            if preview != nil { state.loading = "Reading the results…" }
        case .evaluation(let evaluation):
            state.evaluation = evaluation
        case .evidence(let records, let page): state.evidence[page] = records
        case .history(let versions, let page): state.history[page] = versions
        case .decisionLog(let log, let page): state.decisionLogs[page] = log
        case .checkpoints(let entries): state.checkpoints = entries
        case .diff(let diff, let page): state.diffs[page] = diff
        }
        // Cursors stay on a row that still exists.
        for page in state.stack {
            let count = Views.rows(for: page, in: state).count
            if let cursor = state.cursors[page], cursor >= count { state.cursors[page] = max(0, count - 1) }
        }
    }

    /// Moves the cursor to the next row (wrapping) whose text contains the query, case-insensitively.
    private static func findMatch(_ state: inout AppState, rows: [TableRow], from start: Int, step: Int) {
        let query = state.search.query.lowercased()
        guard !query.isEmpty, !rows.isEmpty else { return }
        for offset in 0..<rows.count {
            let index = ((start + step * offset) % rows.count + rows.count) % rows.count
            if rows[index].searchText.lowercased().contains(query) {
                move(&state, to: index, rows: rows.count)
                return
            }
        }
        state.message = "no match for '\(state.search.query)'"
    }

    private static func presentStatuses(_ state: AppState) -> [Status] {
        let present = Set((state.evaluation?.controls ?? []).map(\.status))
        return Status.allCases.sorted { $0.severityRank > $1.severityRank }.filter(present.contains)
    }

    private static func presentFrameworks(_ state: AppState) -> [String] {
        Set((state.evaluation?.controls ?? []).flatMap { $0.result.frameworks.keys }).sorted()
    }

    /// nil → first → … → last → nil.
    private static func cycle<T: Equatable>(_ current: T?, through values: [T]) -> T? {
        guard let current, let index = values.firstIndex(of: current) else { return values.first }
        return index + 1 < values.count ? values[index + 1] : nil
    }
}
