import EvidenceModel

/// The loop: draw, run pending queries, read a key, reduce; until quit or the keys run out.
///
/// The first frame is drawn before the evaluation runs, so opening never waits for it; queries
/// run on this thread between frames (keys typed meanwhile wait in the terminal's buffer).
public struct Session {
    public let queries: any EvidenceQuerying
    public let keyMap: KeyMap

    public init(queries: any EvidenceQuerying, keyMap: KeyMap = .standard) {
        self.queries = queries
        self.keyMap = keyMap
    }

    /// Runs until `q` or the end of input; returns the final state.
    @discardableResult
    public func run<T: Terminal>(on terminal: inout T, from initial: AppState = AppState()) -> AppState {
        var state = initial
        var pending: [Effect] = [.loadOverview, .loadPreview, .loadEvaluation]
        _ = Reducer.reduce(&state, .resized(terminal.size))
        while !state.shouldQuit {
            if let effect = pending.first, effect.isCheap {
                pending.removeFirst()
                pending += Reducer.reduce(&state, perform(effect))
                continue
            }
            terminal.draw(Renderer.render(state, size: terminal.size, keyMap: keyMap))
            if !pending.isEmpty {
                pending += Reducer.reduce(&state, perform(pending.removeFirst()))
                continue
            }
            guard let key = terminal.readKey() else { break }
            if key == .resize {
                pending += Reducer.reduce(&state, .resized(terminal.size))
                continue
            }
            guard let action = keyMap.action(for: key, in: state) else { continue }
            pending += Reducer.reduce(&state, action)
        }
        return state
    }

    /// Runs one query; a failure becomes a message in the status bar, never a crash.
    public func perform(_ effect: Effect) -> Action {
        do {
            switch effect {
            case .loadOverview: return .loaded(.overview(try queries.overview()))
            case .loadPreview: return .loaded(.preview(try queries.preview()))
            case .loadEvaluation: return .loaded(.evaluation(try queries.evaluation()))
            case .loadEvidence(let ids, let page): return .loaded(.evidence(try queries.records(ids: ids), for: page))
            case .loadHistory(let subject, let kind, let page):
                return .loaded(.history(try queries.history(subject: subject, kind: kind), for: page))
            case .loadDecisionLog(let subject, let page): return .loaded(.decisionLog(try queries.decisionLog(subject: subject), for: page))
            case .loadCheckpoints: return .loaded(.checkpoints(try queries.checkpoints(limit: 500)))
            case .loadDiff(let since, let page): return .loaded(.diff(try queries.diff(since: since), for: page))
            }
        } catch {
            return .failed("query failed: \(error)")
        }
    }
}
