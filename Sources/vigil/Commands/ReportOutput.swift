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

    @Option(help: "Also write an OSCAL plan of action and milestones (failures and risk acceptances) to this file.")
    var poam: String?

    func emit(_ result: RunResult) throws {
        let useColor = output == nil && format == .text && Console.stdoutWantsColor
        let options = ReportOptions(useColor: useColor)
        if let poam { try Console.emit(Array(OSCALReport.poam(result).utf8), to: poam) }
        if let output {
            let file = try AtomicFile(replacing: URL(fileURLWithPath: output), named: output)
            try ReportRenderer.write(result, as: format, options: options) { (bytes) throws(VigilError) in try file.append(bytes) }
            try file.commit()
        } else {
            ReportRenderer.write(result, as: format, options: options) { Console.output(bytes: $0) }
        }
    }
}
