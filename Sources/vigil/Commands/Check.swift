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

extension Vigil {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Evaluate the controls against the stored evidence at an instant.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var report: ReportOutput

        @Option(help: "Evaluate as of this instant (RFC 3339; default: now), with only evidence observed by then.")
        var at: String?

        @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).")
        var controls: String?

        func run() throws {
            let pipeline = try global.pipeline()
            let instant = try parseInstant(at, option: "--at") ?? pipeline.now
            let folder = controls.map { URL(fileURLWithPath: $0) } ?? pipeline.configuration.resolve(pipeline.configuration.controls)
            let result = try pipeline.check(at: instant, controlsDirectory: folder)
            try report.emit(result)
            if result.needsAttention { throw ExitCode(1) }
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The main job: init if needed, collect every source of vigil.yaml, check, print the report.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var report: ReportOutput

        @Option(help: "Evaluate as of this instant (RFC 3339; default: now).")
        var at: String?

        @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).")
        var controls: String?

        func run() throws {
            let pipeline = try global.pipeline()
            let instant = try parseInstant(at, option: "--at") ?? pipeline.now
            if try pipeline.workspace.create(at: pipeline.now) {
                Console.info("initialized workspace \(pipeline.workspace.home.path)", quiet: global.isQuiet)
            }
            var rejected = false
            if !pipeline.configuration.sources.isEmpty {
                let items = InputGathering.items(for: pipeline.configuration.sources, configuration: pipeline.configuration)
                let collected = try pipeline.collect(items)
                do { try Collect.finish(collected, quiet: global.isQuiet) } catch { rejected = true }
            }
            let folder = controls.map { URL(fileURLWithPath: $0) } ?? pipeline.configuration.resolve(pipeline.configuration.controls)
            let result = try pipeline.check(at: instant, controlsDirectory: folder)
            try report.emit(result)
            if rejected { throw ExitCode(2) }
            if result.needsAttention { throw ExitCode(1) }
        }
    }
}
