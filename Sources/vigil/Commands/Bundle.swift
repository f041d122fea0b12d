import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Bundle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Signed evidence bundles an auditor verifies offline.", subcommands: [Export.self, Verify.self])

        struct Export: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write one zip: records, raw inputs, proofs, the checkpoint, the JSON report and a signed in-toto manifest.",
                discussion: """
                    Examples:
                      vigil bundle export --output q4.zip --control KM-01 --since 2026-10-01T00:00:00Z
                      vigil bundle verify q4.zip --trust log.vkey      # on the auditor's machine
                    """)
            @OptionGroup var global: GlobalOptions
            @Option(help: "The bundle file to write.") var output: String
            @Option(help: "Include the records behind this control's results (repeatable; default: every control).")
            var control: [String] = []
            @Option(help: "Include every record about this subject (repeatable).") var subject: [String] = []
            @Option(help: "An earlier checkpoint file: the bundle also proves the log only grew since.") var since: String?
            @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).") var controls: String?

            func run() throws {
                let pipeline = try global.pipeline()
                let selection = BundleSelection(controls: control, subjects: subject, since: try since.map { path throws(VigilError) in try readFile(path) })
                let (records, bytes) = try pipeline.exportBundle(
                    selection, controlsDirectory: try global.controlsFolder(controls), to: URL(fileURLWithPath: output), named: output)
                Console.info("wrote \(output): \(records) records, \(bytes) bytes", quiet: global.isQuiet)
            }
        }

        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check every signature, digest and proof of a bundle with nothing but the bundle and the key (exit 3 names the first failure).")
            @Option(help: "Trusted verifier keys (strings or files).") var trust: [String] = []
            @Option(name: .customLong("trust-pq"), help: "The ML-DSA-65 public key (base64, or a file) to check the post-quantum signature.")
            var trustPQ: String?
            @Option(help: "After verifying, write the bundle's files into this folder (never outside it).") var extract: String?
            @OptionGroup var witnesses: WitnessPolicyOptions
            @Argument(help: "The bundle file.") var file: String
            @Flag(help: "Print nothing but errors.") var quiet = false

            func run() throws {
                let showsProgress = !quiet && Console.stderrIsTerminal
                let result = try Pipeline.verifyBundle(
                    try readFile(file), name: file, readFrom: URL(fileURLWithPath: file), trust: trust, postQuantumKey: trustPQ,
                    extractTo: extract.map { URL(fileURLWithPath: $0) }, quorum: try witnesses.quorum(),
                    progress: { if showsProgress { ProgressBar.shared.show($0) } })
                var lines = [
                    "\(file): verified \(result.records) records and \(result.rawInputs) raw inputs against \(result.checkpoint.origin) at size \(result.checkpoint.size)"
                ]
                lines += result.signatures.map { "  \($0)" }
                if let since = result.since { lines.append("  consistent with the earlier checkpoint at size \(since.size)") }
                Console.info(lines.joined(separator: "\n"), quiet: quiet)
            }
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pick N subjects of a control's population from a signed checkpoint's root hash, reproducibly.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The signed checkpoint that seeds the sample.") var checkpoint: String
        @Option(help: "The control whose population is sampled.") var control: String
        @Option(parsing: .unconditional, help: "How many to pick (at least 1).") var count: Int
        @Option(help: "The population as of this instant (RFC 3339; default: now).") var at: String?
        @Option(help: "The controls folder (default: vigil.yaml's 'controls', then Controls/).") var controls: String?

        func validate() throws {
            _ = try parseInstant(at, option: "--at")
            try requireAtLeast(1, count, option: "--count")
        }

        func run() throws {
            let pipeline = try global.pipeline()
            let result = try pipeline.sample(
                checkpoint: try readFile(checkpoint), name: checkpoint, control: control, count: count,
                at: try parseInstant(at, option: "--at") ?? pipeline.now,
                controlsDirectory: try global.controlsFolder(controls))
            Console.output(result.sample.map { $0 + "\n" }.joined())
            Console.info(
                "\(result.sample.count) of \(result.population) subjects of \(control), seeded by \(result.checkpoint.origin) at size \(result.checkpoint.size)",
                quiet: global.isQuiet)
        }
    }
}
