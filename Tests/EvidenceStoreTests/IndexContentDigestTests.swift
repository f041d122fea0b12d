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

    private func index(in dir: TemporaryFolder) throws -> EvidenceIndex {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let records = (0..<40).map { sampleRecord(subject: "host:web-\($0)", version: "1", at: "2026-11-10T06:00:00Z") }
        _ = try store.append(records: records, rawInputs: [], message: "one\n", at: instant("2026-11-10T07:00:00Z"), signing: testSigning)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        try index.settleJournal()
        return index
    }

    /// Changes one byte of the index file at `offset` (to `value`, or its complement).
    private func poke(_ index: EvidenceIndex, at offset: Int, _ value: UInt8? = nil) throws {
        var bytes = try Data(contentsOf: index.path)
        bytes[offset] = value ?? ~bytes[offset]
        try bytes.write(to: index.path)
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
