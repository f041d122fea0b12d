import Foundation
import Testing

/// Text from input reaches every output with its control characters escaped: no escape sequence
/// reaches the terminal and no newline forges a line in text, Markdown, `controls list` and the
/// TUI; HTML and JUnit escape for XML and write ESC as visible text.
@Suite(.serialized)
struct TerminalSpoofingTests {
    static let at = "2026-11-21T00:00:00Z"

    /// A title with an escape sequence and a line break (YAML's `\e` is ESC).
    static let controls = """
        - id: FW-01
          title: "Firmware \\e[2J\\nFAKE-PASS updatable"
          severity: high
          evidence: firmware.device
          check: {type: firmware_updatable}
        """

    /// A device name that carries the same into a failing reason.
    static let device = #"{"Devices": [{"DeviceId": "a", "Name": "Evil\u001b[31m\nFAKE-PASS", "Flags": ["internal"], "Version": "1"}]}"#

    private func workspace() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.write("Controls/fw.yaml", Self.controls)
        #expect(try scratch.vigil(["init", "--controls", "none"]).status == 0)
        try scratch.write("web-01.json", Self.device)
        let collect = try scratch.vigil(["collect", "fwupd", "web-01.json", "--observed-at", "2026-11-20T00:00:00Z"])
        #expect(collect.status == 0, "\(collect.stderr)")
        return scratch
    }

    /// Nothing an attacker wrote may start a line or send ESC; what they wrote stays visible, escaped.
    private func expectEscaped(_ output: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!output.unicodeScalars.contains("\u{1B}"), "\(what) sends ESC", sourceLocation: sourceLocation)
        let forged = output.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("FAKE-PASS") }
        #expect(forged.isEmpty, "\(what) forged a line: \(forged)", sourceLocation: sourceLocation)
        #expect(output.contains("FAKE-PASS"), "\(what) lost the text", sourceLocation: sourceLocation)
    }

    @Test func textMarkdownHtmlAndJUnitReportsEscapeInput() throws {
        let scratch = try workspace()
        let text = try scratch.vigil(["check", "--at", Self.at])
        #expect(text.status == 1, "\(text.stderr)")
        expectEscaped(text.stdout, "text report")
        #expect(text.stdout.contains(#"Evil\u{1B}[31m\nFAKE-PASS"#), "\(text.stdout)")
        for format in ["markdown", "html", "junit"] {
            let run = try scratch.vigil(["check", "--at", Self.at, "--format", format, "--output", "report.\(format)"])
            #expect(run.status == 1, "\(format): \(run.stderr)")
            let report = try String(contentsOf: scratch.url.appendingPathComponent("report.\(format)"), encoding: .utf8)
            if format == "markdown" {
                expectEscaped(report, format)
            } else {
                // XML keeps a line break in element text (a parser reads it back); it can close no tag.
                #expect(!report.unicodeScalars.contains("\u{1B}"), "\(format) sends ESC")
                #expect(report.contains(#"Evil\u{1B}[31m"#), "\(format)")
            }
        }
    }

    @Test func controlsListAndTheTUIEscapeInput() throws {
        let scratch = try workspace()
        let list = try scratch.vigil(["controls", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        expectEscaped(list.stdout, "controls list")
        let script = try scratch.write("steps.txt", ":dump open\n<Enter>\n:dump control\nq\n")
        let dumps = scratch.url.appendingPathComponent("dumps")
        let tui = try scratch.vigil([
            "tui", "--at", Self.at, "--script", script.path, "--size", "160x24",
            "--dump-screen", dumps.path,
        ])
        #expect(tui.status == 0, "\(tui.stderr)")
        for name in ["open", "control"] {
            let screen = try String(contentsOf: dumps.appendingPathComponent("\(name).screen"), encoding: .utf8)
            expectEscaped(screen, "tui \(name)")
        }
    }

    /// A control id is a name: lint refuses a line break in it, and says so on one line.
    @Test func aControlIdWithALineBreakIsALintErrorOnOneLine() throws {
        let scratch = try Scratch()
        try scratch.write("Controls/fw.yaml", Self.controls.replacingOccurrences(of: "id: FW-01", with: #"id: "T-01\nFAKE-PASS""#))
        let lint = try scratch.vigil(["controls", "lint"])
        #expect(lint.status == 2)
        expectEscaped(lint.stdout + lint.stderr, "controls lint")
        #expect(lint.stdout.contains("id contains a line feed (U+000A) at character 5"), "\(lint.stdout)")
    }
}
