import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The tamper-evident log: checkpoints, verification and proofs.",
            subcommands: [
                CheckpointCommand.self, Verify.self, VerifySubject.self, Prove.self, Consistency.self, VerifyNote.self,
                VerifyProof.self, WitnessRequest.self, Cosign.self,
            ])

        struct CheckpointCommand: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Print the latest signed checkpoint, exactly.")
            @OptionGroup var global: GlobalOptions

            func run() throws { Console.output(try global.pipeline().latestCheckpoint()) }
        }

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Recompute every subject tree and the root log, check every checkpoint (exit 3 on tampering).",
                discussion: """
                    With --from, follow a published log instead (a folder or an http(s):// URL, no workspace needed);                     with --state, also prove it only grew since the checkpoint verified last time (exit 3 on a fork or rollback).
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(help: "Trust only these verifier keys (strings or files); default: this workspace's keys.")
            var trust: [String] = []
            @Option(help: "Verify a published copy of the log (from 'vigil publish'): a folder or an http(s):// URL; needs --trust.")
            var from: String?
            @Option(help: "With --from: a folder remembering, per log origin, the last checkpoint verified.")
            var state: String?
            @OptionGroup var witnesses: WitnessPolicyOptions

            func validate() throws {
                if state != nil && from == nil { throw ValidationError("--state needs --from (it remembers what a published log showed)") }
            }

            func run() throws {
                let quorum = try witnesses.quorum()
                if let from {
                    let report = try Pipeline.monitor(from: PublishedSource(from), trust: trust, state: state.map { URL(fileURLWithPath: $0) }, quorum: quorum)
                    Console.info(report.summary, quiet: global.quiet)
                    return
                }
                let pipeline = try global.pipeline()
                let result = try pipeline.verifyLog(trust: trust)
                var line =
                    "log verified: \(result.records) records of \(result.subjects) subjects, root log size \(result.rootSize), \(result.checkpoints) checkpoints"
                if let count = try pipeline.checkWitnesses(quorum) { line += "; cosigned by \(count) listed witness\(count == 1 ? "" : "es")" }
                Console.info(line, quiet: global.quiet)
            }
        }

        struct Prove: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print a record's proof: subject tree, then the root-level tlog-proof.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The record id (see 'vigil evidence list').") var recordID: String

            func run() throws { Console.output(try global.pipeline().prove(recordID: recordID)) }
        }

        struct Consistency: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Prove and check that the current checkpoint extends an older one.")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "A checkpoint saved earlier (e.g. from 'vigil log checkpoint').") var oldCheckpoint: String

            func run() throws {
                switch try global.pipeline().consistency(oldCheckpoint: try readFile(oldCheckpoint), name: oldCheckpoint) {
                case .proof(let text): Console.output(text)
                case .emptyPrefix(let sentence): Console.info(sentence, quiet: global.quiet)
                }
            }
        }

        struct VerifyNote: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "verify-note", abstract: "Verify any C2SP signed note offline (exit 0 or 3).")
            @Option(help: "Trusted verifier keys (strings or files).") var trust: [String] = []
            @Argument(help: "The note file.") var file: String
            @Flag(help: "Print nothing but errors.") var quiet = false

            func run() throws {
                let signers = try Pipeline.verifyNote(try readFile(file), name: file, trust: trust)
                Console.info("\(file): signed by \(signers.joined(separator: ", "))", quiet: quiet)
            }
        }

        struct VerifyProof: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "verify-proof", abstract: "Verify a C2SP tlog-proof (or a Vigil record proof) for a leaf, offline.")
            @Option(help: "Trusted verifier keys (strings or files).") var trust: [String] = []
            @Option(help: "The leaf's bytes (for a record proof: the record's canonical JSON).") var leaf: String
            @Argument(help: "The proof file.") var proof: String
            @Flag(help: "Print nothing but errors.") var quiet = false

            func run() throws {
                let message = try Pipeline.verifyProof(try readFile(proof), name: proof, leaf: try readFile(leaf), trust: trust)
                Console.info(message, quiet: quiet)
            }
        }
    }
}

/// A file's bytes, or a usage error naming it.
func readFile(_ path: String) throws(VigilError) -> Data {
    do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw .usage("cannot read \(path): \(FileProblem(error, path: path))") }
}

extension Vigil {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the root log as static C2SP tiles (checkpoint, tile/…) to a folder any web server can serve.",
            discussion: """
                Examples:
                  vigil publish --to /srv/www/vigil
                  vigil publish --to /srv/www/vigil --subjects domain:   # and each domain's own log
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The folder to write to.") var to: String
        @Option(
            name: .customLong("subjects"),
            help: "Also write the log of every subject starting with this prefix (e.g. 'domain:'; repeatable) under subjects/<sha256(subject)>/.")
        var subjectPrefixes: [String] = []

        func run() throws {
            let summary = try global.pipeline().publish(to: URL(fileURLWithPath: to), subjectPrefixes: subjectPrefixes)
            Console.info("published to \(to): \(summary.written) new or changed files, \(summary.unchanged) already there", quiet: global.quiet)
        }
    }
}
