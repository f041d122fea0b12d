import Foundation
import Testing

/// The habits of good command-line tools (issue #19, item 5) on the built binary.
@Suite(.serialized)
struct CLIHabitsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `--version` names Vigil, the C libraries as they report themselves, and every package at the
    /// exact version Package.swift pins.
    @Test func versionNamesTheLibrariesAndEveryPinnedPackage() throws {
        let scratch = try Scratch()
        let run = try scratch.vigil(["--version"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("vigil ") == true, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("libgit2 1.") } && lines.contains { $0.hasPrefix("SQLite 3.") }, "\(run.stdout)")
        let manifest = try String(contentsOf: Self.repository.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pins = manifest.split(separator: "\n").compactMap { line -> String? in
            guard let url = line.range(of: "url: \"https://github.com/"), let exact = line.range(of: "exact: \"") else { return nil }
            let name = line[url.upperBound...].split(separator: "\"")[0].split(separator: "/")[1]
            return "\(name) \(line[exact.upperBound...].split(separator: "\"")[0])"
        }
        #expect(!pins.isEmpty)
        #expect(Set(pins).isSubset(of: Set(lines)), "pinned \(pins), printed \(lines)")
    }

    /// Every option taking an instant is checked as an argument, before any work: with a broken
    /// vigil.yaml beside it, the instant is what is refused (exit 2), as nothing was read yet.
    @Test func aBadInstantIsRefusedAsAnArgumentBeforeAnythingRuns() throws {
        let scratch = try Scratch()
        try scratch.write("vigil.yaml", "limits: [\n")
        let commands = [
            ["check", "--at", "x"], ["check", "--known-at", "x"], ["audit", "--at", "x"], ["evidence", "list", "--at", "x"],
            ["evidence", "list", "--known-at", "x"], ["collect", "fwupd", "in.json", "--observed-at", "x"],
            ["sample", "--checkpoint", "c", "--control", "X", "--count", "1", "--at", "x"], ["tui", "--at", "x"],
            ["controls", "coverage", "--framework", "nis2", "--at", "x"],
            ["witness", "add-checkpoint", "--key", "k", "--state", "s", "--time", "x"],
        ]
        for arguments in commands {
            let run = try scratch.vigil(arguments)
            let option = arguments[arguments.count - 2]
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix("vigil: \(option): 'x' is not an RFC 3339 timestamp"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func globalOptionsWorkBeforeOrAfterTheSubcommand() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["--home", "ws", "init"]).status == 0)
        #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("ws/store").path))
        for arguments in [["--home", "ws", "log", "verify"], ["--home=ws", "--quiet", "log", "verify"], ["log", "verify", "--home", "ws"]] {
            let run = try scratch.vigil(arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        let unknown = try scratch.vigil(["--home", "ws", "frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("vigil: Unexpected argument 'frobnicate'"), "\(unknown.stderr)")
    }

    @Test func quietPrintsOnlyErrors() throws {
        let scratch = try Scratch()
        let initialized = try scratch.vigil(["init", "--quiet"])
        #expect(initialized.status == 0 && initialized.stderr.isEmpty && initialized.stdout.isEmpty, "\(initialized.stderr)")
        let verified = try scratch.vigil(["--quiet", "log", "verify"])
        #expect(verified.status == 0 && verified.stderr.isEmpty, "\(verified.stderr)")
        let loud = try scratch.vigil(["log", "verify"])
        #expect(!loud.stderr.isEmpty, "without --quiet the result is said")
        let failing = try scratch.vigil(["--quiet", "log", "verify-note", "--trust", "nokey", "missing.note"])
        #expect(failing.status != 0 && failing.stderr.contains("missing.note"), "errors still print: \(failing.stderr)")
    }

    @Test func numericOptionsSayWhichValueIsWrong() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init"]).status == 0)
        let checkpoint = try scratch.write("checkpoint", try scratch.vigil(["log", "checkpoint"]).stdout)
        let negative = try scratch.vigil(["sample", "--checkpoint", checkpoint.path, "--control", "X", "--count", "-3"])
        #expect(negative.status == 2)
        #expect(negative.stderr.contains("--count must be 1 or more, not -3"), "\(negative.stderr)")
        let words = try scratch.vigil(["sample", "--checkpoint", checkpoint.path, "--control", "X", "--count", "three"])
        #expect(words.status == 2 && words.stderr.contains("'three'"), "\(words.stderr)")
        let none = try scratch.vigil(["log", "verify", "--witness", "w+0000+AA", "--witnesses-required", "0"])
        #expect(none.status == 2 && none.stderr.contains("--witnesses-required must be 1 or more, not 0"), "\(none.stderr)")
    }

    /// Seconds are a duration unit wherever one is read: vigil.yaml's source timeout and clock skew,
    /// and a control's freshness.
    @Test func durationsAcceptSecondsEverywhere() throws {
        let scratch = try Scratch()
        try scratch.write(
            "vigil.yaml",
            """
            clock_skew: 90s
            sources:
              - {collector: fwupd, command: "cat \(Self.repository.path)/Evidence/firmware/web-01.devices.json", subject: "host:web-01", timeout: 30s}
            """)
        try scratch.write(
            "Controls/c.yaml",
            """
            - {id: F-1, title: Inventories are fresh, severity: low, evidence: firmware.device, freshness: 7200s,
               check: {type: expect, all: [{field: kind, equals: firmware.device}]}}
            """)
        #expect(try scratch.vigil(["init"]).status == 0)
        let collect = try scratch.vigil(["collect"])
        #expect(collect.status == 0, "\(collect.stderr)")
        #expect(try scratch.vigil(["controls", "lint", "Controls"]).status == 0)
        let check = try scratch.vigil(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// On a terminal (script(1) gives the run one) `log verify` draws a bar on stderr; `--quiet` and
    /// pipes get none.
    @Test func aProgressBarOnATerminalOnly() throws {
        let scratch = try Scratch()
        #expect(try scratch.vigil(["init"]).status == 0)
        let inventory = Self.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json").path
        #expect(try scratch.vigil(["collect", "fwupd", inventory, "--subject", "host:web-01"]).status == 0)
        func onATerminal(_ arguments: String) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", "\(VigilBinary.url.path) \(arguments)", "/dev/null"]
            process.currentDirectoryURL = scratch.url
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(arguments)")
            return String(decoding: data, as: UTF8.self)
        }
        let firmware = Self.repository.appendingPathComponent("Evidence/firmware").path
        let collected = try onATerminal("collect fwupd \(firmware)/web-02.devices.json \(firmware)/db-01.devices.json --subject host:x")
        #expect(collected.contains("collecting [##########··········] 1/2 inputs"), "\(collected)")
        #expect(try onATerminal("gc").contains("packing: "), "gc draws its bar")
        let shown = try onATerminal("log verify")
        #expect(shown.contains("verifying the log [######··············] 1/3 commits"), "\(shown)")
        #expect(shown.contains("\u{1B}[2Klog verified"), "the bar is erased before the result: \(shown)")
        #expect(!(try onATerminal("log verify --quiet")).contains("verifying the log ["))
        #expect(!(try scratch.vigil(["log", "verify"])).stderr.contains("verifying the log ["))
    }

    /// Help that teaches: collectors and check types listed with what they read and take, examples
    /// at the end of the main commands, and shell completions from the same definitions.
    @Test func helpListsCollectorsCheckTypesAndExamplesAndCompletionsCoverEveryCommand() throws {
        let scratch = try Scratch()
        let collect = try scratch.vigil(["collect", "--help"])
        #expect(collect.stdout.contains("fwupd") && collect.stdout.contains("fwupdmgr get-devices --json → firmware.device"), "\(collect.stdout)")
        #expect(collect.stdout.contains("Examples:"))
        let controls = try scratch.vigil(["controls", "--help"])
        #expect(controls.stdout.contains("key_rotation: ") && controls.stdout.contains("check: {type: key_rotation, max_age: 90d}"))
        for command in [["check"], ["audit"], ["evidence", "list"], ["bundle", "export"], ["publish"]] {
            #expect(try scratch.vigil(command + ["--help"]).stdout.contains("Examples:"), "\(command)")
        }
        for shell in ["bash", "zsh", "fish"] {
            let script = try scratch.vigil(["--generate-completion-script", shell])
            #expect(script.status == 0)
            for name in ["collect", "check", "witness", "verify-subject", "rebuild"] {
                #expect(script.stdout.contains(name), "\(shell) completes \(name)")
            }
        }
    }

    /// A newcomer's `vigil init` in an empty folder: a commented vigil.yaml, the starter controls
    /// (which lint clean and list at once), the next commands; nothing already there is overwritten.
    @Test func initWritesACommentedConfigurationAndStarterControls() throws {
        let scratch = try Scratch()
        let run = try scratch.vigil(["init"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            run.stderr.contains("wrote vigil.yaml") && run.stderr.contains("wrote Controls/") && run.stderr.contains("next:\n  vigil collect"),
            "\(run.stderr)")
        let yaml = try String(contentsOf: scratch.url.appendingPathComponent("vigil.yaml"), encoding: .utf8)
        #expect(yaml.contains("#  - {collector: fwupd, command: fwupdmgr get-devices --json"))
        let list = try scratch.vigil(["controls", "list"])
        #expect(list.status == 0 && list.stdout.split(separator: "\n").count == 19, "a header and 18 controls: \(list.stdout)")
        #expect(try scratch.vigil(["controls", "lint"]).status == 0)
        #expect(try scratch.vigil(["collect"]).stderr.contains("nothing to collect"))

        try scratch.write("vigil.yaml", "sources: []\n# mine\n")
        try FileManager.default.removeItem(at: scratch.url.appendingPathComponent("Controls/keys.yaml"))
        #expect(try scratch.vigil(["init"]).status == 0)
        #expect(try String(contentsOf: scratch.url.appendingPathComponent("vigil.yaml"), encoding: .utf8) == "sources: []\n# mine\n")
        #expect(
            !FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("Controls/keys.yaml").path),
            "an existing controls folder is left as it is")

        let bare = try Scratch()
        #expect(try bare.vigil(["init", "--controls", "none"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: bare.url.appendingPathComponent("Controls").path))
        #expect(FileManager.default.fileExists(atPath: bare.url.appendingPathComponent("vigil.yaml").path))
    }
}
