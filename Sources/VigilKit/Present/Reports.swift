import ControlEngine
import EvidenceModel
import Foundation
import Reporting

/// Every report and listing `vigil` prints, as the bytes it prints: the one place where a stage's
/// result becomes text for a person or a file.
public enum Reports {
    /// `check`'s report in `format`, handed to `sink` in chunks (JSON is streamed, never held whole).
    public static func write<Failure: Error>(
        _ result: RunResult, as format: ReportFormat, useColor: Bool, to sink: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        try ReportRenderer.write(result, as: format, options: ReportOptions(useColor: useColor), to: sink)
    }

    /// The OSCAL plan of action and milestones of a run: its failures and risk acceptances.
    public static func poam(_ result: RunResult) -> [UInt8] { Array(OSCALReport.poam(result).utf8) }

    /// `diff`'s summary of what changed between two instants or checkpoints.
    public static func diff(_ diff: RunDiff, as format: SummaryFormat, useColor: Bool) -> [UInt8] {
        Array(DiffReport.render(diff, as: format, useColor: useColor).utf8)
    }

    /// `controls coverage`: a framework's requirements with the controls that map to them.
    public static func coverage(_ coverage: FrameworkCoverage, asOf instant: Date, as format: SummaryFormat) -> [UInt8] {
        Array(FrameworkReport.render(coverage, asOf: instant, as: format).utf8)
    }

    /// `evidence list --format json`: each record as canonical JSON with its id, one per line.
    public static func recordLines(_ records: [EvidenceRecord]) -> String {
        var out = ""
        for record in records {
            out += (try? CanonicalJSON.string(record.jsonValueWithID)) ?? ""
            out += "\n"
        }
        return out
    }

    /// `evidence list --format text`: a table of the records, input text escaped.
    public static func recordTable(_ records: [EvidenceRecord]) -> String {
        var table = TextTable([
            .init("OBSERVED AT"), .init("KIND", limit: 28), .init("SUBJECT", limit: 60), .init("ORIGIN"), .init("ID"),
        ])
        for r in records {
            table.append([
                Timestamp.formatWithMilliseconds(r.observedAt), UntrustedText.escaped(r.kind),
                UntrustedText.escaped(r.subject), r.origin.rawValue, String(r.id.prefix(12)),
            ])
        }
        return table.text
    }

    /// `controls list`: each control's id, severity, check and title.
    public static func controlTable(_ library: ControlLibrary) -> String {
        var table = TextTable([.init("ID"), .init("SEVERITY"), .init("CHECK"), .init("TITLE")])
        for control in library.controls {
            table.append([
                UntrustedText.escaped(control.id), control.severity.rawValue, control.check.type,
                UntrustedText.escaped(control.title),
            ])
        }
        return table.text
    }
}
