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
        let bytes = ReportRenderer.renderBytes(result, as: format, options: ReportOptions(useColor: useColor))
        if let poam { try write(Array(OSCALReport.poam(result).utf8), to: poam) }
        if let output {
            try write(bytes, to: output)
        } else {
            Console.output(bytes: bytes)
        }
    }

    private func write(_ bytes: [UInt8], to path: String) throws {
        do { try Console.withData(bytes) { try $0.write(to: URL(fileURLWithPath: path), options: .atomic) } } catch {
            throw VigilError.io("cannot write \(path): \(FileProblem(error, path: path))")
        }
    }
}
