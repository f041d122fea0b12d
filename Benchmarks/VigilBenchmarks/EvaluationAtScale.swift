import ControlEngine
import EvidenceModel
import EvidenceStore
import Foundation
import TUICore
import VigilKit

/// 5. Evaluating the controls on the benchmark's store (issue #8): the whole visible history decoded
/// and judged (how `vigil check` read the index before the evaluation selection), `vigil check` as
/// it reads now, and the TUI from opening to statuses on screen. Both evaluations must agree.
///
/// `VigilBenchmarks --evaluate DIR` runs only this, on a workspace an earlier `--keep DIR` left.
func benchmarkEvaluation(workspace folder: URL, controls: URL) throws {
    let configuration = Configuration(baseDirectory: folder)
    let pipeline = Pipeline(
        workspace: Workspace(home: folder), configuration: configuration, now: Date(timeIntervalSince1970: 1_795_500_000))
    let instant = Date(timeIntervalSince1970: 1_795_400_000)
    let library = try ControlLibrary.load(from: controls).requireValid()
    let store = try pipeline.workspace.openStore()
    let index = try pipeline.workspace.openIndex(for: store)
    let evaluator = Evaluator(controls: library, policy: configuration.acceptancePolicy, context: configuration.checkContext)

    var all: [EvidenceRecord] = []
    let read = try seconds { all = try index.records(matching: RecordQuery(observedAtOrBefore: instant)) }
    var before: RunResult?
    let judge = seconds { before = evaluator.evaluate(records: all, at: instant, checkpoint: nil) }
    report(
        "evaluation reading every record (\(all.count))",
        String(format: "%.2f s (read %.2f s, judge %.2f s)", read + judge, read, judge))
    all = []

    var after: RunResult?
    let checks = try (0..<3).map { _ in
        try seconds { after = try pipeline.check(at: instant, controlsDirectory: controls) }
    }
    report("vigil check, selected records (median of 3)", String(format: "%.3f s", checks.sorted()[1]))
    let same =
        after?.controls == before?.controls && after?.scopeGaps == before?.scopeGaps
        && after?.acceptances == before?.acceptances
    report("  same verdicts, gaps and acceptances", same ? "yes" : "NO — the selection is wrong")

    // Opening = workspace, overview, evaluation, one frame. A new instant each round evaluates; opening
    // again at that instant finds the evaluation cached in the index.
    var statuses = 0
    var cached = true
    func open(at instant: Date) throws {
        let queries = try TUIQueries(pipeline: pipeline, at: instant, controlsDirectory: controls)
        var state = AppState()
        _ = Reducer.reduce(&state, .loaded(.overview(try queries.overview())))
        _ = Reducer.reduce(&state, .loaded(.evaluation(try queries.evaluation())))
        _ = Renderer.render(state, size: Size(columns: 120, rows: 40))
        statuses = state.evaluation?.controls.count ?? 0
        cached = queries.lastEvaluationWasCached
    }
    var evaluating: [Double] = []
    var reopening: [Double] = []
    for round in 0..<3 {
        let at = instant.addingTimeInterval(Double(round))
        evaluating.append(try seconds { try open(at: at) })
        reopening.append(try seconds { try open(at: at) })
    }
    report("tui open to statuses, evaluating (median of 3)", String(format: "%.3f s (%d controls)", evaluating.sorted()[1], statuses))
    report("tui reopen to statuses, cached (median of 3)", String(format: "%.1f ms%@", reopening.sorted()[1] * 1e3, cached ? "" : " — NOT CACHED"))
}

/// `--evaluate DIR`: only ``benchmarkEvaluation(workspace:controls:)``, on a kept workspace. True when asked.
func benchmarkEvaluationOnly(_ arguments: [String]) throws -> Bool {
    guard let flag = arguments.firstIndex(of: "--evaluate"), arguments.indices.contains(flag + 1) else { return false }
    let folder = URL(fileURLWithPath: arguments[flag + 1])
    print("Vigil benchmarks — evaluation on \(folder.path), \(try EvidenceIndex(path: folder.appendingPathComponent("index.sqlite")).recordCount()) records")
    try benchmarkEvaluation(workspace: folder, controls: URL(fileURLWithPath: "Controls"))
    return true
}
