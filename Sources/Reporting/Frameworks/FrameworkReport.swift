import EvidenceModel
import Foundation

/// A framework's requirements with the controls mapping to each and their status, and the ones
/// nothing covers (`vigil controls coverage`, and the section `vigil check --framework` adds).
public enum FrameworkReport {
    public static func render(_ coverage: FrameworkCoverage, asOf: Date, as format: SummaryFormat) -> String {
        switch format {
        case .text: (text(coverage, heading: "\(headline(coverage)) as of \(Timestamp.format(asOf))") + [""]).joined(separator: "\n")
        case .json:
            PrettyJSON.string(
                .object(document(coverage).objectValue?.merging(["as_of": .string(Timestamp.format(asOf))]) { a, _ in a } ?? [:]))
        case .markdown: markdown(coverage, heading: "# " + MarkdownReport.escape(headline(coverage))) + "\n"
        }
    }

    /// `NIS2 Directive (EU) 2022/2555, Article 21(2): 7 of 10 requirements covered, 3 uncovered`.
    static func headline(_ coverage: FrameworkCoverage) -> String {
        let total = coverage.rows.count, uncovered = coverage.uncovered.count
        return "\(coverage.catalogue.title): \(total - uncovered) of \(total) requirements covered, \(uncovered) uncovered"
    }

    /// One line per requirement: the worst status of its controls (or uncovered), its id and title,
    /// and each control with its status; then the identifiers the catalogue does not know.
    static func text(_ coverage: FrameworkCoverage, heading: String) -> [String] {
        let width = coverage.rows.map(\.requirement.id.count).max() ?? 0
        var lines = [heading]
        for row in coverage.rows {
            let mark = row.status.map { "\($0.symbol) \($0.label)" } ?? "? UNCOVERED"
            let id = row.requirement.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let controls = row.controls.map { "\(UntrustedText.escaped($0.id)) \($0.status.rawValue)" }.joined(separator: ", ")
            lines += TerminalText.wrap(
                "  \(mark.padding(toLength: 13, withPad: " ", startingAt: 0)) \(id)  ",
                row.requirement.title + (controls.isEmpty ? "" : " — " + controls), indent: 18 + width)
        }
        for unknown in coverage.unknown {
            lines.append(
                "  ! not in the catalogue: \(UntrustedText.escaped(unknown.id)) (mapped by \(unknown.controls.map(UntrustedText.escaped).joined(separator: ", ")))"
            )
        }
        return lines
    }

    static func markdown(_ coverage: FrameworkCoverage, heading: String) -> String {
        var rows = [heading, "", "| Requirement | Title | Status | Controls |", "| --- | --- | --- | --- |"]
        for row in coverage.rows {
            let status = row.status.map { "\($0.symbol) \($0.rawValue)" } ?? "**uncovered**"
            let controls = row.controls.map { "\(MarkdownReport.escape($0.id)) (\($0.status.rawValue))" }.joined(separator: ", ")
            rows.append(
                "| \(MarkdownReport.escape(row.requirement.id)) | \(MarkdownReport.escape(row.requirement.title)) | \(status) | \(controls.isEmpty ? "—" : controls) |"
            )
        }
        return rows.joined(separator: "\n")
    }

    /// `{"framework", "title", "covered", "uncovered", "requirements": [{"id", "title", "status", "controls"}], "unknown"}`;
    /// an uncovered requirement's status is `uncovered`.
    static func document(_ coverage: FrameworkCoverage) -> JSONValue {
        [
            "framework": .string(coverage.catalogue.framework),
            "title": .string(coverage.catalogue.title),
            "covered": .number(Double(coverage.rows.count - coverage.uncovered.count)),
            "uncovered": .number(Double(coverage.uncovered.count)),
            "requirements": .array(
                coverage.rows.map { row in
                    [
                        "id": .string(row.requirement.id), "title": .string(row.requirement.title),
                        "status": .string(row.status?.rawValue ?? "uncovered"),
                        "controls": .array(
                            row.controls.map { ["id": .string($0.id), "title": .string($0.title), "status": .string($0.status.rawValue)] }),
                    ]
                }),
            "unknown": .array(
                coverage.unknown.map { ["id": .string($0.id), "controls": .array($0.controls.map(JSONValue.string))] }),
        ]
    }
}
