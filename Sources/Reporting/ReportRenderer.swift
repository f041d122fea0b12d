import EvidenceModel

/// The one entry point the command line uses: a run's result in the format asked for.
public enum ReportRenderer {
    public static func render(
        _ result: RunResult, as format: ReportFormat, options: ReportOptions
    ) -> String {
        switch format {
        case .text: TextReport.render(result, useColor: options.useColor)
        case .json: JSONReport.render(result)
        case .markdown: MarkdownReport.render(result)
        case .junit: JUnitReport.render(result)
        case .oscal: OSCALReport.assessmentResults(result)
        case .html: HTMLReport.render(result)
        }
    }

    /// The report's UTF-8 bytes: for JSON, written as bytes without a copy as text (a report of
    /// 100k results is 50 MB); the same bytes as ``render(_:as:options:)``.
    public static func renderBytes(
        _ result: RunResult, as format: ReportFormat, options: ReportOptions
    ) -> [UInt8] {
        if format == .json { return JSONReport.bytes(result) }
        return Array(render(result, as: format, options: options).utf8)
    }
}
