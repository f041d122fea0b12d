import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the controls against the stored evidence at an instant.",
            discussion: """
                Examples:
                  vigil check
                  vigil check --at 2026-11-01T00:00:00Z --known-at 2026-11-01T00:00:00Z
                  vigil check --format html --output report.html
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var evaluation: EvaluationOptions
        @OptionGroup var report: ReportOutput

        func run() throws {
            let pipeline = try global.pipeline()
            try evaluation.checkAndReport(pipeline, to: report)
        }
    }

    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The main job: init if needed, collect every source of vigil.yaml, check, print the report.",
            discussion: """
                Examples:
                  vigil audit
                  vigil audit --quiet --format json --output /var/lib/vigil/report.json
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var evaluation: EvaluationOptions
        @OptionGroup var report: ReportOutput

        func run() throws {
            let pipeline = try global.pipeline()
            if try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin) {
                Console.info("initialized workspace \(pipeline.workspace.home.path)", quiet: global.isQuiet)
            }
            var rejected = false
            if !pipeline.configuration.sources.isEmpty {
                let items = InputGathering.items(for: pipeline.configuration.sources, configuration: pipeline.configuration)
                let collected = try pipeline.collect(consume items)
                do { try Collect.finish(collected, quiet: global.isQuiet) } catch { rejected = true }
            }
            do {
                try evaluation.checkAndReport(pipeline.rereadingTheClock(), to: report)
            } catch let code as ExitCode where rejected && code == ExitCode(1) {
                throw ExitCode(2)
            }
            if rejected { throw ExitCode(2) }
        }
    }
}

/// Which controls to evaluate, and at which instant.
struct EvaluationOptions: ParsableArguments {
    @Option(help: "Evaluate as of this instant (RFC 3339; default: now), with only evidence observed by then.")
    var at: String?

    @Option(
        name: .customLong("known-at"),
        help: ArgumentHelp(
            "Use only evidence logged by this instant (RFC 3339): '--at T --known-at T' reproduces what a check at T could say.",
            valueName: "T"))
    var knownAt: String?

    @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).")
    var controls: String?

    func validate() throws {
        _ = try parseInstant(at, option: "--at")
        _ = try parseInstant(knownAt, option: "--known-at")
    }

    @Option(help: "Also group the report by this framework's requirements (nis2, soc2, iso27001-2022, …).")
    var framework: String?

    /// Checks, prints the report, and exits 1 when a control or an acceptance needs attention.
    func checkAndReport(_ pipeline: Pipeline, to report: ReportOutput) throws {
        let instant = try parseInstant(at, option: "--at") ?? pipeline.now
        let folder = controls.map { URL(fileURLWithPath: $0) } ?? pipeline.configuration.resolve(pipeline.configuration.controls)
        let known = try parseInstant(knownAt, option: "--known-at")
        // An instant given may be asked for again: the next check at it judges only what changed.
        // The memory for the next check is written while the report is; both before the exit.
        var writing: [UnfinishedWrite] = []
        let result = try pipeline.check(
            at: instant, knownAt: known, controlsDirectory: folder, history: report.format == .html, remember: at != nil,
            framework: framework, finishing: { writing.append($0) })
        defer { for write in writing { write.wait() } }
        try report.emit(result)
        let needsAttention = result.needsAttention
        LeftForExit.keep(result)
        if needsAttention { throw ExitCode(1) }
    }
}
