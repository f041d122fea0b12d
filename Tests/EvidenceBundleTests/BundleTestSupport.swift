import Crypto
import EvidenceModel
import Foundation
import MerkleLog

@testable import EvidenceBundle

/// A small signed log of records built in memory, and a bundle over it.
struct SampleBundle {
    let key: NoteSignerKey
    let records: [EvidenceRecord]
    var contents: BundleContents

    static let createdAt = Date(timeIntervalSince1970: 1_795_132_800)

    init(recordCount: Int = 3, since: Bool = false) throws {
        key = try NoteSignerKey.generate(name: "bundle.test/log")
        let raw = Data("{\"Devices\":[]}".utf8)
        records = (0..<recordCount).map { i in
            EvidenceRecord(
                kind: "firmware.device", subject: "host:h\(i % 2)", observedAt: Self.createdAt, collector: "fwupd", origin: .observed,
                source: EvidenceSource(name: "h.json", sha256: SHA256Hex.of(raw)), data: ["DeviceId": .string("d\(i)")])
        }
        // The two-level log: one subject tree per host, one head per host in the root log.
        var heads: [Data] = []
        var subjectLeaves: [String: [Data]] = [:]
        for record in records { subjectLeaves[record.subject, default: []].append(MerkleHash.leaf(record.canonicalData)) }
        let subjects = subjectLeaves.keys.sorted()
        for subject in subjects {
            let leaves = subjectLeaves[subject] ?? []
            heads.append(SubjectHead(subject: subject, size: leaves.count, root: MerkleTree.root(leafHashes: leaves)).leafBytes)
        }
        let rootTree = try MerkleTree(leafHashes: heads.map(MerkleHash.leaf))
        let checkpoint = try key.sign(try Checkpoint(origin: "bundle.test/log", size: rootTree.size, rootHash: rootTree.root).body)
        var items: [BundleContents.Item] = []
        for record in records {
            let leaves = subjectLeaves[record.subject] ?? []
            let index = leaves.firstIndex(of: MerkleHash.leaf(record.canonicalData)) ?? 0
            let subjectProof = try InclusionProof.make(index: index, leafHashes: leaves)
            let headIndex = subjects.firstIndex(of: record.subject) ?? 0
            let rootProof = TlogProof(index: headIndex, hashes: try rootTree.inclusionProof(index: headIndex).hashes, checkpoint: checkpoint)
            items.append(.init(record: record, proof: RecordProof(subject: record.subject, subjectProof: subjectProof, rootProof: rootProof)))
        }
        var sinceValue: (checkpoint: Note, consistency: CheckpointConsistency)?
        if since {
            let older = try key.sign(try Checkpoint(origin: "bundle.test/log", size: 1, rootHash: try rootTree.root(atSize: 1)).body)
            sinceValue = (older, CheckpointConsistency(proof: try rootTree.consistencyProof(from: 1), checkpoint: checkpoint))
        }
        contents = BundleContents(
            checkpoint: checkpoint, items: items, rawInputs: [SHA256Hex.of(raw): raw], report: Data("{\"vigil_report\":1}\n".utf8),
            since: sinceValue, selection: ["controls": [], "subjects": []], createdAt: Self.createdAt)
    }

    func write(postQuantum: MLDSA65.PrivateKey? = nil) throws -> Data {
        try BundleWriter.write(contents, signers: BundleSigners(ed25519: [key], mldsa65: postQuantum))
    }

    /// The bundle written through `files`: its records added last first (the writer orders them),
    /// then its raw inputs and report.
    func write(through files: BundleFiles, sizeLimit: Int = BundleVerifier.maximumSize) throws -> Data {
        for item in contents.items.reversed() {
            try files.add(BundleLayout.record(item.id), item.canonicalData)
            try files.add(BundleLayout.proof(item.id), item.proofText)
        }
        for (sha, raw) in contents.rawInputs { try files.add(BundleLayout.raw(sha), raw) }
        try files.add(BundleLayout.report, contents.report)
        var bundle = Data()
        try BundleWriter.write(
            files, records: contents.items.count, checkpoint: contents.checkpoint, since: contents.since, selection: contents.selection,
            createdAt: contents.createdAt, signers: BundleSigners(ed25519: [key], mldsa65: nil), sizeLimit: sizeLimit
        ) { bundle.append($0) }
        return bundle
    }
}

extension BundleFiles {
    /// The bytes of the file `name`, as added, whole.
    func content(of name: String) throws -> Data {
        var content = Data()
        try read(name) { content.append($0) }
        return content
    }
}

extension StoredZip {
    /// A file of `content`, whole.
    mutating func add(_ name: String, _ content: Data, permissions: UInt16) throws {
        try begin(name, count: content.count, checksum: Self.crc32(content), permissions: permissions)
        append(content)
    }
}
