import EvidenceModel
import Foundation
import MerkleLog
import Testing

@testable import EvidenceStore

/// The two-level log as the store writes it: subject trees, the root log in tiles, signed checkpoints.
struct LogTests {
    private func store(in dir: TemporaryDirectory) throws -> EvidenceStore {
        try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
    }

    private func records(subjects: Range<Int>, day: Int) -> [EvidenceRecord] {
        subjects.map { sampleRecord(subject: "host:h\($0)", version: "\(day)", at: "2026-11-\(day)T00:00:00Z") }
    }

    @Test func emptyStoreHasASignedCheckpointOfTheEmptyLog() throws {
        let dir = try TemporaryDirectory()
        let note = try #require(try store(in: dir).checkpoint())
        try note.verify(trusting: testSigning.keys.map(\.verifierKey))
        let checkpoint = try Checkpoint(note)
        #expect(checkpoint.size == 0)
        #expect(checkpoint.rootHash == MerkleHash.emptyRoot)
        #expect(checkpoint.origin == "test.example/log")
    }

    @Test func rootLogGetsOneHeadPerChangedSubjectAndMatchesARecomputedTree() throws {
        let dir = try TemporaryDirectory()
        let store = try store(in: dir)
        // 300 subjects, then 20 more records: the root log crosses a full 256-hash tile.
        _ = try store.append(records: records(subjects: 0..<300, day: 10), rawInputs: [], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        _ = try store.append(records: records(subjects: 290..<310, day: 11), rawInputs: [], message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        let checkpoint = try Checkpoint(#require(try store.checkpoint()))
        #expect(checkpoint.size == 320)
        let result = try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey))
        #expect(result.records == 320)
        #expect(result.subjects == 310)
        #expect(result.rootSize == 320)
        // Only the widest partial tile of each position is kept.
        let files = try runGit(["--git-dir", store.path.path, "ls-tree", "-r", "--name-only", "HEAD", "log/root/tile/"]).output
            .split(separator: "\n").map(String.init)
        #expect(files.contains("log/root/tile/0/000"))
        #expect(files.contains("log/root/tile/0/001.p/64"))
        #expect(files.contains("log/root/tile/1/000.p/1"))
        #expect(files.contains("log/root/tile/entries/000"))
        #expect(!files.contains("log/root/tile/0/001.p/44"))
        let fsck = try runGit(["--git-dir", store.path.path, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    @Test func recordProofVerifiesOfflineAndFailsForAnyOtherRecord() throws {
        let dir = try TemporaryDirectory()
        let store = try store(in: dir)
        let batch = records(subjects: 0..<40, day: 10) + [sampleRecord(subject: "host:h3", version: "b", at: "2026-11-10T00:00:00Z")]
        _ = try store.append(records: batch, rawInputs: [], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        _ = try store.append(records: records(subjects: 3..<5, day: 12), rawInputs: [], message: "b\n", at: instant("2026-11-12T00:00:00Z"), signing: testSigning)
        let keys = testSigning.keys.map(\.verifierKey)
        let target = batch[40]
        let proof = try store.recordProof(id: target.id, subject: "host:h3")
        #expect(proof.subjectProof.index == 1)
        #expect(proof.subjectProof.size == 3)
        let parsed = try RecordProof(text: proof.text)
        #expect(parsed == proof)
        let checkpoint = try parsed.verify(record: target.canonicalData, trusting: keys)
        #expect(checkpoint.size == 42)
        #expect(throws: RecordProof.Failure.self) { try parsed.verify(record: batch[3].canonicalData, trusting: keys) }
        var edited = target.canonicalData
        edited[edited.count - 3] ^= 1
        #expect(throws: RecordProof.Failure.self) { try parsed.verify(record: edited, trusting: keys) }
        let stranger = try NoteSignerKey.generate(name: "test.example/log").verifierKey
        #expect(throws: RecordProof.Failure.self) { try parsed.verify(record: target.canonicalData, trusting: [stranger]) }
    }

    @Test func consistencyProofFromTilesMatchesTheInMemoryTree() throws {
        let dir = try TemporaryDirectory()
        let store = try store(in: dir)
        var sizes: [Int] = []
        for day in 10...14 {
            _ = try store.append(records: records(subjects: 0..<(day * 13), day: day), rawInputs: [], message: "\(day)\n",
                                 at: instant("2026-11-\(day)T00:00:00Z"), signing: testSigning)
            sizes.append(try Checkpoint(#require(try store.checkpoint())).size)
        }
        let final = try Checkpoint(#require(try store.checkpoint()))
        for old in sizes.dropLast() {
            let (proof, _) = try store.consistencyProof(from: old)
            let oldRoot = try Checkpoint(#require(try store.checkpoint(at: store.history()[sizes.firstIndex(of: old)! + 1]))).rootHash
            try proof.verify(root1: oldRoot, root2: final.rootHash)
        }
    }

    @Test func rolloverCheckpointsCarryBothSignatures() throws {
        let dir = try TemporaryDirectory()
        let store = try store(in: dir)
        let second = try NoteSignerKey.generate(name: "test.example/log")
        let both = LogSigning(origin: "test.example/log", keys: testSigning.keys + [second])
        _ = try store.append(records: records(subjects: 0..<2, day: 10), rawInputs: [], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: both)
        let note = try #require(try store.checkpoint())
        #expect(note.signatures.count == 2)
        #expect(try note.verify(trusting: [second.verifierKey]).count == 1)
        #expect(try note.verify(trusting: both.keys.map(\.verifierKey)).count == 2)
    }

    @Test func subjectHeadLeafBytesRoundTripAndRejectOtherText() {
        let head = SubjectHead(subject: "host:web-01", size: 12, root: Data(repeating: 7, count: 32))
        #expect(SubjectHead(leafBytes: head.leafBytes) == head)
        #expect(String(decoding: head.leafBytes, as: UTF8.self).hasPrefix("vigil.subject-head/v1\nhost:web-01\n12\n"))
        #expect(SubjectHead(leafBytes: Data("vigil.subject-head/v1\nhost:a\n0\nAAAA\n".utf8)) == nil)
        #expect(SubjectHead(leafBytes: Data("go.sum line\n".utf8)) == nil)
    }
}
