import Crypto
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

// Vigil's benchmarks (not tests): run `make bench` (release build). Each prints what it measured.
//
//   VigilBenchmarks [--records N] [--subjects N] [--runs N] [--leaves N] [--keep DIR]
//
// 1. Root-log tree building vs raw SHA-256 throughput, in the same process.
// 2. Proof generation and verification on an in-memory log of `--leaves` leaves.
// 3. Appending `--records` records across `--subjects` subjects to a real store in `--runs` commits,
//    then proofs read from its tiles.

struct Options {
    var records = 1_000_000
    var subjects = 10_000
    // Ten commits of 100k records: the default finishes in about half an hour on two cores. Every
    // commit rewrites each touched subject's entries and records tree, so `--runs 100` (one record per
    // subject per commit) writes ~7M objects and takes hours; automatic packing keeps its disk bounded.
    var runs = 10
    var leaves = 1_000_000
    var keep: String?

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            let value = iterator.next() ?? ""
            switch flag {
            case "--records": records = Int(value) ?? records
            case "--subjects": subjects = Int(value) ?? subjects
            case "--runs": runs = Int(value) ?? runs
            case "--leaves": leaves = Int(value) ?? leaves
            case "--keep": keep = value
            default: fatalError("unknown option \(flag)")
            }
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let clock = ContinuousClock()
    let elapsed = try clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func report(_ name: String, _ value: String) { print(name.padding(toLength: 52, withPad: " ", startingAt: 0) + value) }

if try benchmarkEvaluationOnly(CommandLine.arguments) { exit(0) }
let options = Options(CommandLine.arguments)
print("Vigil benchmarks — \(ProcessInfo.processInfo.processorCount) cores")

// 1. Tree building against raw hashing.
let leafHashes = (0..<options.leaves).map { MerkleHash.leaf(Data("leaf \($0)".utf8)) }
var block = Data(count: 65)
let hashes = options.leaves - 1  // a tree of n leaves hashes n - 1 interior nodes
let raw = seconds {
    for i in 0..<hashes {
        block[0] = UInt8(truncatingIfNeeded: i)
        _ = SHA256.hash(data: block)
    }
}
var tree = MerkleTree()
let build = try seconds { for hash in leafHashes { try tree.append(leafHash: hash) } }
let rawRate = Double(hashes) / raw
let treeRate = Double(hashes) / build
report("raw SHA-256 of 65-byte nodes", String(format: "%.2f M hashes/s", rawRate / 1e6))
report("MerkleTree append of \(options.leaves) leaves", String(format: "%.2f M node hashes/s (%.0f%% of raw)", treeRate / 1e6, 100 * treeRate / rawRate))
var compact = CompactRange()
let compactTime = try seconds { for hash in leafHashes { try compact.append(leafHash: hash) } }
report(
    "CompactRange append (the store's path)",
    String(format: "%.2f M node hashes/s (%.0f%% of raw)", Double(hashes) / compactTime / 1e6, 100 * Double(hashes) / compactTime / rawRate))

// 2. Proofs on the in-memory log.
let root = tree.root
let samples = 1_000
var proofs: [InclusionProof] = []
let generate = try seconds {
    for i in 0..<samples { proofs.append(try tree.inclusionProof(index: (i * 7919) % options.leaves)) }
}
let verify = try seconds {
    for proof in proofs { try proof.verify(leafHash: leafHashes[proof.index], root: root) }
}
report("inclusion proof generation (size \(options.leaves))", String(format: "%.1f µs per proof", generate / Double(samples) * 1e6))
report("inclusion proof verification", String(format: "%.1f µs per proof", verify / Double(samples) * 1e6))

// 3. The real store: records across subjects, one commit per run, then proofs from tiles.
let folder =
    options.keep.map { URL(fileURLWithPath: $0) }
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("vigil-bench-\(UUID().uuidString)")
defer { if options.keep == nil { try? FileManager.default.removeItem(at: folder) } }
let signing = LogSigning(origin: "bench.vigil.example/log", keys: [try NoteSignerKey.generate(name: "bench.vigil.example/log")])
let store = try EvidenceStore.create(at: folder.appendingPathComponent("store"), at: Date(timeIntervalSince1970: 1_795_000_000), signing: signing)
let perRun = max(1, options.records / options.runs)
var appended = 0
var sample: (id: String, subject: String)?
var packing = (seconds: 0.0, runs: 0)
let progressStart = ContinuousClock.now
let append = try seconds {
    for run in 0..<options.runs {
        let at = Date(timeIntervalSince1970: 1_795_000_000 + Double(run) * 3600)
        let records = (0..<perRun).map { i -> EvidenceRecord in
            let n = run * perRun + i
            return EvidenceRecord(
                kind: "firmware.device", subject: "host:h\(n % options.subjects)", observedAt: at, collector: "bench",
                origin: .observed, source: EvidenceSource(name: "bench.json", sha256: String(repeating: "0", count: 64)),
                data: ["DeviceId": .string("d\(n)"), "Version": "1.0", "Flags": ["updatable"]])
        }
        sample = sample ?? (records[0].id, records[0].subject)
        _ = try store.append(records: records, rawInputs: [], message: "run \(run)\n", at: at, signing: signing)
        appended += records.count
        // As `vigil collect` does after each commit: pack when the store's policy (gc.autoPackLimit) asks.
        packing.seconds += try seconds { if try store.packIfNeeded() != nil { packing.runs += 1 } }
        if (run + 1) % max(1, options.runs / 20) == 0 {
            let elapsed = ContinuousClock.now - progressStart
            FileHandle.standardError.write(Data("  … \(appended) records in \(elapsed.components.seconds) s, \(store.objectStorage().packs) packs\n".utf8))
        }
    }
}
guard let signed = try store.checkpoint() else { fatalError("the store has no checkpoint after appending") }
let checkpoint = try Checkpoint(signed)
report(
    "store append: \(appended) records, \(options.subjects) subjects",
    String(format: "%.1f s (%.0f records/s, %d commits)", append, Double(appended) / append, options.runs))
report("root log size after the runs", "\(checkpoint.size) leaves")
report("  of which automatic packing (gc.autoPackLimit)", String(format: "%.1f s in %d runs", packing.seconds, packing.runs))
reportStorage("store on disk after the runs", store)
let repack = try seconds { _ = try store.pack(all: true) }
report("vigil gc: repack everything into one pack", String(format: "%.1f s", repack))
reportStorage("store on disk after vigil gc", store)
if let sample {
    var proof: RecordProof?
    let fromTiles = try seconds { for _ in 0..<20 { proof = try store.recordProof(id: sample.id, subject: sample.subject) } }
    report("record proof from the store (subject + tiles)", String(format: "%.2f ms per proof", fromTiles / 20 * 1e3))
    let (nodes, _) = (try ProofPlan.inclusion(index: checkpoint.size / 2, size: checkpoint.size), 0)
    report("root-log proof length at that size", "\(nodes.count) hashes")
    _ = proof
}

// 4. Opening the TUI on that store, and its evaluation (TUIOpen.swift); run from the repository root.
try benchmarkTUIOpen(workspace: folder, store: store, controls: URL(fileURLWithPath: "Controls"))
try benchmarkEvaluation(workspace: folder, controls: URL(fileURLWithPath: "Controls"))
