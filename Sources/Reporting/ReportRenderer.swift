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

    /// The report's UTF-8 bytes handed to `sink` in chunks: JSON is written as its results are
    /// printed, never held whole (a report of 1M results is 68 MB); the others are rendered whole.
    /// The bytes are those of ``render(_:as:options:)``.
    public static func write<Failure: Error>(
        _ result: RunResult, as format: ReportFormat, options: ReportOptions,
        to sink: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        if format == .json { return try JSONReport.write(result, to: sink) }
        try sink(Array(render(result, as: format, options: options).utf8))
    }
}
