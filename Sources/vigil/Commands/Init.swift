import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace: the git store, the index and the keys folder.")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Make a collector's workspace named NAME: no signing key; collect writes to the branch collect/NAME for 'vigil push'.")
        var collector: String?

        func run() throws {
            let pipeline = try global.pipeline()
            let created = try collector.map { name throws(VigilError) in try pipeline.workspace.createCollector(name: name) }
                ?? pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
            Console.info(created ? "initialized workspace \(pipeline.workspace.home.path)"
                                 : "workspace \(pipeline.workspace.home.path) already exists", quiet: false)
        }
    }
}
