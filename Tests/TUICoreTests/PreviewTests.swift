import EvidenceModel
import Foundation
import Testing

@testable import TUICore

/// A controls list kept from an earlier evaluation is drawn before the evaluation arrives, and
/// never shown once the evaluation fails.
struct PreviewTests {
    /// Every frame the session draws, and no key.
    struct Recording: Terminal {
        var size = Size(columns: 120, rows: 24)
        var frames: [Screen] = []
        mutating func readKey() -> Key? { nil }
        mutating func draw(_ screen: Screen) { frames.append(screen) }
    }

    /// The sample evaluation with FW-01 passing instead of failing, to tell the preview's frame apart.
    static let keptEarlier: EvaluationPreview = {
        let lines = EvaluationPreview(FakeQueries.sampleEvaluation)
        let data = try! JSONEncoder().encode(lines)
        let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\"status\":\"fail\"", with: "\"status\":\"pass\"")
        return try! JSONDecoder().decode(EvaluationPreview.self, from: Data(text.utf8))
    }()

    @Test func aKeptControlsListIsDrawnBeforeTheEvaluationArrives() throws {
        #expect(Self.keptEarlier != EvaluationPreview(FakeQueries.sampleEvaluation), "the kept list differs from the evaluation's")
        var queries = FakeQueries()
        queries.previewResult = Self.keptEarlier
        var terminal = Recording()
        let state = Session(queries: queries).run(on: &terminal)
        let first = try #require(terminal.frames.first).text
        #expect(first.contains("FW-01") && first.contains("RM-01") && first.contains("Reading the results…"), "\(first)")
        #expect(!first.contains("Evaluating the controls"))
        #expect(first.contains("✓ PASS     FW-01"), "the kept list's status: \(first)")
        let last = try #require(terminal.frames.last).text
        #expect(last.contains("✗ FAIL     FW-01") && !last.contains("Reading the results…"), "\(last)")
        #expect(state.evaluation == FakeQueries.sampleEvaluation)
    }

    @Test func withoutAKeptListTheFirstFrameSaysItIsEvaluating() throws {
        var terminal = Recording()
        _ = Session(queries: FakeQueries()).run(on: &terminal)
        let first = try #require(terminal.frames.first).text
        #expect(first.contains("Evaluating the controls") && !first.contains("FW-01"), "\(first)")
    }

    @Test func aFailedEvaluationHidesTheKeptControlsList() throws {
        var terminal = Recording()
        let queries = FailingQueries(message: "verification failed: index.sqlite", kept: Self.keptEarlier)
        _ = Session(queries: queries).run(on: &terminal)
        #expect(try #require(terminal.frames.first).text.contains("FW-01"))
        let last = try #require(terminal.frames.last).text
        #expect(!last.contains("FW-01") && last.contains("query failed: verification failed"), "\(last)")
    }

    @Test func theListFiltersAPreviewAsItFiltersAnEvaluation() {
        var state = AppState()
        state.preview = EvaluationPreview(FakeQueries.sampleEvaluation)
        state.statusFilter = .stale
        #expect(ControlsView.visibleControls(state).map(\.id) == ["FW-02"])
        state.statusFilter = nil
        state.frameworkFilter = "soc2"
        #expect(ControlsView.visibleControls(state).map(\.id) == ["FW-01", "RM-01"])
    }
}
