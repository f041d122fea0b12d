import ArgumentParser
import Foundation
import VigilKit

/// `--witness VKEY… --witnesses-required N`: a split view then needs N witnesses to collude.
struct WitnessPolicyOptions: ParsableArguments {
    @Option(help: "A witness's verifier key (cosignature/v1; a string or a file of them; repeatable).")
    var witness: [String] = []
    @Option(
        name: .customLong("witnesses-required"), parsing: .unconditional,
        help: "How many distinct --witness keys must have cosigned the checkpoint (default 1).")
    var witnessesRequired: Int?

    func validate() throws {
        if let witnessesRequired { try requireAtLeast(1, witnessesRequired, option: "--witnesses-required") }
    }

    func quorum() throws(VigilError) -> WitnessQuorum? { try Pipeline.witnessQuorum(witness, required: witnessesRequired) }
}

extension Vigil {
    /// The auditor's witness (c2sp.org/tlog-witness), exchanging files instead of HTTP.
    struct Witness: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cosign a log's checkpoints after checking it only grew (C2SP tlog-witness, cosignature/v1).",
            subcommands: [Keygen.self, AddCheckpoint.self])

        struct Keygen: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Make a witness key: DIR/witness.key (mode 0600) and DIR/witness.vkey; prints the verifier key.")
            @Option(help: "The witness's name, written on its cosignature lines (e.g. witness.example.org).") var name: String
            @Option(help: "The folder for the key files.") var out: String

            func run() throws {
                Console.output(try WitnessOperations.generateKey(name: name, in: URL(fileURLWithPath: out)) + "\n")
            }
        }

        struct AddCheckpoint: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-checkpoint",
                abstract: "Answer an add-checkpoint request (from 'vigil log witness-request'): print the cosignature line.",
                discussion: """
                    Exit 0 with the cosignature on stdout; on an old size other than the one this witness knows (HTTP 409) \
                    prints that size on stdout and exits 2; a fork, a bad proof or a bad signature exits 3 and changes nothing.
                    """)
            @Option(help: "The witness key file (from 'vigil witness keygen').") var key: String
            @Option(help: "The folder remembering, per log origin, the last checkpoint cosigned.") var state: String
            @Option(name: .customLong("origin-key"), help: "A log's verifier key this witness follows (string or file; repeatable).")
            var originKey: [String] = []
            @Option(help: "The cosignature time (RFC 3339; default: now).") var time: String?
            @Argument(help: "The request body file, or - for stdin.") var request: String = "-"

            func validate() throws { _ = try parseInstant(time, option: "--time") }

            func run() throws {
                let body = request == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try readFile(request)
                let now = try parseInstant(time, option: "--time") ?? Date()
                let answer = try WitnessOperations.addCheckpoint(
                    body, name: request == "-" ? "stdin" : request, keyFile: URL(fileURLWithPath: key),
                    state: URL(fileURLWithPath: state), originKeys: originKey, at: now)
                switch answer {
                case .cosigned(let lines): Console.output(lines)
                case let .conflict(size, message):
                    Console.output("\(size)\n")
                    Console.error(message)
                    throw ExitCode(2)
                }
            }
        }
    }
}

extension Vigil.Log {
    struct WitnessRequest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "witness-request",
            abstract: "Print the C2SP add-checkpoint body for a witness: old size, consistency proof, current checkpoint.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The checkpoint the witness cosigned last (a file).") var old: String?
        @Option(
            name: .customLong("old-size"), parsing: .unconditional,
            help: "Or the size the witness knows (0 for a new witness; a 409 answer prints it).")
        var oldSize: Int?

        func validate() throws {
            guard (old == nil) != (oldSize == nil) else { throw ValidationError("give exactly one of --old CHECKPOINT-FILE and --old-size N") }
            if let oldSize { try requireAtLeast(0, oldSize, option: "--old-size") }
        }

        func run() throws {
            let pipeline = try global.pipeline()
            let size: Int
            switch (old, oldSize) {
            case let (path?, nil): size = try pipeline.checkpointSize(try readFile(path), name: path)
            case let (nil, value?): size = value
            default: preconditionFailure("validate() lets exactly one of --old and --old-size through")
            }
            Console.output(try pipeline.witnessRequest(oldSize: size))
        }
    }

    struct Cosign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add witnesses' cosignature lines to the current checkpoint ('vigil log checkpoint' and 'publish' then carry them).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A file of cosignature lines (from 'vigil witness add-checkpoint'), or - for stdin.") var add: String
        @Option(help: "The witness keys the lines must verify with (strings or files; repeatable).") var witness: [String] = []

        func run() throws {
            let lines = add == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try readFile(add)
            let note = try global.pipeline().addCosignatures(lines, name: add == "-" ? "stdin" : add, witnesses: witness)
            Console.info("the checkpoint now carries \(note.signatures.count) signature lines", quiet: global.isQuiet)
        }
    }
}
