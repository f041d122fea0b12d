import ArgumentParser
import Foundation
import VigilKit

extension Vigil {
    struct Keys: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The log's signing keys (kept in the workspace's keys/, never in the store).",
            subcommands: [Generate.self, Rotate.self, Retire.self, List.self, Public.self])

        struct Generate: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create the signing key (init does this), or the ML-DSA-65 key.")
            @OptionGroup var global: GlobalOptions
            @Flag(help: "Add an ML-DSA-65 key that co-signs bundles (checkpoints stay Ed25519).") var postQuantum = false

            func run() throws {
                let pipeline = try global.pipeline()
                let ring = try pipeline.workspace.existingKeyRing()
                if postQuantum {
                    let key = try ring.generatePostQuantum()
                    Console.info("generated ML-DSA-65 key \(key.fingerprint)", quiet: global.quiet)
                    return
                }
                guard try ring.signers().isEmpty else {
                    throw VigilError.usage("the workspace already has a signing key; use 'vigil keys rotate' to add another")
                }
                let key = try ring.generate(name: pipeline.origin)
                Console.output(key.verifierKey.vkey + "\n")
            }
        }

        struct Rotate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add a new signing key; checkpoints carry both signatures until the old key is retired.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let pipeline = try global.pipeline()
                let ring = try pipeline.workspace.existingKeyRing()
                let key = try ring.generate(name: try pipeline.workspace.signing().origin)
                Console.output(key.verifierKey.vkey + "\n")
                Console.info(
                    "new key \(String(format: "%08x", key.keyID)) signs from the next checkpoint on; retire the old one with 'vigil keys retire'",
                    quiet: global.isQuiet)
            }
        }

        struct Retire: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Stop signing with a key (its public half still verifies old checkpoints).")
            @OptionGroup var global: GlobalOptions
            @Argument(help: "The key id (8 hex digits, see 'vigil keys list').") var keyID: String

            func run() throws { try global.pipeline().workspace.existingKeyRing().retire(keyID: keyID) }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Every key: status, id, type, name.")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let ring = try global.pipeline().workspace.existingKeyRing()
                var out = ""
                for entry in try ring.entries() {
                    out += "\(entry.isActive ? "active " : "retired") \(String(format: "%08x", entry.verifier.keyID))  ed25519   \(entry.verifier.name)\n"
                }
                if let pq = ring.postQuantumKey { out += "active  \(pq.fingerprint)  ml-dsa-65 (co-signs bundles)\n" }
                Console.output(out)
            }
        }

        struct Public: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the C2SP verifier keys, one per line (active, then retired).")
            @OptionGroup var global: GlobalOptions

            func run() throws {
                let entries = try global.pipeline().workspace.existingKeyRing().entries()
                Console.output(entries.map { $0.verifier.vkey + "\n" }.joined())
            }
        }
    }
}
