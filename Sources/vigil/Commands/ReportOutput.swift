import ArgumentParser
import Foundation
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
        if let poam { try Console.emit(Reports.poam(result), to: poam) }
        if let output {
            let file = try AtomicFile(replacing: URL(fileURLWithPath: output), named: output)
            try Reports.write(result, as: format, useColor: useColor) { (bytes) throws(VigilError) in try file.append(bytes) }
            try file.commit()
        } else {
            Reports.write(result, as: format, useColor: useColor) { Console.output(bytes: $0) }
        }
    }
}
