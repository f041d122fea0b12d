import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// `log verify` of a store of batches (layout v3): a store Vigil wrote verifies, and each claim it
/// checks, broken with git plumbing (and, where the claim is the log's own, with a commit logged and
/// signed with the store's key exactly as Vigil would sign it), fails naming the commit and reason.
@Suite struct BatchedLogVerificationTests {
    private let raw = Data("raw".utf8)

    /// A v3 store of three commits: two subjects, then one extended and one new, then one extended.
    private func batchedStore(_ dir: TemporaryFolder) throws -> EvidenceStore {
        let store = try EvidenceStore.create(
            at: dir.url.appendingPathComponent("v3"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning, formatVersion: 3)
        let appends: [([EvidenceRecord], String)] = [
            ([sampleRecord(subject: "host:h0"), sampleRecord(subject: "host:h1"), sampleRecord(subject: "host:h0", version: "2")], "2026-11-10T00:00:00Z"),
            ([sampleRecord(subject: "host:h1", version: "3"), sampleRecord(subject: "host:h2")], "2026-11-11T00:00:00Z"),
            ([sampleRecord(subject: "host:h0", version: "4")], "2026-11-12T00:00:00Z"),
        ]
        for (records, time) in appends {
            _ = try store.append(records: records, rawInputs: [raw], message: "run\n", at: instant(time), signing: testSigning)
        }
        return store
    }

    /// Commits, on top of HEAD, a batch of `lines` and the log entries `heads` give them (each a
    /// subject and the lines of its records), logged and signed as Vigil logs a commit; `previous`
    /// overrides a head's previous head, `replacing` files it writes (nil: not written).
    private func commitLogged(
        _ store: EvidenceStore, lines: [Data], heads: [(subject: String, lines: Range<Int>)], previous: [Int: Int] = [:],
        replacing: [String: Data?] = [:], at time: String = "2026-11-13T00:00:00Z"
    ) throws {
        let reader = try store.treeReader(at: try #require(try store.head()))
        var files: [String: Data] = [:]
        var log = try LogAppender { path throws(StoreError) in try reader.read(path) }.start(loggedAt: instant(time))
        let number = UInt64(log.oldSize)
        var map = SubjectMapChanges { path throws(StoreError) in try reader.read(path) }
        let batch = try RecordBatch.Writer.written(lines, subject: "forged")
        for (position, head) in heads.enumerated() {
            let entry = try map.entry(of: head.subject)
            let placement = SubjectHead.Placement(
                batch: number, firstLine: head.lines.lowerBound, lines: head.lines.count, previousHead: previous[position] ?? entry?.head)
            let extended = try log.extend(
                head.subject, log: entry?.log ?? CompactRange(), leaves: lines[head.lines].map(MerkleHash.leaf), placement: placement
            ) { files[$0] = $1 }
            try map.set(.init(subject: head.subject, log: extended.log, head: extended.head))
        }
        let paths = RecordBatch.Paths(rootSize: number)
        for (chunk, bytes) in batch.chunks.enumerated() { files[paths.records(chunk: chunk)] = bytes }
        files[paths.offsets] = batch.offsets
        for (path, bytes) in map.changed { files[path] = bytes }
        let changes = try log.finish(signing: testSigning) { files[$0] = $1 }
        for (path, bytes) in replacing { files[path] = bytes }
        try commitForged(store, files: files, removing: changes.removals, at: time)
    }

    private func record(_ subject: String, _ version: String, raw: Data = Data("raw".utf8)) -> Data {
        sampleRecord(subject: subject, version: version, at: "2026-11-10T00:00:00Z", raw: raw).canonicalData
    }

    @Test func aStoreOfBatchesVerifiesAndSoDoesACommitLoggedAsVigilLogsIt() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let verified = try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey), recordBatch: 2)
        #expect((verified.records, verified.subjects, verified.rootSize, verified.checkpoints) == (6, 3, 5, 4))
        try commitLogged(store, lines: [record("host:h1", "9"), record("host:h3", "1")], heads: [("host:h1", 0..<1), ("host:h3", 1..<2)])
        #expect(verificationFailure(of: store) == nil)
    }

    @Test func aLineRewrittenInALaterCommitIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let path = RecordBatch.Paths(rootSize: 0).records(chunk: 0)
        var lines = try #require(try store.file(path))
        lines[lines.startIndex + 10] ^= 1
        try commitForged(store, files: [path: lines])
        #expect(verificationFailure(of: store)?.contains("changed \(path), which is written once") == true)
    }

    @Test func aBatchNoEntryNamesIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let batch = try RecordBatch.Writer.written([record("host:h1", "9")])
        let paths = RecordBatch.Paths(rootSize: 5)
        try commitForged(store, files: [paths.records(chunk: 0): batch.chunks[0], paths.offsets: batch.offsets])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("\(paths.folder) holds 1 records, of which the commit's heads name 0"), "\(found)")
    }

    @Test func aLineNoHeadNamesIsCaughtThoughTheCommitIsSigned() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        try commitLogged(store, lines: [record("host:h1", "9"), record("host:h1", "10")], heads: [("host:h1", 0..<1)])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("holds 2 records, of which the commit's heads name 1"), "\(found)")
    }

    @Test func aLineAboutAnotherSubjectIsCaughtThoughTheCommitIsSigned() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        try commitLogged(store, lines: [record("host:h2", "9")], heads: [("host:h1", 0..<1)])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("is about host:h2, but the head naming it is host:h1's"), "\(found)")
    }

    @Test func aHeadNamingAnotherPreviousHeadIsCaughtThoughTheCommitIsSigned() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        // host:h0's heads are entries 0 and 4: its new head says its previous one was 0.
        try commitLogged(store, lines: [record("host:h0", "9")], heads: [("host:h0", 0..<1)], previous: [0: 0])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("(host:h0) names 0 as its previous head, not 4"), "\(found)")
    }

    @Test func aRecordNamingARawInputTheStoreDoesNotHoldIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        try commitLogged(store, lines: [record("host:h1", "9", raw: Data("elsewhere".utf8))], heads: [("host:h1", 0..<1)])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("names raw input \(SHA256Hex.of(Data("elsewhere".utf8))), which the store does not hold"), "\(found)")
    }

    @Test func aBucketChangedAloneIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let path = SubjectMapBucket.path(of: "host:h1")
        var bucket = try SubjectMapBucket(bytes: try #require(try store.file(path)), path: path)
        let entry = try #require(bucket.entry(of: "host:h1"))
        bucket.set(.init(subject: "host:h1", log: entry.log, head: 0))
        try commitForged(store, files: [path: bucket.bytes])
        #expect(verificationFailure(of: store)?.contains("\(path) changed, but none of its subjects gained records") == true)
    }

    /// A bucket that a signed commit's heads should have rewritten, left as it was.
    @Test func aBucketLeftBehindItsSubjectsHeadIsCaughtThoughTheCommitIsSigned() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let path = SubjectMapBucket.path(of: "host:h1")
        try commitLogged(store, lines: [record("host:h1", "9")], heads: [("host:h1", 0..<1)], replacing: [path: nil])
        #expect(verificationFailure(of: store)?.contains("\(path) does not hold the new heads of its subjects") == true)
    }

    /// A bucket rewritten with an entry its subject's new head does not give: proofs would be sought
    /// at another root log entry.
    @Test func aBucketNamingAnotherHeadIsCaughtThoughTheCommitIsSigned() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let path = SubjectMapBucket.path(of: "host:h1")
        var bucket = try SubjectMapBucket(bytes: try #require(try store.file(path)), path: path)
        let entry = try #require(bucket.entry(of: "host:h1"))
        let extended = try CompactRange(size: entry.log.size, hashes: entry.log.hashes)
        bucket.set(.init(subject: "host:h1", log: extended, head: 6))
        try commitLogged(store, lines: [record("host:h1", "9")], heads: [("host:h1", 0..<1)], replacing: [path: bucket.bytes])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("\(path) does not hold the logs and heads the commit's root log entries give its subjects"), "\(found)")
    }

    @Test func aFileOfTheFolderLayoutInAStoreOfBatchesIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let record = sampleRecord(subject: "host:h1", version: "9", at: "2026-11-10T00:00:00Z")
        let path = StoreLayout.recordPath(subject: "host:h1", id: record.id)
        try commitForged(store, files: [path: record.canonicalData])
        #expect(verificationFailure(of: store)?.contains("\(path) is not part of a version 3 store's layout") == true)
    }

    @Test func aBatchInAStoreOfFoldersIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let batch = try RecordBatch.Writer.written([record("host:h1", "9")])
        let path = RecordBatch.Paths(rootSize: 3).records(chunk: 0)
        try commitForged(store, files: [path: batch.chunks[0]])
        #expect(verificationFailure(of: store)?.contains("\(path) is not part of a version 2 store's layout") == true)
    }

    /// A batch whose offsets name a chunk the commit did not add, or that adds one they do not name.
    @Test func aChunkMissingOrLeftOverIsCaught() throws {
        for extra in [false, true] {
            let dir = try TemporaryFolder()
            let store = try batchedStore(dir)
            let paths = RecordBatch.Paths(rootSize: 5)
            try commitLogged(
                store, lines: [record("host:h1", "9")], heads: [("host:h1", 0..<1)],
                replacing: extra ? [paths.records(chunk: 1): Data("{}\n".utf8)] : [paths.records(chunk: 0): nil])
            let found = try #require(verificationFailure(of: store))
            #expect(found.contains("\(paths.folder) has \(extra ? 2 : 0) chunks of records, its offsets place lines in 1"), "\(found)")
        }
    }

    /// A chunk whose bytes the offsets do not describe, in a commit logged and signed as Vigil would.
    @Test func aChunkThatDoesNotHoldItsLinesIsCaughtThoughTheCommitIsSigned() throws {
        let dir = try TemporaryFolder()
        let store = try batchedStore(dir)
        let lines = [record("host:h1", "9"), record("host:h3", "1")]
        let path = RecordBatch.Paths(rootSize: 5).records(chunk: 0)
        let written = try RecordBatch.Writer.written(lines)
        try commitLogged(store, lines: lines, heads: [("host:h1", 0..<1), ("host:h3", 1..<2)], replacing: [path: written.chunks[0] + Data("x\n".utf8)])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("\(path)") && found.contains("line 2 holds a line feed before its end"), "\(found)")
    }

    /// The first commit of a store of batches is walked before its format is known: a record folder
    /// written into it after its `format` file is refused as the folder layout's, not walked as one.
    @Test func aFolderInTheFirstCommitOfAStoreOfBatchesIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(
            at: dir.url.appendingPathComponent("v3"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning, formatVersion: 3)
        let record = sampleRecord(subject: "host:h1", at: "2026-10-31T00:00:00Z")
        let path = StoreLayout.recordPath(subject: "host:h1", id: record.id)
        try amendHead(store, files: [path: record.canonicalData])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("\(path) is not part of a version 3 store's layout"), "\(found)")
    }
}
