import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A rebuild reads the records of the subjects' logs from git on every core, each core through its
/// own snapshot; what it reads must be what reading them one subject at a time gives, and what it
/// cannot read must be left to that reading, which says why.
struct LoggedRecordReadsTests {
    /// The ranges of every subject head in the store's root log, as a sync of a new index plans them.
    private func everyRange(_ snapshot: StoreSnapshot, limit: Int = .max) throws -> [LoggedRange] {
        let entries = try snapshot.rootEntries(from: 0, to: snapshot.checkpoint.size)[...]
        let none = EvidenceIndex.KnownRecords(.none)
        return none.plan(for: entries, at: 0, logs: [:], cursor: .init(none, at: 0), limit: SyncTransactionSize(records: limit)).logged
    }

    @Test(arguments: [2, 3]) func everyRangeReadsAsOneSubjectAtATimeReadsIt(lanes: Int) throws {
        let dir = try TemporaryFolder()
        let (store, _) = try chainedSession(2_000, subjects: 37, perCommit: 700, in: dir)
        let snapshot = try #require(try store.snapshot())
        let ranges = try everyRange(snapshot)
        // Three commits: each of the 37 subjects has a head in each, its log continuing where it was.
        #expect(ranges.count == 3 * 37)
        #expect(ranges.reduce(0) { $0 + $1.to - $1.from } == 2_000)

        let read = LoggedRecordReads.read(ranges, at: snapshot, lanes: lanes)
        #expect(read.count == ranges.count)
        for range in ranges {
            let ids = try snapshot.entries(of: range.subject)[range.from..<range.to]
            let expected = try snapshot.indexedRecords(of: range.subject, ids: ids)
            let got = try #require(read[range])
            #expect(try got.map { try $0.record.canonicalBytes() } == expected.map { try $0.canonicalBytes() })
            #expect(got.map(\.record.fields.id) == Array(ids))
            #expect(try got.map(\.leaf) == expected.map { MerkleHash.leaf(try $0.canonicalBytes()) })
        }
        // The plan stops at the transaction's records, after the head that reaches them.
        let first = try everyRange(snapshot, limit: 1)
        #expect(first.count == 1 && first.first?.from == 0)
    }

    @Test func whatCannotBeReadIsLeftOutAndFewRecordsAreReadInTurn() throws {
        let dir = try TemporaryFolder()
        let (store, _) = try chainedSession(600, subjects: 3, perCommit: 600, in: dir)
        let snapshot = try #require(try store.snapshot())
        let ranges = try everyRange(snapshot)
        #expect(ranges.map(\.to) == [200, 200, 200])
        let unknown = LoggedRange(subject: "host:nobody", from: 0, to: 1)
        let pastItsLog = LoggedRange(subject: ranges[0].subject, from: 0, to: 201)
        let backwards = LoggedRange(subject: ranges[1].subject, from: 5, to: 4)
        let read = LoggedRecordReads.read(ranges + [unknown, pastItsLog, backwards], at: snapshot, lanes: 2)
        #expect(Set(read.keys) == Set(ranges))
        // Under LoggedRecordReads.minimum records, opening a snapshot per core costs more than it saves.
        #expect(LoggedRecordReads.read([LoggedRange(subject: ranges[0].subject, from: 0, to: 200)], at: snapshot, lanes: 2).isEmpty)
    }

    /// A record whose bytes were changed through git at HEAD, among enough records to be read on
    /// every core: the reads leave its subject out, and the rebuild stops on it as it did reading in turn.
    @Test func aForgedRecordStopsTheRebuildAsReadingInTurnDid() throws {
        let dir = try TemporaryFolder()
        let (store, _) = try chainedSession(800, subjects: 400, perCommit: 800, in: dir)
        let snapshot = try #require(try store.snapshot())
        let victim = try #require(try everyRange(snapshot).last)
        let id = try #require(try snapshot.entries(of: victim.subject).first)
        let path = StoreLayout.recordPath(subject: victim.subject, id: id)
        let forgedFile = dir.url.appendingPathComponent("forged")
        try Data(#"{"forged":true}"#.utf8).write(to: forgedFile)
        let git = { (arguments: [String]) throws -> String in
            try runGit(["--git-dir", store.path.path] + arguments, environment: ["GIT_INDEX_FILE": dir.url.appendingPathComponent("idx").path])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let blob = try git(["hash-object", "-w", forgedFile.path])
        _ = try git(["read-tree", "HEAD"])
        _ = try git(["update-index", "--cacheinfo", "100644,\(blob),\(path)"])
        let commit = try git(["commit-tree", try git(["write-tree"]), "-p", "HEAD", "-m", "forge"])
        _ = try git(["update-ref", "refs/heads/main", commit])

        let forged = try #require(try store.snapshot())
        let ranges = try everyRange(forged)
        let read = LoggedRecordReads.read(ranges, at: forged, lanes: 2)
        #expect(read.count == ranges.count - 1 && read[victim] == nil)
        do {
            _ = try EvidenceIndex.rebuild(at: dir.url.appendingPathComponent("index.sqlite"), from: store)
            Issue.record("the rebuild took a forged record")
        } catch {
            #expect(error.description == StoreError.tampered("\(path) does not hash to its id").description)
        }
    }

    /// A rebuild in many transactions reads each next window's records while it saves the last,
    /// its subjects' logs then partly saved, partly in the window just walked: the index it builds is
    /// the one a single transaction builds, and the one the collect's own sync built.
    @Test func aRebuildReadingAheadIndexesAsOneTransactionDoes() throws {
        let dir = try TemporaryFolder()
        let (store, result) = try chainedSession(3_000, subjects: 700, perCommit: 1_000, in: dir)
        let collected = try EvidenceIndex(path: dir.url.appendingPathComponent("collected.sqlite"))
        #expect(try collected.sync(with: store, appended: result.added) == 3_000)
        let whole = try EvidenceIndex(path: dir.url.appendingPathComponent("whole.sqlite"))
        whole.transactionSize = SyncTransactionSize(entries: 100_000, records: 100_000)
        #expect(try whole.sync(with: store) == 3_000)
        for (entries, records) in [(600, 900), (1_000, 600), (4_096, 8_192)] {
            let index = try EvidenceIndex(path: dir.url.appendingPathComponent("\(entries)-\(records).sqlite"))
            index.transactionSize = SyncTransactionSize(entries: entries, records: records)
            var steps = 0
            #expect(try index.sync(with: store) { _ in steps += 1 } == 3_000)
            #expect(steps > 1 || entries == 4_096)
            #expect(try index.dump() == whole.dump(), "transactions of \(entries) entries, \(records) records")
        }
        #expect(try collected.dump() == whole.dump())
        // The collect's own records in windows bounded by their bytes: the same index again.
        let bytes = result.added.records.reduce(0) { $0 + $1.bytes.count }
        for ownBytes in [bytes / 20, bytes / 3] {
            let index = try EvidenceIndex(path: dir.url.appendingPathComponent("own-\(ownBytes).sqlite"))
            index.transactionSize = SyncTransactionSize(ownBytes: ownBytes)
            var steps = 0
            #expect(try index.sync(with: store, appended: result.added) { _ in steps += 1 } == 3_000)
            #expect(steps >= bytes / ownBytes, "\(steps) transactions of at most \(ownBytes) of \(bytes) bytes")
            #expect(try index.dump() == whole.dump(), "transactions of \(ownBytes) bytes of own records")
        }
    }

    /// A new index is filled without its record indexes, which are then made again as they were,
    /// also when the filling fails; it is filled through a smaller page cache, the writer's own
    /// given back after.
    @Test func theRecordIndexesAreMadeAgainAfterTheFilling() throws {
        let dir = try TemporaryFolder()
        let (store, _) = try chainedSession(50, subjects: 5, perCommit: 50, in: dir)
        let index = try EvidenceIndex.fresh(replacing: dir.url.appendingPathComponent("index.sqlite"))
        let indexes = { try index.read { db in try String.fetchAll(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL") } }
        let before = try indexes()
        #expect(before.count == 5)
        let cache = { try index.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } }
        #expect(try cache() == -65536)
        let added = try index.fillingBeforeIndexing { () throws(StoreError) in
            #expect((try? indexes()) == [])
            #expect((try? cache()) == -EvidenceIndex.fillingCacheKiB)
            return try index.sync(with: store)
        }
        #expect(added == 50)
        #expect(try cache() == -65536)
        #expect(Set(try indexes()) == Set(before))
        #expect(try index.schemaProblem() == nil)
        #expect(throws: StoreError.self) {
            try index.fillingBeforeIndexing { () throws(StoreError) in throw StoreError.tampered("interrupted") }
        }
        #expect(Set(try indexes()) == Set(before))
    }
}
