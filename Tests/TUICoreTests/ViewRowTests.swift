import EvidenceModel
import Testing

@testable import TUICore

struct ViewRowTests {
    @Test func aControlRowShowsSymbolStatusIdTitleItsSubjectsInTheReportsWordsAndFrameworks() {
        let row = ControlsView.row(EvaluationPreview.Line(FakeQueries.sampleEvaluation.controls[0]))
        #expect(row.cells == ["✗ FAIL", "FW-01", "System firmware can be updated", "1 failing of 2", "iso27001-2022 soc2"])
        #expect(row.cells[3] == SubjectTally.of(FakeQueries.sampleEvaluation.controls[0].result))
        #expect(row.status == .fail)
        #expect(row.target == .control(id: "FW-01"))
    }

    @Test(arguments: [
        (Status.pass, "✓ PASS"), (.fail, "✗ FAIL"), (.stale, "! STALE"), (.missing, "? MISSING"),
        (.accepted, "~ ACCEPTED"), (.notApplicable, "- N/A"), (.error, "‼ ERROR"),
    ])
    func everyStatusReadsWithoutColour(status: Status, label: String) {
        #expect(Format.label(status) == label)
    }

    @Test func theStatusFilterKeepsOnlyControlsOfThatStatus() throws {
        var state = try loadedState()
        state.statusFilter = .stale
        #expect(ControlsView.visibleControls(state).map(\.id) == ["FW-02"])
    }

    @Test func theFrameworkFilterKeepsControlsMappedToIt() throws {
        var state = try loadedState()
        state.frameworkFilter = "soc2"
        #expect(ControlsView.visibleControls(state).map(\.id) == ["FW-01", "RM-01"])
    }

    @Test func controlDetailRowsGiveStatusSubjectAgeAndReason() throws {
        let content = ControlView.content(id: "FW-01", try loadedState())
        #expect(content.rows[0].cells == ["✓ PASS", "host:web-01", "1.3 days", "all 1 devices updatable"])
        #expect(content.rows[1].cells[2] == "—")
        #expect(content.rows[0].target == .evidence(control: "FW-01", subject: "host:web-01"))
        #expect(content.preamble.map(\.plainText).contains("check      firmware_updatable  max: 90d"))
    }

    @Test func aStaleAcceptanceRowNamesItsReasons() throws {
        let row = AcceptancesView.content(try loadedState()).rows[0]
        #expect(row.cells == ["! stale", "RA-3", "FW-01", "2026-10-01", "3", "expired, over_extended"])
    }

    @Test func aWithdrawnAcceptanceReadsWithdrawnWithWhenInTheListAndItsTimeline() throws {
        var queries = FakeQueries()
        let withdrawn = AcceptanceReview(
            id: "RA-1", control: "FW-01", subjects: ["host:lab-3"], expiresAt: Timestamp.parse("2027-01-31"), reasons: [],
            extensions: 0, detail: "withdrawn 2026-11-25: risks.yaml as collected then no longer lists it",
            withdrawnAt: Timestamp.parse("2026-11-25"))
        let evaluation = queries.evaluationResult
        queries.evaluationResult = WorkspaceEvaluation(
            controls: evaluation.controls, scopeGaps: evaluation.scopeGaps,
            acceptances: [
                AcceptanceTimeline(
                    review: withdrawn, reason: nil, owner: nil, approvedBy: "ciso@example.net",
                    acceptedAt: Timestamp.parse("2026-10-01"), originalExpiry: Timestamp.parse("2027-01-31"),
                    extensions: [])
            ],
            recordCount: evaluation.recordCount)
        let state = try loadedState(queries)
        let row = AcceptancesView.content(state).rows[0]
        #expect(row.cells == ["- withdrawn", "RA-1", "FW-01", "2027-01-31", "0", "withdrawn 2026-11-25"])
        #expect(row.status == .notApplicable)
        let timeline = AcceptanceView.content(id: "RA-1", state)
        #expect(timeline.preamble.first?.plainText.hasPrefix("- WITHDRAWN RA-1") == true)
        #expect(timeline.rows.map(\.cells).contains(["2026-11-25", "withdrawn: its register no longer lists it"]))
    }

    @Test func theAcceptanceTimelineListsAcceptanceThenEachExtension() throws {
        let rows = AcceptanceView.content(id: "RA-3", try loadedState()).rows.map(\.cells)
        #expect(rows[0] == ["2026-01-10", "accepted until 2026-04-10 by ciso@example.net"])
        #expect(rows[1] == ["2026-04-09", "extension 1 until 2026-07-10 by ciso@example.net: vendor promised Q3"])
        #expect(rows[2][1].hasPrefix("browsing instant: expired"))
    }

    @Test func historyRowsAreNewestFirstWithTheirChangeCounts() throws {
        var state = try loadedState()
        let page = Page.history(subject: "host:web-01", kind: "firmware.device")
        state.history[page] = try FakeQueries().history(subject: "host:web-01", kind: "firmware.device")
        let content = HistoryView.content(subject: "host:web-01", kind: "firmware.device", state)
        #expect(content.rows.map { $0.cells[3] } == ["1", "first"])
        #expect(content.detail.map(\.plainText).contains("~ a45df35a.Version: 1.2.3 → 1.2.4"))
    }

    @Test func logRowsShowTimeSizeRootSignersAndCommit() throws {
        var state = try loadedState()
        state.checkpoints = try FakeQueries().checkpoints(limit: 10)
        #expect(
            LogView.content(state).rows[0].cells == [
                "2026-11-29 12:00", "42", "+E+H3KXOg+xN", "demo.vigil.example/log", "47fc6aa8", "collect: 2 records",
            ])
    }

    @Test func helpIsGeneratedFromTheKeyMap() throws {
        let rows = HelpView.content(try loadedState()).rows
        #expect(rows.count == KeyMap.standard.bindings.count)
        #expect(rows.contains { $0.cells == ["/", "search (incremental; Enter keeps, Esc cancels)"] })
    }
}

struct DisplayWidthTests {
    @Test func wideCharactersAndEmojiTakeTwoCellsAndCombiningMarksNone() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("固件") == 4)
        #expect(DisplayWidth.of("🔒") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }

    @Test func truncationCutsByDisplayWidthAndEndsInAnEllipsis() {
        #expect(DisplayWidth.truncate("固件版本", to: 5) == "固件…")
        #expect(DisplayWidth.truncate("short", to: 10) == "short")
        #expect(DisplayWidth.fit("固件版本", to: 6) == "固件… ")
    }
}

struct TableLayoutTests {
    @Test func optionalColumnsAreDroppedWhenTheScreenIsNarrow() {
        let widths = TableLayout.widths(ControlsView.columns, in: 40)
        #expect(widths.suffix(2) == [nil, nil])
        #expect(widths.compactMap { $0 }.reduce(0, +) + 2 == 40)
    }

    @Test func flexibleColumnsShareTheSpareWidth() {
        let widths = TableLayout.widths(ControlsView.columns, in: 120).compactMap { $0 }
        #expect(widths.reduce(0, +) + widths.count - 1 == 120)
    }

    @Test func scrollingKeepsTheCursorVisible() {
        #expect(TableLayout.scroll(cursor: 30, preferred: 0, rows: 50, height: 10) == 21)
        #expect(TableLayout.scroll(cursor: 5, preferred: 21, rows: 50, height: 10) == 5)
    }
}

struct EvidenceVersionTests {
    @Test func collectionsAreDiffedFieldByField() {
        let versions = EvidenceVersion.versions(of: FakeQueries.sampleRecords.map(\.record))
        #expect(versions.count == 2)
        #expect(versions[0].changes.isEmpty)
        #expect(versions[1].changes == [.init(path: "a45df35a.Version", old: "1.2.3", new: "1.2.4")])
    }
}

/// A verdict resting on evidence logged after the instant shown is marked in the control view.
struct LateEvidenceRowTests {
    @Test func aResultRestingOnLateEvidenceIsMarkedLate() throws {
        var late = SubjectResult(subject: "host:web-01", status: .pass, reason: "all 1 devices updatable", evidence: ["abc"])
        late.late = ["abc"]
        var queries = FakeQueries()
        queries.evaluationResult = WorkspaceEvaluation(
            controls: [
                FakeQueries.summary(
                    "FW-01", "System firmware can be updated", frameworks: [:],
                    results: [
                        late, SubjectResult(subject: "host:lab-3", status: .fail, reason: "1 of 2 devices not updatable"),
                    ])
            ],
            scopeGaps: [], acceptances: [], recordCount: 2)
        let rows = ControlView.content(id: "FW-01", try loadedState(queries)).rows
        #expect(rows[0].cells[3].hasSuffix("⏱ late: logged after this instant"))
        #expect(!rows[1].cells[3].contains("⏱"))
    }
}
