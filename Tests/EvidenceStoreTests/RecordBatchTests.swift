import EvidenceModel
import Foundation
import Testing

@testable import EvidenceStore

/// A commit's records as one batch (store layout v3): read back only as written, each record by its
/// line, its id the SHA-256 of its line.
struct RecordBatchTests {
    private func canonical(_ subject: String, _ value: String) throws -> EvidenceRecord {
        EvidenceRecord(
            kind: "fw", subject: subject, observedAt: instant("2026-11-05T00:00:00Z"), collector: "test", origin: .observed,
            source: EvidenceSource(name: "a.json", sha256: SHA256Hex.of(Data("a".utf8))), data: ["value": .string(value)])
    }

    private func written() throws -> (RecordBatch, [EvidenceRecord]) {
        let records = [try canonical("host:a", "1"), try canonical("host:a", "line\nfeed"), try canonical("host:é b", "3")]
        var writer = RecordBatch.Writer()
        for (line, record) in records.enumerated() {
            #expect(try writer.append(try record.canonicalBytes(), subject: record.subject) == line)
        }
        return (writer.batch, records)
    }

    @Test func eachRecordIsReadByItsLineAndHashesToItsID() throws {
        let (batch, records) = try written()
        let read = try RecordBatch(records: batch.records, offsets: batch.offsets, place: "batches/1")
        #expect(read == batch && read.count == 3 && batch.offsets.count == 24)
        for (line, record) in records.enumerated() {
            #expect(read.record(line) == (try record.canonicalBytes()))
            #expect(read.id(line) == record.id)
        }
        // The lines, one after another, are the records and nothing else.
        #expect(batch.records == Data((try records.map { try $0.canonicalBytes() + Data("\n".utf8) }).joined()))
        let empty = try RecordBatch(records: Data(), offsets: Data(), place: "batches/2")
        #expect(empty.count == 0)
    }

    @Test func aBatchsFolderIsNamedByItsCommitsNumberInSixteenHexDigits() {
        let paths = RecordBatch.Paths(rootSize: 0x2a)
        #expect(paths.records == "batches/000000000000002a/records" && paths.offsets == "batches/000000000000002a/offsets")
    }

    @Test func bytesThatAreNotARecordAreNotBatched() throws {
        var writer = RecordBatch.Writer()
        #expect(throws: StoreError.self) { try writer.append(Data("{\"a\":1}\n".utf8), subject: "host:a") }
        #expect(throws: StoreError.self) { try writer.append(Data(), subject: "host:a") }
        #expect(writer.count == 0)
    }

    /// Every way the two blobs can disagree is refused, naming the batch and the line.
    @Test func offsetsThatDoNotDescribeTheLinesExactlyAreRefused() throws {
        let (batch, _) = try written()
        let offsets = [UInt8](batch.offsets)
        let records = [UInt8](batch.records)
        func word(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
        let second = offsets[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let cases: [(String, [UInt8], [UInt8], String)] = [
            ("offsets cut", records, Array(offsets.dropLast()), "not a multiple of 8"),
            ("no offsets", records, [], "no offsets"),
            ("first line moved", records, word(1) + offsets[8...], "line 0 starts at 1"),
            ("two lines as one", records, Array(offsets[0..<8] + offsets[16...]), "line 0 holds a line feed"),
            ("a line split", records, Array(offsets[0..<16] + word(second + 3) + offsets[16...]), "line 1 does not end"),
            ("an empty line", records, Array(offsets[0..<16] + offsets[8..<16] + offsets[16...]), "line 1 ends"),
            ("the last feed cut", Array(records.dropLast()), offsets, "line 2 does not end"),
            ("bytes after the last line", records + [0x41], offsets, "line 2 does not end"),
            ("a line past the end", records, offsets + word(UInt64(records.count + 10)), "line 2 ends at"),
        ]
        for (name, records, cutOffsets, reason) in cases {
            do {
                _ = try RecordBatch(records: Data(records), offsets: Data(cutOffsets), place: "batches/000000000000002a")
                Issue.record("\(name): read")
            } catch {
                #expect("\(error)".contains("batches/000000000000002a") && "\(error)".contains(reason), "\(name): \(error)")
            }
        }
        #expect(throws: Never.self) { try RecordBatch(records: Data(records), offsets: Data(offsets), place: "batches/1") }
    }
}
