import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Controls: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List and lint the control library.",
            discussion: "A control's check: is one of these types.\n\n" + HelpText.checkTypes + """


                Examples:
                  vigil controls list
                  vigil controls lint Controls
                  vigil controls coverage --framework nis2
                """,
            subcommands: [List.self, Lint.self, Coverage.self])

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The controls: id, severity, check, title.")

            @OptionGroup var global: GlobalOptions
            @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).") var controls: String?

            func run() throws {
                let library = try ControlLibrary.load(from: try global.controlsFolder(controls), limits: try global.configuration().limits)
                Console.output(Reports.controlTable(library))
                for issue in library.issues { Console.error(issue.description) }
                if !library.issues.isEmpty { throw ExitCode(2) }
            }
        }

        struct Lint: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Validate control files: every error with file, control id and field (exit 2 if any).")

            @OptionGroup var global: GlobalOptions
            @Argument(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).") var directory: String?

            func run() throws {
                let folder = try global.controlsFolder(directory)
                let library = try ControlLibrary.load(from: folder, limits: try global.configuration().limits)
                for issue in library.issues { Console.output(issue.description + "\n") }
                let warnings = library.frameworkWarnings.map { "warning: \($0)" } + warningLines(library)
                for warning in warnings { Console.output(warning + "\n") }
                if !library.issues.isEmpty {
                    Console.error("\(library.issues.count) problem\(library.issues.count == 1 ? "" : "s") in \(folder.path)")
                    throw ExitCode(2)
                }
                let warned = warnings.isEmpty ? "" : " (\(warnings.count) warning\(warnings.count == 1 ? "" : "s"))"
                Console.info("\(library.controls.count) controls OK\(warned)", quiet: global.quiet)
            }

            /// Fields no stored record has, as lines. Warnings need evidence, which only a workspace has:
            /// lint works without one, and goes on without them when the workspace cannot be read.
            private func warningLines(_ library: ControlLibrary) -> [String] {
                do {
                    let pipeline = try global.pipeline()
                    let context = pipeline.configuration.checkContext
                    return try library.fieldWarnings(in: pipeline.workspace, context: context).map { "warning: \($0)" }
                } catch {
                    Console.error("warning: fields not compared with stored evidence: \(error)")
                    return []
                }
            }
        }
    }
}
