import EvidenceModel
import Testing

@testable import Reporting

struct ReportRendererTests {
    @Test func textFormatIsTheTextReportWithTheOptionsColour() throws {
        let plain = try ReportRenderer.render(Fixtures.run, as: .text, options: ReportOptions())
        #expect(plain == TextReport.render(Fixtures.run, useColor: false))
        let coloured = try ReportRenderer.render(Fixtures.run, as: .text, options: ReportOptions(useColor: true))
        #expect(coloured == TextReport.render(Fixtures.run, useColor: true))
    }

    @Test func jsonFormatIsTheJSONReport() throws {
        #expect(try ReportRenderer.render(Fixtures.run, as: .json, options: ReportOptions()) == JSONReport.render(Fixtures.run))
    }

    @Test(arguments: [ReportFormat.markdown, .junit, .oscal, .html])
    func formatsNotYetBuiltThrowFormatNotAvailable(format: ReportFormat) {
        #expect(throws: ReportError.formatNotAvailable(format)) {
            try ReportRenderer.render(Fixtures.run, as: format, options: ReportOptions())
        }
        #expect(!format.isAvailable)
    }

    @Test func formatNotAvailableNamesTheFormatAndTheOnesThatWork() {
        #expect(
            ReportError.formatNotAvailable(.oscal).description
                == "the oscal report format is not available yet; use one of: text, json")
    }

    @Test func formatNamesMatchTheCommandLineContract() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "markdown", "junit", "oscal", "html"])
        #expect(ReportFormat(rawValue: "junit") == .junit)
    }
}
