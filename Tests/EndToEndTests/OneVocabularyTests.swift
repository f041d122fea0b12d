import EvidenceModel
import Foundation
import Testing

/// One vocabulary (issue #19, item 6): on the shipped demo, the text, Markdown and HTML reports and
/// the TUI's controls list give every control the same subject counts in the same words, and those
/// counts are the JSON report's.
@Suite(.serialized)
struct OneVocabularyTests {
    static let at = "2026-11-29T12:00:00Z"

    /// "1 failing, 2 missing of 7", counted independently from the JSON report.
    static func tally(_ control: JSONValue) -> String {
        if control["error"]?.stringValue != nil { return "could not be evaluated" }
        if control["reason"]?.stringValue != nil, control["status"] == "missing", (control["results"]?.arrayValue ?? []).isEmpty {
            return "no evidence"
        }
        let statuses = (control["results"]?.arrayValue ?? []).compactMap { $0["status"]?.stringValue }
        if statuses.isEmpty { return "no subjects" }
        let words = [
            "error": "error", "fail": "failing", "missing": "missing", "stale": "stale", "accepted": "accepted",
            "not_applicable": "not applicable",
        ]
        let parts = ["error", "fail", "missing", "stale", "accepted", "not_applicable"].compactMap { status -> String? in
            let count = statuses.filter { $0 == status }.count
            return count == 0 ? nil : "\(count) \(words[status] ?? status)"
        }
        if parts.isEmpty { return statuses.count == 1 ? "1 passing" : "all \(statuses.count) passing" }
        return parts.joined(separator: ", ") + " of \(statuses.count)"
    }

    @Test func everyViewOfTheDemoCountsSubjectsInTheSameWords() throws {
        let scratch = try Scratch()
        let home = scratch.url.appendingPathComponent("ws").path
        let repository = ShippedDemoTests.repository
        let json = try VigilBinary.run(["audit", "--at", Self.at, "--format", "json", "--home", home], in: repository)
        let controls = try JSONValue.parse(Data(json.stdout.utf8))["controls"]?.arrayValue ?? []
        #expect(controls.count == 18)
        var views: [String: String] = [:]
        for format in ["text", "markdown", "html"] {
            views[format] = try VigilBinary.run(["check", "--at", Self.at, "--format", format, "--home", home], in: repository).stdout
        }
        let script = try scratch.write("steps.txt", ":dump open\nq\n")
        let dumps = scratch.url.appendingPathComponent("dumps")
        let tui = try VigilBinary.run(
            [
                "tui", "--at", Self.at, "--home", home, "--script", script.path, "--size", "220x40",
                "--dump-screen", dumps.path,
            ], in: repository)
        #expect(tui.status == 0, "\(tui.stderr)")
        let screen = try String(contentsOf: dumps.appendingPathComponent("open.screen"), encoding: .utf8)
        for control in controls {
            let id = try #require(control["id"]?.stringValue)
            let tally = Self.tally(control)
            // The text report wraps a long control line under its title (deep indent; subjects follow at 4).
            let lines = (views["text"] ?? "").split(separator: "\n").map(String.init)
            let first = lines.firstIndex { $0.contains("  \(id)  ") && !$0.hasPrefix(" ") } ?? lines.endIndex
            let textLine = ([lines[safe: first] ?? ""] + lines.dropFirst(first + 1).prefix { $0.hasPrefix("          ") })
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            #expect(textLine.hasSuffix("  \(tally)"), "text, \(id): \(textLine) ≠ \(tally)")
            let markdown = (views["markdown"] ?? "").split(separator: "\n")
            let heading = markdown.firstIndex { $0.hasPrefix("### ") && $0.contains(" \(id) ") }
            let facts = heading.flatMap { markdown[($0 + 1)...].first { $0.hasPrefix("Severity") } } ?? ""
            #expect(facts.contains(" · \(tally)"), "markdown, \(id): \(facts) ≠ \(tally)")
            let html = (views["html"] ?? "").split(separator: "\n").first { $0.contains("<b>\(id)</b>") } ?? ""
            #expect(html.contains("<td>\(tally)"), "html, \(id): \(tally)")
            let row = screen.split(separator: "\n").first { $0.contains(" \(id) ") } ?? ""
            #expect(row.contains(tally), "tui, \(id): \(row) ≠ \(tally)")
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
