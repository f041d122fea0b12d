import ArgumentParser
import Foundation
import VigilKit

/// Many hosts, one log (issue 17): collectors push their branches, the sequencer pulls, verifies,
/// logs and signs them.
extension Vigil {
    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send this workspace's branch to a git remote: a collector's collect/NAME, or the central signed log.",
            discussion: "Credentials come from the ssh agent (ssh) or git's credential helpers (http/https); Vigil stores none.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A URL (ssh://, https://, git://, a path) or a remote of the store (default: 'remote:' in vigil.yaml).")
        var remote: String?

        func run() throws {
            let pipeline = try global.pipeline()
            let remote = try pipeline.remote(remote)
            let branch = try pipeline.push(to: remote)
            Console.info("pushed \(branch) to \(remote)", quiet: global.quiet)
        }
    }

    struct Pull: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch every collector branch (collect/*) of a git remote into the central workspace, for 'vigil sequence'.")

        @OptionGroup var global: GlobalOptions

        @Argument(help: "A URL or a remote of the store (default: 'remote:' in vigil.yaml).")
        var remote: String?

        func run() throws {
            let pipeline = try global.pipeline()
            let remote = try pipeline.remote(remote)
            let branches = try pipeline.pull(from: remote)
            Console.info("fetched \(branches.count) collector branch\(branches.count == 1 ? "" : "es") from \(remote)", quiet: global.quiet)
        }
    }

    struct Sequence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify, log and sign the fetched collectors' records not yet in the log, as one commit.",
            discussion: """
                Records are taken by branch name, then commit (oldest first), then path; each is stored once. A rejected \
                record is named with its branch and commit (exit 2); a branch rewritten after it was sequenced is named \
                and left out (exit 3).
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: "Fetch the collector branches of this remote first (as 'vigil pull').")
        var pull: String?

        @Option(help: "Push the signed log to this remote afterwards (as 'vigil push').")
        var push: String?

        func run() throws {
            let pipeline = try global.pipeline()
            if let pull { _ = try pipeline.pull(from: pull) }
            let report = try pipeline.sequence()
            if report.isIdle {
                Console.info("nothing to sequence", quiet: false)
                return
            }
            for branch in report.branches {
                Console.info(
                    "collect/\(branch.name): \(branch.sequenced) sequenced, \(branch.duplicates) duplicate\(branch.duplicates == 1 ? "" : "s"), \(branch.rejected) rejected",
                    quiet: global.quiet)
            }
            let total = report.branches.reduce(0) { $0 + $1.sequenced }
            Console.info(
                "\(total) record\(total == 1 ? "" : "s") sequenced; " + (report.commit.map { "commit \($0.id.hex.prefix(12))" } ?? "nothing new to commit"),
                quiet: global.quiet)
            for line in report.rejected { Console.error("rejected \(line)") }
            for name in report.rewritten {
                Console.error(
                    "verification failed: collector branch collect/\(name) was rewritten after it was sequenced (its tip does not descend from the commit sequenced last); its new records were not sequenced"
                )
            }
            if let push { try pipeline.push(to: push) }
            if !report.rewritten.isEmpty { throw ExitCode(3) }
            if !report.rejected.isEmpty { throw ExitCode(2) }
        }
    }
}
