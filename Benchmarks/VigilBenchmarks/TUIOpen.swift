import EvidenceModel
import EvidenceStore
import Foundation
import TUICore
import VigilKit

/// 4. Opening `vigil tui` on the benchmark's store: the index is built once (as `vigil index
/// rebuild` would), then opening = open the workspace and catch the index up, read the overview
/// (HEAD's checkpoint) and render the first frame. The evaluation, which runs after that first
/// frame, is measured separately.
func benchmarkTUIOpen(workspace folder: URL, store: EvidenceStore, controls: URL) throws {
    let indexURL = folder.appendingPathComponent("index.sqlite")
    let indexTime = try seconds { _ = try EvidenceIndex.rebuild(at: indexURL, from: store) }
    report("index rebuild (\(try EvidenceIndex(path: indexURL).recordCount()) records)", String(format: "%.1f s", indexTime))

    let pipeline = Pipeline(
        workspace: Workspace(home: folder), configuration: Configuration(baseDirectory: folder),
        now: Date(timeIntervalSince1970: 1_795_500_000))
    let instant = Date(timeIntervalSince1970: 1_795_400_000)
    var openings: [Double] = []
    var queries: TUIQueries?
    for _ in 0..<5 {
        openings.append(
            try seconds {
                let opened = try TUIQueries(pipeline: pipeline, at: instant, controlsDirectory: controls)
                var state = AppState()
                _ = Reducer.reduce(&state, .loaded(.overview(try opened.overview())))
                _ = Renderer.render(state, size: Size(columns: 120, rows: 40))
                queries = opened
            })
    }
    report("tui open to first frame (median of 5)", String(format: "%.1f ms", openings.sorted()[2] * 1e3))
    if let queries {
        var controlsCount = 0
        let evaluation = try seconds { controlsCount = try queries.evaluation().controls.count }
        report("tui evaluation after the first frame (\(controlsCount) controls)", String(format: "%.2f s", evaluation))
    }
}
