import EvidenceModel
import Foundation
import Testing

@testable import TUICore

struct KeyScriptTests {
    @Test func scriptsReadKeysNamedKeysTypedTextDumpsAndResizes() throws {
        let script = try KeyScript("# comment\nj <Enter> /ab\n:dump one\n:resize 60x20\n<C-c>")
        #expect(
            script.steps == [
                .key(.character("j")), .key(.enter), .key(.character("/")), .key(.character("a")), .key(.character("b")),
                .dump("one"), .resize(Size(columns: 60, rows: 20)), .key(.interrupt),
            ])
    }

    @Test func anUnknownKeyNameIsRejectedWithItsLine() {
        #expect(throws: KeyScript.ParseError.unknownKey("Nope", line: 2)) { try KeyScript("j\n<Nope>") }
    }

    @Test func theInterfaceOpensOnTheControlsList() throws {
        let (state, terminal) = try runScript(":dump open\nq")
        #expect(state.shouldQuit)
        let screen = try #require(terminal.dump("open"))
        #expect(screen.lines[1].hasPrefix("[Controls]"))
        #expect(screen.text.contains("FW-01    System firmware can b"))
    }

    @Test func jAndEnterOpenTheSecondControlAndEscGoesBack() throws {
        let (state, terminal) = try runScript("j <Enter>\n:dump detail\n<Esc>\n:dump back")
        #expect(try #require(terminal.dump("detail")).text.contains("host:build-01"))
        #expect(try #require(terminal.dump("back")).lines[1].hasPrefix("[Controls]"))
        #expect(state.cursor == 1)
    }

    @Test func arrowsPagesAndGgMoveTheCursorWithinTheRows() throws {
        #expect(try runScript("<Down> <Down> <Down> <Down>").state.cursor == 2)
        #expect(try runScript("G k").state.cursor == 1)
        #expect(try runScript("G g").state.cursor == 0)
        #expect(try runScript("<PgDn>").state.cursor == 2)
        #expect(try runScript("<PgDn> <PgUp>").state.cursor == 0)
    }

    @Test func enterOnAResultShowsItsRecordsAndThenTheirHistory() throws {
        let (_, terminal) = try runScript("<Enter> <Enter>\n:dump evidence\n<Enter>\n:dump history")
        let evidence = try #require(terminal.dump("evidence"))
        #expect(evidence.text.contains("firmware.device  2026-11-28 06:00 observed web-01.devices.json"))
        #expect(evidence.text.contains("Version = 1.2.4"))
        let history = try #require(terminal.dump("history"))
        #expect(history.text.contains("~ a45df35a.Version: 1.2.3 → 1.2.4"))
    }

    @Test func tabCyclesTheTopLevelViewsAndLoadsTheLog() throws {
        let (_, terminal) = try runScript(
            "<Tab>\n:dump gaps\n<Tab>\n:dump acceptances\n<Tab>\n:dump log\n<Tab>\n:dump sources\n<Tab>\n:dump controls")
        #expect(try #require(terminal.dump("sources")).lines[1].contains("[Sources]"))
        #expect(try #require(terminal.dump("gaps")).text.contains("asset:printer-7"))
        #expect(try #require(terminal.dump("acceptances")).text.contains("RA-3"))
        #expect(try #require(terminal.dump("log")).text.contains("47fc6aa8"))
        #expect(try #require(terminal.dump("controls")).lines[1].hasPrefix("[Controls]"))
    }

    @Test func incrementalSearchMovesAsYouTypeAndNFindsTheNextMatch() throws {
        let typing = try runScript("/RM-")
        #expect(typing.state.cursor == 2)
        #expect(typing.state.search.isEditing)
        #expect(typing.terminal.lastScreen?.lines[23].hasPrefix("/RM-") == true)
        let next = try runScript("/FW <Enter> n")
        #expect(next.state.cursor == 1)
        #expect(try runScript("/FW <Enter> N").state.cursor == 1)
        #expect(try runScript("j /RM- <Esc>").state.cursor == 1)
    }

    @Test func aSearchWithoutMatchSaysSo() throws {
        let (_, terminal) = try runScript("/zzz")
        #expect(terminal.lastScreen?.text.contains("no match for 'zzz'") == true)
    }

    @Test func fFiltersByStatusAndFByFramework() throws {
        let (status, terminal) = try runScript("f\n:dump failing")
        #expect(status.statusFilter == .fail)
        let failing = try #require(terminal.dump("failing"))
        #expect(failing.text.contains("FW-01") && !failing.text.contains("RM-01"))
        #expect(failing.lines[1].contains("status=fail"))
        #expect(try runScript("F").state.frameworkFilter == "iso27001-2022")
        #expect(try runScript("F F F F").state.frameworkFilter == nil)
        #expect(try runScript("f <Esc>").state.statusFilter == nil)
    }

    @Test func questionMarkOpensHelpGeneratedFromTheKeyMap() throws {
        let (_, terminal) = try runScript("?\n:dump help")
        let help = try #require(terminal.dump("help"))
        for binding in KeyMap.standard.bindings.prefix(15) { #expect(help.text.contains(binding.help), "\(binding.help)") }
    }

    @Test func reloadAsksTheWorkspaceAgain() throws {
        let (state, terminal) = try runScript("r")
        #expect(state.evaluation == FakeQueries.sampleEvaluation)
        #expect(terminal.framesDrawn >= 4)
    }

    @Test func aResizeRedrawsAtTheNewSize() throws {
        let (_, terminal) = try runScript(":resize 40x10\n:dump small\n:resize 20x5\n:dump tiny\n:resize 120x40\n:dump large")
        #expect(try #require(terminal.dump("small")).size == Size(columns: 40, rows: 10))
        #expect(try #require(terminal.dump("tiny")).lines[0].hasPrefix("Too small"))
        #expect(try #require(terminal.dump("large")).lines.count == 40)
    }

    @Test func qQuitsBeforeTheRestOfTheScript() throws {
        let (state, terminal) = try runScript("q\nj j\n:dump never")
        #expect(state.shouldQuit)
        #expect(terminal.dump("never") == nil)
    }

    @Test func aFailedQueryIsShownInTheStatusBar() throws {
        var terminal = TextTerminal(size: Size(columns: 80, rows: 24))
        _ = Session(queries: FailingQueries()).run(on: &terminal)
        #expect(terminal.lastScreen?.lines[23].contains("query failed: index unreadable") == true)
    }
}
