import EvidenceModel
import Foundation
import Testing

@testable import EvidenceStore

/// A commit's records as one batch (store layout v3): lines in chunks of about a MiB, read back only
/// as written, each record by its line, its id the SHA-256 of its line.
struct RecordBatchTests {
    private func canonical(_ subject: String, _ value: String) -> EvidenceRecord {
        EvidenceRecord(
            kind: "fw", subject: subject, observedAt: instant("2026-11-05T00:00:00Z"), collector: "test", origin: .observed,
            source: EvidenceSource(name: "a.json", sha256: SHA256Hex.of(Data("a".utf8))), data: ["value": .string(value)])
    }

    /// Records of about `size` bytes each.
    private func records(_ count: Int, size: Int) -> [EvidenceRecord] {
        (0..<count).map { canonical("host:\($0 % 3) é", String(repeating: "x", count: size) + "\($0)\nfeed") }
    }

    private func read(_ written: (chunks: [Data], offsets: Data)) throws -> RecordBatch {
        let batch = try RecordBatch(offsets: written.offsets, place: "batches/1")
        for (chunk, bytes) in written.chunks.enumerated() { try batch.check(chunk: chunk, bytes: bytes, place: "batches/1/records/\(chunk)") }
        return batch
    }

    @Test(arguments: [(3, 10), (5, 300_000), (40, 60_000), (2, 1_500_000)])
    func eachRecordIsReadByItsLineFromItsChunk(count: Int, size: Int) throws {
        let records = records(count, size: size)
        let written = try RecordBatch.Writer.written(records.map(\.canonicalData))
        let batch = try read(written)
        #expect(batch.count == count && batch.chunkCount == written.chunks.count)
        // Chunks hold whole lines, closed before a line would take them past a MiB (a longer line alone).
        for (chunk, bytes) in written.chunks.enumerated() {
            #expect(bytes.last == 0x0A)
            #expect(bytes.count <= RecordBatch.chunkBytes || batch.lines(ofChunk: chunk).count == 1)
        }
        for (line, record) in records.enumerated() {
            let bytes = batch.record(line, in: written.chunks[batch.chunk(of: line)])
            #expect(bytes == record.canonicalData)
            #expect(SHA256Hex.of(bytes) == record.id)
        }
        // The chunks, one after another, are the records' lines and nothing else.
        #expect(Data(written.chunks.joined()) == Data(records.map { $0.canonicalData + Data("\n".utf8) }.joined()))
    }

    @Test func manyRecordsGoIntoSeveralChunksAndFewRecordsIntoOne() throws {
        #expect(try RecordBatch.Writer.written(records(3, size: 10).map(\.canonicalData)).chunks.count == 1)
        // A chunk is closed before a line would take it past `chunkBytes`: about 16 lines each here.
        let lines = records(40, size: RecordBatch.chunkBytes / 17).map(\.canonicalData)
        var (chunks, filled) = (1, 0)
        for line in lines {
            if filled > 0, filled + line.count + 1 > RecordBatch.chunkBytes { (chunks, filled) = (chunks + 1, 0) }
            filled += line.count + 1
        }
        #expect(chunks == 3)
        #expect(try RecordBatch.Writer.written(lines).chunks.count == chunks)
        let empty = try RecordBatch(offsets: Data(), place: "batches/2")
        #expect(empty.count == 0 && empty.chunkCount == 0)
    }

    @Test func aBatchsFolderIsNamedByTheRootLogsSizeInSixteenHexDigits() {
        let paths = RecordBatch.Paths(rootSize: 0x2a)
        #expect(paths.records(chunk: 3) == "batches/000000000000002a/records/3" && paths.offsets == "batches/000000000000002a/offsets")
    }

    @Test func bytesThatAreNotARecordAreNotBatched() throws {
        var writer = RecordBatch.Writer()
        #expect(throws: StoreError.self) { try writer.append(Data("{\"a\":1}\n".utf8), subject: "host:a") { _, _ in } }
        #expect(throws: StoreError.self) { try writer.append(Data(), subject: "host:a") { _, _ in } }
        #expect(writer.count == 0)
    }

    /// Every way the offsets can misplace lines is refused, naming the batch and the line.
    @Test func offsetsThatDoNotPlaceLinesOneAfterAnotherAreRefused() throws {
        let written = try RecordBatch.Writer.written(records(40, size: 60_000).map(\.canonicalData))
        let offsets = [UInt8](written.offsets)
        func place(_ chunk: Int, _ start: Int) -> [UInt8] {
            let value = UInt64(chunk) << 32 | UInt64(start)
            return (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) }
        }
        let cases: [(String, [UInt8], String)] = [
            ("offsets cut", Array(offsets.dropLast()), "not a multiple of 8"),
            ("the first line moved", place(0, 1) + offsets[8...], "line 1 is not at the start of chunk 0"),
            ("a line within the one before", Array(offsets[0..<8] + place(0, 1) + offsets[16...]), "line 2 starts at 1"),
            ("a chunk skipped", Array(offsets[0..<8] + place(2, 0) + offsets[16...]), "line 2 is in chunk 2"),
            ("a chunk begun mid-way", Array(offsets[0..<8] + place(1, 5) + offsets[16...]), "line 2 begins chunk 1 at 5"),
        ]
        for (name, bytes, reason) in cases {
            do {
                _ = try RecordBatch(offsets: Data(bytes), place: "batches/000000000000002a")
                Issue.record("\(name): read")
            } catch {
                #expect("\(error)".contains("batches/000000000000002a/offsets") && "\(error)".contains(reason), "\(name): \(error)")
            }
        }
    }

    /// Every way a chunk can disagree with the offsets is refused, naming the chunk and the line.
    @Test func chunksThatDoNotHoldTheirLinesExactlyAreRefused() throws {
        let written = try RecordBatch.Writer.written(records(3, size: 10).map(\.canonicalData))
        let batch = try RecordBatch(offsets: written.offsets, place: "batches/1")
        let chunk = [UInt8](written.chunks[0])
        let firstEnd = try #require(chunk.firstIndex(of: 0x0A))
        var merged = chunk
        merged[firstEnd] = UInt8(ascii: " ")
        let cases: [(String, [UInt8], String)] = [
            ("the last feed cut", Array(chunk.dropLast()), "line 3 does not end with a line feed"),
            ("bytes after the last line", chunk + [0x41], "line 3 does not end"),
            ("two lines as one", merged, "line 1 does not end with a line feed"),
            ("a line cut short", Array(chunk[0..<(firstEnd + 3)]), "line 2 ends at"),
            ("a feed inside the last line", Array(chunk.dropLast()) + [0x0A, 0x41, 0x0A], "line 3 holds a line feed"),
        ]
        for (name, bytes, reason) in cases {
            do {
                try batch.check(chunk: 0, bytes: Data(bytes), place: "batches/1/records/0")
                Issue.record("\(name): read")
            } catch {
                #expect("\(error)".contains("batches/1/records/0") && "\(error)".contains(reason), "\(name): \(error)")
            }
        }
    }
}
