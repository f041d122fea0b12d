import Foundation
import Testing

/// `vigil tui` as a user runs it, headless with a key script (tier 4). The tmux tier (5) is
/// Scripts/tui-smoke.sh, run by `make test` after `swift test`: a tmux server started from a test
/// process inherits Foundation's child-monitoring descriptor and keeps `waitUntilExit` waiting.
@Suite(.serialized)
struct TuiTests {
    static let repository = ShippedDemoTests.repository

    /// The shipped demo audited into a scratch workspace.
    private func demoWorkspace() throws -> (scratch: Scratch, home: String) {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent("ws").path
        let audit = try VigilBinary.run(["audit", "--at", "2026-11-29T12:00:00Z", "--quiet", "--home", home], in: Self.repository)
        #expect(audit.status <= 1, "\(audit.stderr)")
        return (scratch, home)
    }

    @Test func theBinaryDrivenByAKeyScriptDumpsEachScreen() throws {
        let (scratch, home) = try demoWorkspace()
        let script = try scratch.write(
            "steps.txt",
            """
            :dump open
            j j <Enter>
            :dump control
            <Enter> <Enter>
            :dump history
            <Esc> <Esc> <Esc> <Tab> <Tab>
            :dump acceptances
            <Tab> <Tab>
            :dump sources
            D
            :dump diff
            :resize 40x10
            :dump small
            q
            """)
        let dumps = scratch.url.appendingPathComponent("dumps")
        let run = try VigilBinary.run(
            [
                "tui", "--home", home, "--at", "2026-11-29T12:00:00Z", "--script", script.path, "--size", "80x24",
                "--dump-screen", dumps.path,
            ], in: Self.repository)
        #expect(run.status == 0, "\(run.stderr)")
        func screen(_ name: String) throws -> String {
            try String(contentsOf: dumps.appendingPathComponent("\(name).screen"), encoding: .utf8)
        }
        let open = try screen("open")
        #expect(open.contains("[Controls]"))
        #expect(open.contains("FW-01"), "\(open)")
        #expect(open.split(separator: "\n", omittingEmptySubsequences: false).count == 25)
        let control = try screen("control")
        #expect(control.contains("FW-02") && control.contains("host:build-01") && control.contains("fresh within 7d"))
        #expect(try screen("history").contains("History of firmware.device evidence about host:build-01"))
        let acceptances = try screen("acceptances")
        #expect(acceptances.contains("[Acceptances]") && acceptances.contains("RA-3"))
        #expect(try screen("small").split(separator: "\n").allSatisfy { $0.count <= 40 })
        let sources = try screen("sources")
        #expect(sources.contains("[Sources]") && sources.contains("build-01 firmware") && sources.contains("silent"), "\(sources)")
        let diff = try screen("diff")
        #expect(diff.contains("from 2026-11-22 12:00") && diff.contains("regressions ·"), "\(diff)")
    }

    @Test func anEmptyWorkspaceShowsHowToStart() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent("ws").path
        _ = try scratch.vigil(["init", "--controls", "none", "--home", home])
        try scratch.write("Controls/none.yaml", "[]\n")
        let script = try scratch.write("steps.txt", ":dump open\n")
        let run = try scratch.vigil([
            "tui", "--home", home, "--controls", "Controls", "--script", script.path,
            "--dump-screen", scratch.url.path,
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let open = try String(contentsOf: scratch.url.appendingPathComponent("open.screen"), encoding: .utf8)
        #expect(open.contains("This workspace has no evidence yet"))
        #expect(open.contains("vigil collect"))
    }

    @Test func aFolderThatIsNotAWorkspaceExits2() throws {
        let scratch = try Scratch()
        let run = try scratch.vigil(["tui", "--home", scratch.url.appendingPathComponent("nothing").path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("not a Vigil workspace"))
    }

    @Test func withoutATerminalOrAScriptItSaysSoAndExits2() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent("ws").path
        _ = try scratch.vigil(["init", "--controls", "none", "--home", home])
        let run = try scratch.vigil(["tui", "--home", home])
        #expect(run.status == 2)
        #expect(run.stderr.contains("needs a terminal"))
    }
}
