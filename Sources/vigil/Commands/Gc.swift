import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Gc: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pack the evidence store: roll its objects into one pack and remove what the pack now holds.",
            discussion: """
                Every collect writes one pack; when the store's git config gc.autoPackLimit (default 50) or \
                gc.auto (default 6700 loose objects) is exceeded, collect packs by itself. Nothing is deleted \
                before the new pack is on disk and holds it.
                """)
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only pack when gc.auto / gc.autoPackLimit call for it, and then only the small packs.")
        var auto = false

        func run() throws {
            guard let summary = try global.pipeline().packStore(auto: auto) else {
                Console.info("nothing to pack", quiet: global.quiet)
                return
            }
            Console.info(summary, quiet: global.quiet)
        }
    }
}
