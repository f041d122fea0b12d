import Crypto
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// The digest a seal binds the index's bytes with, hashed in pieces on all cores: every byte of
/// every piece counts, the header counters SQLite moves on its own do not, and a write-ahead log
/// counts when it holds something.
struct IndexContentDigestTests {
    private static let piece = 4096

    private func index(in dir: TemporaryFolder) throws -> EvidenceIndex { try indexAndStore(in: dir).index }

    private func indexAndStore(in dir: TemporaryFolder) throws -> (index: EvidenceIndex, store: EvidenceStore) {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        try add(40, day: 10, to: store)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        try index.settleJournal()
        return (index, store)
    }

    private func add(_ count: Int, day: Int, to store: EvidenceStore) throws {
        let records = (0..<count).map { sampleRecord(subject: "host:web-\($0)", version: "\(day)", at: "2026-11-\(day)T06:00:00Z") }
        _ = try store.append(records: records, rawInputs: [], message: "day \(day)\n", at: instant("2026-11-\(day)T07:00:00Z"), signing: testSigning)
    }

    /// After a sync, hashing again only the pieces that hold the pages its log wrote gives the
    /// digest of the whole file; a piece changed behind SQLite's back is not taken in, so a seal of
    /// that digest does not hold for the file.
    @Test(arguments: [false, true])
    func afterASyncOnlyThePiecesItWroteAreHashedAgain(changedBehindSQLite: Bool) throws {
        let dir = try TemporaryFolder()
        let (index, store) = try indexAndStore(in: dir)
        try add(300, day: 11, to: store)
        let before = try index.digest(piece: Self.piece)
        let size = try Data(contentsOf: index.path).count
        #expect(before.wal.isEmpty && before.database.count > 4)
        try index.sync(with: store)
        if changedBehindSQLite {
            // In a page the sync did not write (its log says which it did).
            let written = try #require(WrittenPages.read(walAt: index.path.path + "-wal", pageSize: EvidenceIndex.pageSize, restartAt: 1 << 20))
            let page = try #require((1...(size / EvidenceIndex.pageSize)).last { !written.pages.contains($0) })
            try poke(index, at: (page - 1) * EvidenceIndex.pageSize + 100)
        }
        let after = try index.settledDigest(since: before)
        let whole = try index.digest(piece: Self.piece)
        #expect((after == whole) == !changedBehindSQLite)
        #expect(after.value != before.value)
        // Some pieces were taken as they were, or nothing was saved.
        #expect(zip(before.database, whole.database).contains { $0 == $1 })
    }

    /// The pages of a log are read from its frames; a log as long as the point where SQLite copies it
    /// back and starts it again cannot tell them all.
    @Test func aLogThatMayHaveStartedAgainTellsNoPages() throws {
        let dir = try TemporaryFolder()
        let (index, store) = try indexAndStore(in: dir)
        try add(20, day: 11, to: store)
        try index.sync(with: store)
        let wal = index.path.path + "-wal"
        let pages = try #require(WrittenPages.read(walAt: wal, pageSize: EvidenceIndex.pageSize, restartAt: 1 << 20))
        #expect(!pages.pages.isEmpty && pages.pages.allSatisfy { $0 >= 1 })
        #expect(WrittenPages.read(walAt: wal, pageSize: EvidenceIndex.pageSize, restartAt: pages.pages.count) == nil)
        #expect(WrittenPages.read(walAt: wal, pageSize: 4096, restartAt: 1 << 20) == nil)
        #expect(WrittenPages.read(walAt: index.path.path, pageSize: EvidenceIndex.pageSize, restartAt: 1 << 20) == nil)
    }

    /// Changes one byte of the index file at `offset` to its complement, in place.
    private func poke(_ index: EvidenceIndex, at offset: Int) throws {
        let byte = try Data(contentsOf: index.path)[offset]
        let handle = try FileHandle(forUpdating: index.path)
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: [~byte])
    }

    @Test func aByteChangedInAnyPieceChangesTheDigest() throws {
        let dir = try TemporaryFolder()
        let index = try index(in: dir)
        let size = try Data(contentsOf: index.path).count
        #expect(size > 4 * Self.piece)  // several pieces
        let original = try index.contentDigest(piece: Self.piece)
        #expect(try index.contentDigest(piece: Self.piece) == original)
        for offset in [0, Self.piece - 1, Self.piece, size / 2, size - 1] {
            try poke(index, at: offset)
            #expect(try index.contentDigest(piece: Self.piece) != original, "byte \(offset)")
            try poke(index, at: offset)
            #expect(try index.contentDigest(piece: Self.piece) == original)
        }
    }

    @Test func theHeaderCountersSQLiteMovesOnItsOwnAreLeftOut() throws {
        let dir = try TemporaryFolder()
        let index = try index(in: dir)
        let original = try index.contentDigest(piece: Self.piece)
        for counter in [24, 40, 92] { try poke(index, at: counter + 3) }
        #expect(try index.contentDigest(piece: Self.piece) == original)
        try poke(index, at: 28 + 3)  // the page count next to them is not left out
        #expect(try index.contentDigest(piece: Self.piece) != original)
    }

    @Test func anEmptyWriteAheadLogHashesAsNoneAndAFullOneCounts() throws {
        let dir = try TemporaryFolder()
        let index = try index(in: dir)
        let wal = URL(fileURLWithPath: index.path.path + "-wal")
        let original = try index.contentDigest(piece: Self.piece)
        try? FileManager.default.removeItem(at: wal)
        #expect(try index.contentDigest(piece: Self.piece) == original)
        try Data().write(to: wal)
        #expect(try index.contentDigest(piece: Self.piece) == original)
        try Data(repeating: 7, count: 3 * Self.piece / 2).write(to: wal)
        #expect(try index.contentDigest(piece: Self.piece) != original)
    }
}
