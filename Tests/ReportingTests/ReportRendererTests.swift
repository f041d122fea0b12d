import EvidenceModel
import Testing

@testable import Reporting

struct ReportRendererTests {
    @Test func textFormatIsTheTextReportWithTheOptionsColour() throws {
        let plain = ReportRenderer.render(Fixtures.run, as: .text, options: ReportOptions())
        #expect(plain == TextReport.render(Fixtures.run, useColor: false))
        let coloured = ReportRenderer.render(Fixtures.run, as: .text, options: ReportOptions(useColor: true))
        #expect(coloured == TextReport.render(Fixtures.run, useColor: true))
    }

    @Test func jsonFormatIsTheJSONReport() throws {
        #expect(ReportRenderer.render(Fixtures.run, as: .json, options: ReportOptions()) == JSONReport.render(Fixtures.run))
    }

    @Test func everyFormatWritesItsTextsUTF8() throws {
        for run in [Fixtures.run, Fixtures.audited] {
            for format in ReportFormat.allCases {
                let text = ReportRenderer.render(run, as: format, options: ReportOptions())
                var written: [UInt8] = []
                ReportRenderer.write(run, as: format, options: ReportOptions()) { written += $0 }
                #expect(written == Array(text.utf8), "\(format)")
            }
        }
    }

    @Test func theFormatsAreTheContracts() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "markdown", "junit", "oscal", "html"])
    }

    @Test func audienceFormatsAreTheirReports() throws {
        let run = Fixtures.audited
        #expect(ReportRenderer.render(run, as: .markdown, options: ReportOptions()) == MarkdownReport.render(run))
        #expect(ReportRenderer.render(run, as: .junit, options: ReportOptions()) == JUnitReport.render(run))
        #expect(ReportRenderer.render(run, as: .oscal, options: ReportOptions()) == OSCALReport.assessmentResults(run))
        #expect(ReportRenderer.render(run, as: .html, options: ReportOptions()) == HTMLReport.render(run))
    }

    @Test func colourNeverReachesTheFileFormats() throws {
        for format in [ReportFormat.markdown, .junit, .oscal, .html, .json] {
            let text = ReportRenderer.render(Fixtures.run, as: format, options: ReportOptions(useColor: true))
            #expect(!text.unicodeScalars.contains("\u{1B}"), "\(format)")
        }
    }

    @Test func formatNamesMatchTheCommandLineContract() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "json", "markdown", "junit", "oscal", "html"])
        #expect(ReportFormat(rawValue: "junit") == .junit)
    }
}
