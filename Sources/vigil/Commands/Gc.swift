import ArgumentParser
import EvidenceStore
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
            guard let result = try global.pipeline().packStore(auto: auto) else {
                Console.info("nothing to pack", quiet: global.quiet)
                return
            }
            Console.info(Self.summary(result), quiet: global.quiet)
        }

        static func summary(_ result: PackingResult) -> String {
            func describe(_ storage: ObjectStorage) -> String {
                let megabytes = String(format: "%.1f MB", Double(storage.bytes) / 1_048_576)
                return "\(storage.packs) pack\(storage.packs == 1 ? "" : "s"), \(storage.looseObjects) loose, \(megabytes)"
            }
            var lines = ["packed: \(describe(result.before)) -> \(describe(result.after))"]
            if !result.leftoversRemoved.isEmpty { lines.append("removed \(result.leftoversRemoved.count) leftover file(s) of an interrupted write") }
            return lines.joined(separator: "\n")
        }
    }
}
