import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// Store layout v3 (docs/store-v3.md): the same appends to a store of subject folders (v2) and to
/// one of batches hold the same records, in the same log order, with the same root log, and every
/// record still proves against the signed checkpoint.
@Suite struct BatchedStoreTests {
    private let raw = Data("raw".utf8)

    private func stores(_ dir: TemporaryFolder) throws -> (folders: EvidenceStore, batches: EvidenceStore) {
        let created = instant("2026-11-01T00:00:00Z")
        return (
            try EvidenceStore.create(at: dir.url.appendingPathComponent("v2"), at: created, signing: testSigning),
            try EvidenceStore.create(at: dir.url.appendingPathComponent("v3"), at: created, signing: testSigning, formatVersion: 3)
        )
    }

    /// Appends that add subjects, extend some, repeat records already stored, and add nothing.
    private let appends: [(records: [EvidenceRecord], at: String)] = [
        ([sampleRecord(subject: "host:h0"), sampleRecord(subject: "host:h1"), sampleRecord(subject: "host:h0", version: "2")], "2026-11-10T00:00:00Z"),
        (
            [
                sampleRecord(subject: "host:h1", version: "3"), sampleRecord(subject: "host:h1"), sampleRecord(subject: "host:é 2"),
                sampleRecord(subject: "host:h1", version: "3"),
            ],
            "2026-11-11T00:00:00Z"
        ),
        ([sampleRecord(subject: "host:h0"), sampleRecord(subject: "host:é 2")], "2026-11-12T00:00:00Z"),
        ([sampleRecord(subject: "host:h0", version: "4"), sampleRecord(subject: "host:h1", version: "5")], "2026-11-13T00:00:00Z"),
    ]

    @Test func aStoreOfBatchesHoldsWhatAStoreOfFoldersHolds() throws {
        let dir = try TemporaryFolder()
        let (folders, batches) = try stores(dir)
        for (records, time) in appends {
            let results = try [folders, batches].map { store in
                try store.append(records: records, rawInputs: [raw], message: "run\n", at: instant(time), signing: testSigning)
            }
            #expect(results[0].added.map(\.id) == results[1].added.map(\.id))
            #expect(results[0].alreadyStored == results[1].alreadyStored)
            #expect((results[0].commit == nil) == (results[1].commit == nil))
            #expect(try folders.records() == batches.records())
            #expect(try folders.checkpoint()?.serializedData.count ?? 0 > 0)
            let sizes = try [folders, batches].map { store in try Checkpoint(try #require(try store.checkpoint())).size }
            #expect(sizes[0] == sizes[1])
        }
        #expect(try batches.records().count == 7)
        let snapshot = try #require(try batches.snapshot())
        let reference = try #require(try folders.snapshot())
        for subject in try reference.subjects.names() {
            #expect(try snapshot.entries(of: subject) == reference.entries(of: subject))
            #expect(try snapshot.subjects.newestHead(of: subject) == reference.subjects.newestHead(of: subject))
            // Each record proves against the checkpoint, through a v3 head naming where its lines are.
            for id in try snapshot.entries(of: subject) {
                let proof = try batches.recordProof(id: id, subject: subject)
                #expect(proof.text.hasPrefix(RecordProof.headerWithPlacement + "\n"))
                let record = try #require(try snapshot.record(id: id, subject: subject))
                try proof.verify(record: record.canonicalData, trusting: testSigning.keys.map(\.verifierKey))
            }
        }
        // The records are in batches, the subjects in the map's buckets: no folder per subject.
        let tree = try batches.treeReader(at: try #require(try batches.head()))
        #expect(try tree.subtree("subjects") == nil)
        #expect(try tree.subtree("batches")?.entries.count == 3, "one batch for each commit that added records")
        #expect(try tree.read(SubjectMapBucket.path(of: "host:h1")) != nil)
        let heads = try snapshot.rootEntries(from: 0, to: snapshot.checkpoint.size).map { try #require(SubjectHead(leafBytes: $0)) }
        #expect(heads.allSatisfy { $0.version == 3 })
        #expect(heads.first?.placement == SubjectHead.Placement(batch: 0, firstLine: 0, lines: 2, previousHead: nil))
    }

    /// The index kept in step with a store of batches, and one rebuilt from it, hold what the index
    /// of a store of folders holds.
    @Test func theIndexOfAStoreOfBatchesIsTheIndexOfAStoreOfFolders() throws {
        let dir = try TemporaryFolder()
        let (folders, batches) = try stores(dir)
        var indexes: [EvidenceIndex] = []
        for (name, store) in [("v2", folders), ("v3", batches)] {
            let index = try EvidenceIndex(path: dir.url.appendingPathComponent("\(name).sqlite"))
            for (records, time) in appends {
                let result = try store.append(records: records, rawInputs: [raw], message: "run\n", at: instant(time), signing: testSigning)
                _ = try index.sync(with: store, appended: result.written)
            }
            indexes.append(index)
        }
        let rebuilt = try EvidenceIndex.rebuild(at: dir.url.appendingPathComponent("rebuilt.sqlite"), from: batches)
        // Every record row alike; the commits' ids differ with their trees.
        func records(_ index: EvidenceIndex) throws -> [Substring] { try index.dump().split(separator: "\n").filter { $0.hasPrefix("record ") } }
        #expect(try records(indexes[0]).count == 7)
        #expect(try records(indexes[1]) == records(indexes[0]))
        #expect(try records(rebuilt) == records(indexes[0]))
    }

    /// A collect's session of several commits writes a batch a commit; a second session of the same
    /// records stores none of them.
    @Test func aSessionOfSeveralCommitsWritesABatchEach() throws {
        let dir = try TemporaryFolder()
        let (folders, batches) = try stores(dir)
        let records = (0..<60).map { sampleRecord(subject: "host:h\($0 % 7)", version: "\($0)") }
        for store in [folders, batches] {
            for _ in 0..<2 {
                var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 16)
                session.beginInput(raw: raw)
                try session.add(records)
                _ = try session.finish(message: "run\n")
            }
        }
        #expect(try batches.records() == folders.records())
        #expect(try batches.records().count == 60)
        let tree = try batches.treeReader(at: try #require(try batches.head()))
        #expect(try tree.subtree("batches")?.entries.count == 4)
    }

    /// What a layout of batches is for: objects that grow with batches and touched buckets, not
    /// with records (v2 wrote about eight a record).
    @Test func gitObjectsGrowWithBatchesAndBucketsNotRecords() throws {
        var objects: [[Int]] = []
        for count in [400, 4_000] {
            let dir = try TemporaryFolder()
            let (folders, batches) = try stores(dir)
            let records = (0..<count).map { sampleRecord(subject: "host:h\($0 % 20)", version: "\($0)") }
            objects.append(
                try [folders, batches].map { store in
                    _ = try store.append(
                        records: records, rawInputs: [raw], message: "run\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
                    return try Self.objectCount(store)
                })
        }
        // Ten times the records of the same 20 subjects: v2 writes a blob more for each record, v3 a
        // chunk more for each 64 KiB of them (4,000 records are ~1.7 MB).
        let bytes = (0..<4_000).reduce(0) { $0 + sampleRecord(subject: "host:h\($1 % 20)", version: "\($1)").canonicalData.count + 1 }
        #expect(objects[1][0] - objects[0][0] >= 3_600, "\(objects)")
        #expect(objects[1][1] - objects[0][1] <= 2 + bytes / RecordBatch.chunkBytes, "\(objects)")
        #expect(objects[0][1] < 100, "\(objects)")
    }

    private static func objectCount(_ store: EvidenceStore) throws -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["--git-dir", store.path.path, "count-objects", "-v"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").reduce(0) { total, line in
            let parts = line.split(separator: " ")
            guard parts.count == 2, parts[0] == "count:" || parts[0] == "in-pack:" else { return total }
            return total + (Int(parts[1]) ?? 0)
        }
    }
}
