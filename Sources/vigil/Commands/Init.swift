import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a workspace (the git store, the index, the keys folder), a commented vigil.yaml and starter controls.",
            discussion: """
                vigil.yaml (in the current folder) and the controls folder are written only when absent.

                Examples:
                  vigil init
                  vigil init --home /var/lib/vigil --controls none
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "starter: the shipped controls as a starter library in the controls folder; none: no controls.")
        var controls: StarterLibrary.Controls = .starter

        @Option(help: "Make a collector's workspace named NAME: no signing key; collect writes to the branch collect/NAME for 'vigil push'.")
        var collector: String?

        @Option(
            help: """
                folders: a folder per subject (store format 2, the default); batches: each commit's records in one batch                 (format 3, fewer git objects; new, and not yet reached by 'vigil upgrade').
                """)
        var storeLayout: Workspace.StoreKind = .folders

        func run() throws {
            let pipeline = try global.pipeline()
            let created =
                try collector.map { name throws(VigilError) in try pipeline.workspace.createCollector(name: name) }
                ?? pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin, layout: storeLayout)
            Console.info(
                created
                    ? "initialized workspace \(pipeline.workspace.home.path)"
                    : "workspace \(pipeline.workspace.home.path) already exists", quiet: global.quiet)
            // A collector host checks nothing: it gets the configuration for its sources, no controls.
            let written = try StarterLibrary.write(
                configurationAt: global.config == nil ? global.currentDirectory.appendingPathComponent("vigil.yaml") : nil,
                controlsFolder: try global.controlsFolder(nil), controls: collector == nil ? controls : .none)
            guard created || !written.isEmpty else { return }
            var lines = written.map { "wrote \($0)" }
            lines +=
                collector == nil
                ? [
                    "next:", "  vigil collect fwupd web-01.devices.json --subject host:web-01   # or list sources in vigil.yaml, then: vigil collect",
                    "  vigil check", "  vigil tui",
                ]
                : ["next:", "  vigil collect   # the sources of vigil.yaml, onto the branch collect/\(collector ?? "")", "  vigil push REMOTE"]
            Console.info(lines.joined(separator: "\n"), quiet: global.quiet)
        }
    }
}

extension StarterLibrary.Controls: ExpressibleByArgument {}

extension Workspace.StoreKind: ExpressibleByArgument {}
