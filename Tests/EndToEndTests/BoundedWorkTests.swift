import Foundation
import Testing

/// No input makes Vigil work without bound: YAML aliases are measured before they expand, regular
/// expressions match in linear time, commands stop at their timeout with their children, and the
/// limits are set in `vigil.yaml`.
@Suite(.serialized)
struct BoundedWorkTests {
    /// Nine levels of ten aliases inside a control's `in:` list: a billion values once expanded.
    static let aliasBomb: String = {
        var lines = [
            "- id: BOMB-1", "  title: t", "  severity: low", "  evidence: firmware.device", "  check:",
            "    type: expect", "    all:", "      - field: Name", "        in:",
            #"          - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]"#,
        ]
        for level in 1...9 {
            lines.append("          - &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    private func timed(_ body: () throws -> VigilRun) rethrows -> (run: VigilRun, seconds: Double) {
        let start = Date()
        let run = try body()
        return (run, Date().timeIntervalSince(start))
    }

    @Test func anAliasBombInAControlIsRefusedBeforeItExpands() throws {
        let workspace = try GuardedWorkspace()
        try workspace.scratch.write("Controls/bomb.yaml", Self.aliasBomb)
        for command in [["controls", "lint"], ["check"]] {
            let (run, seconds) = try timed { try workspace.scratch.vigil(command) }
            let output = run.stdout + run.stderr
            #expect(run.status == 2, "\(command): \(output)")
            #expect(output.contains("Controls/bomb.yaml"), "\(output)")
            #expect(output.contains("aliases expand to more than 100000 nodes"), "\(output)")
            #expect(seconds < 20, "\(command) took \(seconds) s")
        }
    }

    @Test func anAliasBombInVigilYamlOrARegisterIsRefused() throws {
        let workspace = try GuardedWorkspace()
        let bomb = "x:\n" + Self.aliasBomb.split(separator: "\n").suffix(10).map { "  " + $0.dropFirst(8) }.joined(separator: "\n")
        try workspace.scratch.write("vigil.yaml", bomb + "\n")
        let config = try workspace.scratch.vigil(["evidence", "list"])
        #expect(config.status == 2, "\(config.stderr)")
        #expect(config.stderr.contains("vigil.yaml: line 6, column 47: "), "\(config.stderr)")
        #expect(config.stderr.contains("aliases expand to more than 100000 nodes"), "\(config.stderr)")
        try FileManager.default.removeItem(at: workspace.scratch.url.appendingPathComponent("vigil.yaml"))
        try workspace.expectCollectRejected(
            "risks", file: "risks.yaml", Data(bomb.utf8),
            mentioning: ["line 6, column 47", "aliases expand to more than"])
    }

    @Test func aCatastrophicPatternIsMatchedInLinearTime() throws {
        let controls = """
            - id: RX-1
              title: Device names are all a
              severity: low
              evidence: firmware.device
              check: {type: expect, all: [{field: Name, matches: "^(a+)+$"}]}
            """
        let workspace = try GuardedWorkspace(controls: controls)
        let name = String(repeating: "a", count: 4_000) + "!"
        try workspace.scratch.write("web-02.json", #"{"Devices": [{"DeviceId": "b", "Name": "\#(name)", "Version": "1"}]}"#)
        #expect(try workspace.scratch.vigil(["collect", "fwupd", "web-02.json"]).status == 0)
        let (run, seconds) = try timed { try workspace.scratch.vigil(["check", "--format", "json"]) }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("does not match /^(a+)+$/"))
        #expect(seconds < 20, "check took \(seconds) s")
    }

    @Test func aPatternBeyondTheLinearSyntaxIsALintError() throws {
        let scratch = try Scratch()
        try scratch.write(
            "Controls/rx.yaml",
            """
            - id: RX-2
              title: t
              severity: low
              evidence: firmware.device
              check: {type: expect, all: [{field: Name, matches: "(a)\\\\1"}]}
            """)
        let lint = try scratch.vigil(["controls", "lint"])
        #expect(lint.status == 2)
        #expect(lint.stdout.contains("backreferences not supported"), "\(lint.stdout)")
    }

    @Test func aCommandThatNeverEndsIsStoppedAtTheDefaultTimeoutWithItsChildren() throws {
        let workspace = try GuardedWorkspace()
        let marker = "\(Int.random(in: 100_000...999_999))"
        try workspace.scratch.write(
            "vigil.yaml",
            """
            limits: {command_timeout: 2s}
            sources:
              - {collector: fwupd, command: "sleep 1\(marker) & sleep 2\(marker); echo never", subject: "host:web-09"}
            """)
        let before = try workspace.records
        let (run, seconds) = try timed { try workspace.scratch.vigil(["collect"]) }
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("timed out after 2s"), "\(run.stderr)")
        #expect(seconds < 20)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try running("sleep [12]\(marker)").isEmpty, "children still running")
        try workspace.expectOnlyFailedRuns(since: before)
    }

    /// The processes whose command line matches `pattern` (pgrep -f), one id a line.
    private func running(_ pattern: String) throws -> String {
        let pgrep = Process()
        pgrep.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        pgrep.arguments = ["-f", pattern]
        let pipe = Pipe()
        pgrep.standardOutput = pipe
        try pgrep.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        pgrep.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func commandOutputAndInputFilesAreCappedByTheConfiguredLimits() throws {
        let workspace = try GuardedWorkspace()
        try workspace.scratch.write(
            "vigil.yaml",
            """
            limits: {command_output_size: 1KiB, file_size: 2KiB}
            sources:
              - {collector: fwupd, command: "head -c 100000000 /dev/zero", subject: "host:web-09", timeout: 30s}
            """)
        let before = try workspace.records
        let run = try workspace.scratch.vigil(["collect"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("standard output is over the limit of 1 KiB"), "\(run.stderr)")
        try workspace.expectOnlyFailedRuns(since: before)
        let head = try workspace.head
        try workspace.expectCollectRejected(
            "fwupd", file: "big.json", Data(Fixtures.fwupd(updatable: true).utf8) + Data(count: 2048),
            mentioning: ["file is over the limit of 2 KiB (limits.file_size in vigil.yaml)"],
            extra: ["--subject", "host:web-09"])
        try workspace.expectUnchanged(since: head)
    }

    @Test func anUnknownOrBadLimitIsAnErrorNamingIt() throws {
        let scratch = try Scratch()
        try scratch.write("vigil.yaml", "limits: {nesting_depth: 100000}\n")
        let deep = try scratch.vigil(["controls", "list"])
        #expect(deep.status == 2)
        #expect(deep.stderr.contains("limits.nesting_depth: '100000' is not a whole number from 1 to 1000"), "\(deep.stderr)")
        try scratch.write("vigil.yaml", "limits: {regex_budget: 5}\n")
        let unknown = try scratch.vigil(["controls", "list"])
        #expect(unknown.stderr.contains("unknown key 'limits.regex_budget'"), "\(unknown.stderr)")
    }
}
