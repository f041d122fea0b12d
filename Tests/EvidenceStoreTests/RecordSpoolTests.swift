import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// The file a collect keeps waiting records' bytes in: the same bytes back, across buffer flushes,
/// and nothing left in the folder.
struct RecordSpoolTests {
    @Test func bytesComeBackAsWrittenAcrossFlushesAndTheFileIsNeverListed() throws {
        let folder = try TemporaryFolder()
        let spool = try RecordSpool(in: folder.url)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty, "unlinked at once")
        // ~3 MB in records of 0 to 2,999 bytes: the 1 MiB buffer is written out several times.
        let records = (0..<2_000).map { n in Data(SeededRandom.bytes(n * 7 % 3_000, seed: UInt64(n))) }
        var places: [RecordSpool.Place] = []
        for (n, record) in records.enumerated() {
            places.append(try spool.append(record))
            if n == 10 { #expect(try spool.read(places[3]) == records[3], "read while the rest is still buffered") }
        }
        for n in [0, 1, 999, 1_998, 1_999, 500] { #expect(try spool.read(places[n]) == records[n]) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
    }

    @Test func aSpooledRecordIsTheRecordsCanonicalBytes() throws {
        let folder = try TemporaryFolder()
        let spool = try RecordSpool(in: folder.url)
        let record = sampleRecord()
        let staged = try SpooledRecord(record, subject: record.subject, spool: spool)
        #expect(try staged.canonicalBytes() == record.canonicalData)
        #expect(staged.id == record.id)
    }

    @Test func aFolderThatCannotHoldTheSpoolIsNamed() throws {
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        #expect { try RecordSpool(in: missing) } throws: { error in
            "\(error)".contains(missing.path) && "\(error)".contains("records waiting for their commit")
        }
    }
}
