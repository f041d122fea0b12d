import EvidenceModel
import Testing

@testable import TUICore

struct ScreenSnapshotTests {
    static let small = Size(columns: 80, rows: 24)
    static let large = Size(columns: 120, rows: 40)

    @Test func controlsListAt80x24() throws {
        assertSnapshot(Renderer.render(try loadedState(), size: Self.small).text, named: "controls-80x24")
    }

    @Test func controlsListAt120x40() throws {
        assertSnapshot(Renderer.render(try loadedState(size: Self.large), size: Self.large).text, named: "controls-120x40")
    }

    @Test func controlDetailAt80x24() throws {
        var state = try loadedState()
        _ = Reducer.reduce(&state, .open)
        assertSnapshot(Renderer.render(state, size: Self.small).text, named: "control-FW-01-80x24")
    }

    @Test func acceptanceTimelineAt120x40() throws {
        var state = try loadedState(size: Self.large)
        state.stack = [.tab(.acceptances), .acceptance(id: "RA-3")]
        assertSnapshot(Renderer.render(state, size: Self.large).text, named: "acceptance-RA-3-120x40")
    }

    @Test func emptyWorkspaceShowsHowToStart() throws {
        var queries = FakeQueries()
        queries.evaluationResult = FakeQueries.empty
        let screen = Renderer.render(try loadedState(queries), size: Self.small)
        assertSnapshot(screen.text, named: "empty-workspace-80x24")
        #expect(screen.text.contains("vigil collect"))
    }

    @Test func everyFrameHasExactlyTheTerminalsRowsAndColumns() throws {
        for size in [Self.small, Self.large, Size(columns: 40, rows: 10), Size(columns: 57, rows: 13)] {
            let screen = Renderer.render(try loadedState(size: size), size: size)
            #expect(screen.lines.count == size.rows)
            #expect(screen.lines.allSatisfy { DisplayWidth.of($0) == size.columns }, "\(size)")
        }
    }

    @Test func aLongWideTitleIsCutWithAnEllipsisAndColumnsStayAligned() throws {
        let screen = Renderer.render(try loadedState(), size: Self.small)
        let row = try #require(screen.lines.first { $0.contains("FW-02") })
        #expect(row.contains("…"))
        let failingColumn = try #require(screen.lines.first { $0.contains("FW-01") })
        // The FAILING column ends at the same display column on both rows.
        func endOfCount(_ line: String, _ count: String) -> Int? {
            guard let range = line.range(of: count) else { return nil }
            return DisplayWidth.of(line[..<range.upperBound])
        }
        #expect(endOfCount(row, "1/1") == endOfCount(failingColumn, "1/2"))
    }

    @Test func belowFortyByTenOneLineSaysTheTerminalIsTooSmall() throws {
        let screen = Renderer.render(try loadedState(), size: Size(columns: 39, rows: 10))
        #expect(screen.lines[0].hasPrefix("Too small: 39x10, need 40x10"))
        #expect(screen.lines.dropFirst().allSatisfy { $0.allSatisfy { $0 == " " } })
    }

    @Test func theSelectedRowIsHighlightedAndStatusesAreColoured() throws {
        var state = try loadedState()
        _ = Reducer.reduce(&state, .down)
        let screen = Renderer.render(state, size: Self.small)
        let fw02 = try #require(screen.rows(containing: "FW-02").first)
        let fw01 = try #require(screen.rows(containing: "FW-01").first)
        #expect(screen.style(row: fw02, column: 20) == .selected)
        #expect(screen.style(row: fw01, column: 0) == .status(.fail))
        #expect(screen.style(row: 0) == .bar)
        #expect(screen.style(row: 23) == .bar)
    }

    @Test func theStatusBarShowsTheHintsOfTheCurrentView() throws {
        let screen = Renderer.render(try loadedState(size: Self.large), size: Self.large)
        #expect(screen.lines[39].contains("f status"))
        var detail = try loadedState(size: Self.large)
        _ = Reducer.reduce(&detail, .open)
        #expect(!Renderer.render(detail, size: Self.large).lines[39].contains("f status"))
    }

    @Test func theFirstFrameBeforeTheEvaluationSaysItIsEvaluating() throws {
        var state = AppState()
        _ = Reducer.reduce(&state, .loaded(.overview(try FakeQueries().overview())))
        let screen = Renderer.render(state, size: Self.small)
        #expect(screen.text.contains("Evaluating the controls at 2026-11-29T12:00:00Z…"))
        #expect(screen.lines[0].contains("checkpoint 42 (3 hours old)"))
    }
}
