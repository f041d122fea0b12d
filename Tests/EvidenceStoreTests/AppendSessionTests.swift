import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A session staged as a chain of commits leaves its records' bytes in its spool, where the index
/// takes them (each subject's records split over the commits' heads), ending up as a rebuild would.
struct AppendSessionTests {
    @Test func theIndexTakesAChainsRecordsFromTheSpoolAsARebuildWould() throws {
        let dir = try TemporaryFolder()
        let (store, result) = try chainedSession(5, subjects: 2, perCommit: 2, in: dir)
        #expect(try store.history().count == 4)  // the store's creation, then three commits of 2, 2 and 1
        #expect(result.added.records.allSatisfy { if case .spooled = $0.bytes { true } else { false } })

        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        #expect(try index.sync(with: store, appended: result.added) == 5)
        let rebuilt = try EvidenceIndex.rebuild(at: dir.url.appendingPathComponent("rebuilt.sqlite"), from: store)
        #expect(try index.dump() == rebuilt.dump())
    }

    /// Before an index sync walks a window of root entries, the records of this process those entries
    /// will take are read back and hashed together (on every core): each entry's, in the order the
    /// walk takes them, and no further than the transaction's record limit.
    @Test func theRecordsAWindowWillTakeArePreparedInTheWalksOrder() throws {
        let dir = try TemporaryFolder()
        let (store, result) = try chainedSession(2_000, subjects: 37, perCommit: 700, in: dir)
        let snapshot = try #require(try store.snapshot())
        let entries = try snapshot.rootEntries(from: 0, to: snapshot.checkpoint.size)[...]
        let known = EvidenceIndex.KnownRecords(result.added)

        let all = known.prepare(known.plan(for: entries, at: 0, logs: [:], cursor: .init(known, at: 0), limit: SyncTransactionSize()).own)
        #expect(all.count == 2_000)
        for (position, prepared) in all {
            let bytes = try result.added.records[position].indexed().canonicalBytes()
            #expect(try prepared.record.canonicalBytes() == bytes)
            #expect(prepared.leaf == MerkleHash.leaf(bytes))
        }
        // The first commit's 37 subject heads hold its first 700 records: a limit of 1 takes one head's.
        let firstHead = try #require(entries.compactMap { SubjectHead(leafBytes: $0) }.first)
        // As far as one head's records, by their count or by their bytes.
        for limit in [SyncTransactionSize(records: 1), SyncTransactionSize(ownBytes: 1)] {
            let first = known.prepare(known.plan(for: entries, at: 0, logs: [:], cursor: .init(known, at: 0), limit: limit).own)
            #expect(first.count == firstHead.size)
            #expect(try first.keys.allSatisfy { try result.added.records[$0].indexed().subject == firstHead.subject })
        }
        // The bytes of the first head's records and one more take the second head's too.
        // The walk's order is the root log's: the first head's records come first.
        let firstBytes = result.added.records.prefix(firstHead.size).reduce(0) { $0 + $1.bytes.count }
        let two = known.plan(for: entries, at: 0, logs: [:], cursor: .init(known, at: 0), limit: SyncTransactionSize(ownBytes: firstBytes + 1)).own
        #expect(try Set(two.map { try result.added.records[$0].indexed().subject }).count == 2)
    }

    /// A commit ends at `recordsPerCommit` records, or once its records' bytes reach `bytesPerCommit`
    /// (at the end of a record): records of ~300 bytes against a bound of 700 make commits of 3.
    @Test func aCommitAlsoEndsAtItsBytes() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 100)
        let records = (0..<7).map { sampleRecord(subject: "host:a\($0)", version: "\($0)") }
        let size = try records[0].canonicalBytes().count
        #expect(records.allSatisfy { (try? $0.canonicalBytes().count) == size } && 200 < size && size < 350)
        session.bytesPerCommit = 2 * size + 1
        session.beginInput(raw: Data("raw".utf8))
        try session.add(records)
        _ = try session.finish(message: "run\n")
        #expect(try store.history().count == 1 + 3)  // the store's creation, then commits of 3, 3 and 1
        #expect(try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey)).records == 7)
    }

    /// An input taken back leaves the session as if it had never begun, whether or not commits were
    /// staged during it and whatever waited from the inputs before it: the store ends up with the same
    /// tree as a session given only the other inputs. So it does when commits end at their bytes.
    @Test(arguments: [(1, false), (4, false), (4, true)])
    func anAbandonedInputLeavesTheSessionAsWithoutIt(abandonedRecords: Int, byBytes: Bool) throws {
        let dir = try TemporaryFolder()
        func run(abandoning: Bool, in name: String) throws -> String {
            let store = try EvidenceStore.create(at: dir.file(name), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
            var session = try AppendSession(
                store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: byBytes ? 100 : 2)
            if byBytes { session.bytesPerCommit = 400 }
            session.beginInput(raw: Data("first".utf8))
            try session.add((0..<3).map { sampleRecord(subject: "host:a\($0)", version: "\($0)") })
            if abandoning {  // one record waits: the abandoned input's first commit takes it with one of its own
                session.beginInput(raw: Data("refused".utf8))
                try session.add((0..<abandonedRecords).map { sampleRecord(subject: "host:b\($0)", version: "\($0)") })
                session.abandonInput()
            }
            session.beginInput(raw: Data("last".utf8))
            try session.add([sampleRecord(subject: "host:c", version: "9")])
            _ = try session.finish(message: "run\n")
            let tree = try runGit(["-C", dir.file(name).path, "rev-parse", "HEAD^{tree}"])
            #expect(try runGit(["-C", dir.file(name).path, "fsck", "--strict", "--no-dangling"]).status == 0)
            return tree.output
        }
        #expect(try run(abandoning: true, in: "abandoning") == run(abandoning: false, in: "plain"))
    }

    /// A raw input streamed from its file is stored byte for byte, in the commit's pack, and the
    /// store stays a valid git repository; a file rewritten after it was measured stores nothing.
    @Test func aStreamedRawInputIsStoredAsItsFileAndAChangedFileIsRefused() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let bytes = Data((0..<(3 * StreamedFile.chunkSize / 40)).map { "line \($0) of a log still being written\n" }.joined().utf8)
        try bytes.write(to: dir.file("va.log"))
        let file = try #require(try StreamedFile.measure(path: dir.file("va.log").path)?.get())
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 8)
        session.beginInput(raw: .file(file))
        try session.add([sampleRecord(subject: "host:h0", version: "1", at: "2026-11-01T06:00:00Z")])
        _ = try session.finish(message: "run\n")
        #expect(try store.rawInput(sha256: file.sha256) == bytes)
        let fsck = try runGit(["-C", dir.file("store").path, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")

        let head = try store.headID.map(GitObjectID.init)
        try Data(bytes.reversed()).write(to: dir.file("va.log"))
        var changed = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-03T00:00:00Z"), recordsPerCommit: 8)
        changed.beginInput(raw: .file(StreamedFile(path: file.path, size: file.size, sha256: SHA256Hex.of(Data("another".utf8)))))
        try changed.add([sampleRecord(subject: "host:h0", version: "2", at: "2026-11-02T06:00:00Z")])
        let error = try #require(throws: StoreError.self) { try changed.finish(message: "run\n") }
        #expect("\(error)".contains("the file changed while it was read"), "\(error)")
        #expect(try store.headID.map(GitObjectID.init) == head)
    }

    /// A full batch is staged on another thread while the next records are read: when that commit
    /// fails (here its raw input changed since it was measured), the next step of the session throws
    /// the failure, later records are refused, and HEAD stays where it was.
    @Test func aCommitStagedWhileTheNextBatchIsReadFailsTheSessionAtItsNextStep() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        try Data("a log\n".utf8).write(to: dir.file("va.log"))
        let measured = try #require(try StreamedFile.measure(path: dir.file("va.log").path)?.get())
        let head = try store.headID.map(GitObjectID.init)
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 2)
        session.beginInput(raw: .file(StreamedFile(path: measured.path, size: measured.size, sha256: SHA256Hex.of(Data("another".utf8)))))
        // The third record fills the first batch: its commit is staged on another thread.
        try session.add((0..<3).map { sampleRecord(subject: "host:h\($0)", version: "1", at: "2026-11-01T06:00:00Z") })
        let later = (3..<6).map { sampleRecord(subject: "host:h\($0)", version: "1", at: "2026-11-01T06:00:00Z") }
        let error = try #require(throws: StoreError.self) { try session.add(later) }
        #expect("\(error)".contains("the file changed while it was read"), "\(error)")
        #expect(throws: StoreError.self) { try session.add(later) }
        #expect(throws: StoreError.self) { try session.finish(message: "run\n") }
        #expect(try store.headID.map(GitObjectID.init) == head)
    }
}

/// The root log read a window at a time gives the entries read whole, across tile boundaries.
struct RootEntryWindowTests {
    @Test func entriesReadInWindowsAreTheEntriesReadWhole() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.file("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 400)
        session.beginInput(raw: Data("raw".utf8))
        try session.add((0..<600).map { sampleRecord(subject: "host:h\($0 % 300)", version: "\($0)", at: "2026-11-01T06:00:00Z") })
        _ = try session.finish(message: "run\n")
        let snapshot = try #require(try store.snapshot())
        #expect(snapshot.checkpoint.size > 256)  // two tiles, the last partial
        let whole = try snapshot.rootEntries(from: 5, to: snapshot.checkpoint.size)
        var windowed: [(Int, Data)] = []
        try snapshot.forEachRootEntry(from: 5, window: 7) { index, entry throws(StoreError) in windowed.append((index, entry)) }
        #expect(windowed.map(\.1) == whole)
        #expect(windowed.map(\.0) == Array(5..<snapshot.checkpoint.size))
    }
}
