import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace: the git store, the index and the keys folder.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let pipeline = try global.pipeline()
            let created = try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
            Console.info(created ? "initialized workspace \(pipeline.workspace.home.path)"
                                 : "workspace \(pipeline.workspace.home.path) already exists", quiet: global.quiet)
        }
    }
}
