import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Upgrade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild a workspace written by an earlier Vigil in the current store format, or as a store of batches.",
            discussion: """
                Store format 2 signs a logged time into every root-log leaf. Upgrading replays every commit of \
                the old store, in order, with the commit's time as logged time, and signs a checkpoint per \
                commit with the workspace's keys. The old store is kept as store.v1 (or store.v2) beside the \
                new one: checkpoints published before the upgrade verify against it, not against the new log.

                With --store-layout batches, a store of folders (format 1 or 2) is rebuilt as a store of \
                batches (format 3), its logged times kept.

                Examples:
                  vigil upgrade
                  vigil upgrade --store-layout batches
                """)
        @OptionGroup var global: GlobalOptions

        @Option(help: "batches: rebuild the store as one of batches (format 3); folders: the current format of folders.")
        var storeLayout: Workspace.StoreKind?

        func run() throws {
            let report = try global.pipeline().upgradeStore(to: storeLayout)
            Console.info(
                "upgraded: \(report.commits) commit\(report.commits == 1 ? "" : "s"), \(report.records) records replayed "
                    + "with logged times; the old store is kept at \(report.keptAt.path)",
                quiet: global.quiet)
        }
    }
}
