import ArgumentParser
import Foundation
import VigilKit

extension Vigil.Controls {
    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A framework's requirements: the controls mapping to each and their status; exit 1 if any is uncovered.",
            discussion: """
                Shipped catalogues (Frameworks/ in the source tree): \(HelpText.frameworks).

                Examples:
                  vigil controls coverage --framework nis2
                  vigil controls coverage --framework iso27001-2022 --at 2026-11-01T00:00:00Z --format markdown
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var evaluation: EvaluationOptions

        @Option(help: "Output format: \(SummaryFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: SummaryFormat = .text

        @Option(help: "Write the coverage to this file instead of standard output.")
        var output: String?

        func validate() throws {
            guard evaluation.framework != nil else { throw ValidationError("--framework is required: which framework's requirements to list") }
        }

        func run() throws {
            let framework = evaluation.framework ?? ""
            let pipeline = try global.pipeline()
            let instant = try parseInstant(evaluation.at, option: "--at") ?? pipeline.now
            let coverage = try pipeline.coverage(
                of: framework, at: instant, knownAt: try parseInstant(evaluation.knownAt, option: "--known-at"),
                controlsDirectory: try global.controlsFolder(evaluation.controls))
            let bytes = Reports.coverage(coverage, asOf: instant, as: format)
            try Console.emit(bytes, to: output)
            if !coverage.uncovered.isEmpty { throw ExitCode(1) }
        }
    }
}
