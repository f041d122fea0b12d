import EvidenceModel
import Foundation
import Testing

@testable import TUICore

/// Issue #20 in the TUI: the Sources view (completeness) and `D`, what changed since a week before.
struct CompletenessViewTests {
    static let sources = [
        SourceStatus(
            name: "fleet firmware", standing: .onTime, every: "1d", newestRun: FakeQueries.instant, lastGoodRun: FakeQueries.instant,
            covers: "firmware.device of host:web-01", reason: nil),
        SourceStatus(
            name: "build-01 firmware", standing: .silent, every: "1d", newestRun: nil,
            lastGoodRun: Timestamp.parse("2026-10-02T06:00:00Z"), covers: "firmware.device of host:build-01",
            reason: "no good run within every 1d: last good run 2026-10-02T06:00:00Z (58.3 days ago)"),
    ]

    private func queries() -> FakeQueries {
        var queries = FakeQueries()
        let e = FakeQueries.sampleEvaluation
        queries.evaluationResult = WorkspaceEvaluation(
            controls: e.controls, scopeGaps: e.scopeGaps, acceptances: e.acceptances, recordCount: e.recordCount, sources: Self.sources)
        queries.diffResult = RunDiff(
            from: .init(instant: FakeQueries.instant.addingTimeInterval(-7 * 86_400), checkpoint: nil),
            to: .init(instant: FakeQueries.instant, checkpoint: CheckpointSummary(origin: "o", size: 42, rootHash: "+E+H3KXOg+xNabc=")),
            results: [
                .init(
                    control: "FW-01", title: "t", subject: "host:web-02", from: .init(status: .pass, reason: "ok"),
                    to: .init(status: .fail, reason: "2 of 3 devices not updatable")),
                .init(
                    control: "FW-01", title: "t", subject: "host:web-01", from: .init(status: .fail, reason: "no"),
                    to: .init(status: .pass, reason: "all updatable")),
            ],
            gapsOpened: [ScopeGap(subject: "source:build-01 firmware", gap: .sourceSilent, control: nil, reason: "no good run")],
            gapsClosed: [], acceptances: [], evidenceAdded: ["firmware.device": 8])
        return queries
    }

    @Test func theSourcesViewSaysHowEachSourceStands() throws {
        let (_, terminal) = try runScript("<Tab> <Tab> <Tab> <Tab>\n:dump sources\nq", size: Size(columns: 120, rows: 24), queries: queries())
        let screen = try #require(terminal.dump("sources")).text
        #expect(screen.contains("Sources 1 of 2 on time (1 silent)"), "\(screen)")
        #expect(screen.contains(" results evaluated ("), "the report's coverage line, second half: \(screen)")
        #expect(screen.contains("✓ on time  fleet firmware"), "\(screen)")
        #expect(screen.contains("! silent   build-01 firmware") && screen.contains("2026-10-02 06:00"), "\(screen)")
        #expect(screen.contains("no good run within every 1d"))
    }

    @Test func dOpensWhatChangedSinceAWeekBeforeRegressionsFirst() throws {
        let (state, terminal) = try runScript("D\n:dump diff\n<Enter>\n:dump control\nq", size: Size(columns: 120, rows: 24), queries: queries())
        let screen = try #require(terminal.dump("diff")).text
        #expect(screen.contains("Changes since 2026-11-22"), "\(screen)")
        #expect(screen.contains("2 regressions · evidence logged in between: 8 records (firmware.device 8)"))
        let regressed = try #require(screen.range(of: "regressed  FW-01"))
        let improved = try #require(screen.range(of: "improved   FW-01"))
        #expect(regressed.lowerBound < improved.lowerBound, "regressions first: \(screen)")
        #expect(screen.contains("pass → fail") && screen.contains("gap opened"))
        #expect(state.stack.last == .control(id: "FW-01"), "Enter opens the changed control")
        #expect(KeyMap.standard.bindings.contains { $0.action == .openDiff && $0.keys == [.character("D")] })
    }
}
