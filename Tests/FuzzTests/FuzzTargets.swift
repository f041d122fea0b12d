import Collectors
import ControlEngine
import EvidenceModel
import Foundation
import MerkleLog

@testable import EvidenceStore
@testable import VigilKit

/// One parser fed by the fuzzer: it must return for every input, and a refusal must say something.
struct FuzzTarget: Sendable {
    let name: String
    /// Nil when the input was accepted; otherwise the message a person would read.
    let run: @Sendable (Data) -> String?
}

/// Every parser of untrusted bytes: the strict JSON reader (whole, and a stored record's header), each collector (through the one gate
/// the store sees, ``CollectParsing``), control YAML, `vigil.yaml`, perspective catalogues, and
/// the Merkle log's text formats (signed notes, checkpoints, tlog-proofs, record and consistency
/// proofs, compact ranges, subject heads) and its binary tiles (entry bundles, hash tiles).
enum FuzzTargets {
    static let observedAt = Timestamp.parse("2026-11-20T06:00:00Z") ?? .distantPast
    static let configurationFile = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fuzz/vigil.yaml")

    static let all: [FuzzTarget] =
        [
            FuzzTarget(name: "json") { bytes in message { () throws(JSONParseError) in _ = try JSONValue.parse(bytes) } },
            // What an index rebuild reads a stored record with: its fields, its data checked but not built.
            FuzzTarget(name: "record-header") { bytes in
                message { () throws(EvidenceRecord.DecodingFailure) in _ = try RecordHeader(canonicalData: bytes) }
            },
            FuzzTarget(name: "control-yaml") { bytes in
                let issues = ControlLoader.lint(files: [("fuzz.yaml", String(decoding: bytes, as: UTF8.self))]).issues
                return issues.isEmpty ? nil : issues.map(\.description).joined(separator: "\n")
            },
            FuzzTarget(name: "vigil.yaml") { bytes in
                message { () throws(VigilError) in _ = try Configuration.parse(String(decoding: bytes, as: UTF8.self), file: configurationFile) }
            },
            FuzzTarget(name: "perspective-catalogue") { bytes in
                message { () throws(PerspectiveCatalogueError) in
                    _ = try PerspectiveCatalogueFile.parse(String(decoding: bytes, as: UTF8.self), file: "catalogue.yaml")
                }
            },
            FuzzTarget(name: "signed-note") { bytes in message { () throws(NoteError) in _ = try Note(parsing: bytes) } },
            FuzzTarget(name: "checkpoint") { bytes in
                message { () throws(CheckpointError) in _ = try Checkpoint(body: String(decoding: bytes, as: UTF8.self)) }
            },
            FuzzTarget(name: "tlog-proof") { bytes in
                message { () throws(TlogProofError) in _ = try TlogProof(text: String(decoding: bytes, as: UTF8.self)) }
            },
            FuzzTarget(name: "record-proof") { bytes in
                message { () throws(RecordProof.Failure) in _ = try RecordProof(text: String(decoding: bytes, as: UTF8.self)) }
            },
            FuzzTarget(name: "checkpoint-consistency") { bytes in
                message { () throws(ProofFileError) in _ = try CheckpointConsistency(text: String(decoding: bytes, as: UTF8.self)) }
            },
            FuzzTarget(name: "compact-range") { bytes in
                CompactRange(text: String(decoding: bytes, as: UTF8.self)) == nil ? "not a compact range" : nil
            },
            FuzzTarget(name: "subject-head") { bytes in SubjectHead(leafBytes: bytes) == nil ? "not a subject head" : nil },
            FuzzTarget(name: "tile entry-bundle") { bytes in
                message { () throws(StoreError) in _ = try EntryBundle.entries(bytes, path: "log/root/tile/entries/000") }
            },
            FuzzTarget(name: "tile hashes") { bytes in
                // The bytes as every tile of a 70,000-leaf log: each node either hashes or is refused, never a trap.
                var reader = TileHashReader(size: 70_000) { _ throws(StoreError) in bytes }
                return message { () throws(StoreError) in
                    for node in [
                        NodeID(begin: 0, end: 1), NodeID(begin: 255, end: 256), NodeID(begin: 0, end: 65_536),
                        NodeID(begin: 0, end: 70_000), NodeID(begin: 69_999, end: 70_000),
                    ] {
                        _ = try reader.hash(of: node)
                    }
                }
            },
        ]
        + CollectorRegistry.all.map { collector in
            FuzzTarget(name: "collect \(collector.name)") { bytes in
                let item = CollectItem(
                    collector: collector.name, name: "fuzz.in", origin: "fuzz.in", bytes: .success(bytes),
                    subject: "host:fuzz", observedAt: observedAt)
                var sink = GatheringSink(tally: CollectTally(now: observedAt, skew: 300))
                CollectParsing.parse([item], now: observedAt, into: &sink)
                return sink.tally.rejected.first
            }
        }

    /// Nil when `body` returns, the error's description when it throws.
    private static func message<E: Error & CustomStringConvertible>(_ body: () throws(E) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.description
        }
    }
}
