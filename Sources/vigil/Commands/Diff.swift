import ArgumentParser
import Foundation
import VigilKit

extension SummaryFormat: ExpressibleByArgument {}

extension Vigil {
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two instants or checkpoints; exit 1 when anything regressed.",
            discussion: """
                Each side is an RFC 3339 instant or a checkpoint of the signed log, named by its size.
                Each is checked with only the evidence logged by then, and the output names the newest
                checkpoint at or before it, so the comparison can be redone from the log. Regressions:
                a result passing (or absent) before and failing, missing, stale or in error now, or
                failing worse; a flagged scope gap opened; a risk acceptance gone stale or expired.

                Examples:
                  vigil diff --from 2026-11-22T00:00:00Z --to 2026-11-29T00:00:00Z
                  vigil diff --from 120 --format json --output diff.json
                  vigil diff --from 2026-11-22T12:00:00Z --to 2026-11-29T12:00:00Z --all-logged --control FW-04
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("The earlier side: an instant (RFC 3339) or a checkpoint's size.", valueName: "T|SIZE"))
        var from: String

        @Option(help: ArgumentHelp("The later side (default: now).", valueName: "T|SIZE"))
        var to: String?

        @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).")
        var controls: String?

        @Flag(
            name: .customLong("all-logged"),
            help: "Judge both sides with every record logged so far (backfilled evidence included); both name HEAD's checkpoint.")
        var allLogged = false

        @Option(name: .customLong("control"), help: ArgumentHelp("Compare only this control (repeat for more).", valueName: "ID"))
        var only: [String] = []

        @Option(help: "Output format: \(SummaryFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: SummaryFormat = .text

        @Option(help: "Write the diff to this file instead of standard output.")
        var output: String?

        func run() throws {
            let pipeline = try global.pipeline()
            let folder = try global.controlsFolder(controls)
            let start = try Self.point(from, option: "--from")
            let end = try to.map { text throws(VigilError) in try Self.point(text, option: "--to") } ?? .instant(pipeline.now)
            let diff = try pipeline.diff(from: start, to: end, controlsDirectory: folder, allLogged: allLogged, only: Set(only))
            let useColor = output == nil && format == .text && Console.stdoutWantsColor
            let bytes = Reports.diff(diff, as: format, useColor: useColor)
            try Console.emit(bytes, to: output)
            if diff.regressions > 0 { throw ExitCode(1) }
        }

        /// A checkpoint's size (digits only), else an instant.
        static func point(_ text: String, option: String) throws(VigilError) -> DiffPoint {
            if !text.isEmpty, text.allSatisfy(\.isASCII), let size = Int(text), size >= 0 { return .checkpoint(size: size) }
            guard let instant = Timestamp.parse(text) else {
                throw .usage(
                    "\(option): '\(text)' is neither a checkpoint's size nor an RFC 3339 timestamp (e.g. 2026-11-29T00:00:00Z)")
            }
            return .instant(instant)
        }
    }
}
