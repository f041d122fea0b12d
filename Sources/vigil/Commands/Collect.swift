import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Collect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Collect evidence into the store: COLLECTOR FILE…, or every source of vigil.yaml.",
            discussion: "A rejected input is named with its place and reason; the other inputs are still stored (exit 2).\n\n"
                + "Collectors (what each reads → the record kinds it writes):\n" + HelpText.collectors + """


                    Examples:
                      fwupdmgr get-devices --json > web-01.json && vigil collect fwupd web-01.json --subject host:web-01
                      vigil collect aws-kms kms/          # a folder of describe-key / rotation responses
                      vigil collect                        # every source listed in vigil.yaml
                    """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A collector name followed by files or folders; none: the sources of vigil.yaml.")
        var arguments: [String] = []

        @Option(help: "The subject the records are about (e.g. host:web-01), where the collector cannot tell.")
        var subject: String?

        @Option(name: .customLong("observed-at"), help: "When the evidence was observed (RFC 3339; default: now).")
        var observedAt: String?

        func validate() throws {
            _ = try parseInstant(observedAt, option: "--observed-at")
            if arguments.count == 1 { throw ValidationError("collect \(arguments[0]): name at least one file") }
        }

        func run() throws {
            let pipeline = try global.pipeline()
            let observed = try parseInstant(observedAt, option: "--observed-at")
            let items: [CollectItem]
            if let collector = arguments.first {
                items = InputGathering.items(
                    collector: collector, paths: Array(arguments.dropFirst()), subject: subject,
                    observedAt: observed, limits: pipeline.configuration.limits)
            } else {
                guard !pipeline.configuration.sources.isEmpty else {
                    throw VigilError.usage("nothing to collect: give COLLECTOR FILE… or list sources in vigil.yaml")
                }
                items = InputGathering.items(for: pipeline.configuration.sources, configuration: pipeline.configuration)
            }
            let report = try pipeline.collect(consume items)
            try Self.finish(report, quiet: global.isQuiet)
        }

        /// Prints what was stored, warned about and rejected; exits 2 when anything was rejected (a warning alone: 0).
        static func finish(_ report: CollectReport, quiet: Bool) throws {
            for input in report.accepted {
                Console.info("\(input.collector) \(input.origin): \(input.records) record\(input.records == 1 ? "" : "s")", quiet: quiet)
            }
            let commit = report.commit.map { "commit \($0.id.hex.prefix(12))" } ?? "nothing new to commit"
            Console.info("\(report.newRecords) new, \(report.alreadyStored) already stored; \(commit)", quiet: quiet)
            for line in report.warnings { Console.error("warning: \(line)") }
            for line in report.rejected { Console.error("rejected \(line)") }
            if report.hasRejections { throw ExitCode(2) }
        }
    }
}
