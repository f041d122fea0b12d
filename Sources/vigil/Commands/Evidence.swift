import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Evidence: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Query the stored evidence.", subcommands: [List.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Matching records, oldest first: one JSON record (with its id) per line, or a table.",
                discussion: """
                    Examples:
                      vigil evidence list --subject host:web-01 --format text
                      vigil evidence list --subject domain:example.org --format text   # the decision log
                      vigil evidence list --kind key | jq .data
                    """)

            enum Format: String, ExpressibleByArgument { case json, text }

            @OptionGroup var global: GlobalOptions
            @Option(help: "Only records about this subject.") var subject: String?
            @Option(help: "Only records of this kind.") var kind: String?
            @Option(help: "Only records observed at or before this instant (RFC 3339).") var at: String?
            @Option(name: .customLong("known-at"), help: "Only records logged (entered the signed log) at or before this instant.")
            var knownAt: String?
            @Option(help: "json (one record per line) or text (a table; for a domain: subject without --kind, its issuance decision log).")
            var format: Format = .json

            func validate() throws {
                _ = try parseInstant(at, option: "--at")
                _ = try parseInstant(knownAt, option: "--known-at")
            }

            func run() throws {
                let pipeline = try global.pipeline()
                let query = RecordQuery(
                    subject: subject, kind: kind, observedAtOrBefore: try parseInstant(at, option: "--at"),
                    loggedAtOrBefore: try parseInstant(knownAt, option: "--known-at"))
                if format == .text, let subject, subject.hasPrefix("domain:"), kind == nil {
                    Console.output(try pipeline.decisionLog(subject: subject, query).lines.map { $0 + "\n" }.joined())
                    return
                }
                let records = try pipeline.evidence(query)
                switch format {
                case .json: Console.output(Reports.recordLines(records))
                case .text: Console.output(Reports.recordTable(records))
                }
            }
        }
    }

    struct Index: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Maintain the SQLite index.", subcommands: [Rebuild.self])

        struct Rebuild: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Recreate the index from the git store alone.")

            @OptionGroup var global: GlobalOptions

            func run() throws {
                let count = try global.pipeline().rebuildIndex()
                Console.info("index rebuilt: \(count) record\(count == 1 ? "" : "s")", quiet: global.quiet)
            }
        }
    }
}
