import ArgumentParser
import EvidenceModel
import Foundation
import Reporting
import VigilKit

extension ReportFormat: ExpressibleByArgument {}

/// How a report leaves the process: to stdout or, written whole, to a file.
struct ReportOutput: ParsableArguments {
    @Option(help: "Report format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: ReportFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    func emit(_ result: RunResult) throws {
        let useColor = output == nil && format == .text && Console.stdoutWantsColor
        let text: String
        do { text = try ReportRenderer.render(result, as: format, options: ReportOptions(useColor: useColor)) } catch {
            throw VigilError.usage(error.description)
        }
        if let output {
            let url = URL(fileURLWithPath: output)
            do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
                throw VigilError.io("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            Console.output(text)
        }
    }
}
