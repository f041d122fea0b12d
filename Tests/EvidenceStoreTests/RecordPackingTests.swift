import EvidenceModel
import Foundation
import GRDB
import Testing
import VigilTestSupport

@testable import EvidenceStore

struct RecordPackingTests {
    private let first = sampleRecord(subject: "host:web-01", version: "1.0").canonicalData
    private let second = sampleRecord(subject: "host:db-01", version: "2.0", at: "2026-11-21T06:00:00Z").canonicalData

    private func unpack(_ packed: Data, against dictionary: Data) -> Data? {
        packed.withUnsafeBytes { packed in dictionary.withUnsafeBytes { RecordInflater().unpack(packed, dictionary: $0) } }
    }

    /// A record deflated against another of its kind keeps a fraction of its bytes, and only that
    /// dictionary gives them back; a stream cut short or followed by anything is not a record.
    @Test func aRecordUnpacksOnlyWholeAndAgainstItsOwnDictionary() throws {
        let deflater = RecordDeflater()
        let packed = deflater.pack(second, dictionary: first)
        #expect(packed.count * 4 < second.count, "\(packed.count) of \(second.count) bytes")
        #expect(unpack(packed, against: first) == second)
        #expect(deflater.pack(second, dictionary: first) == packed, "the stream is reset between records")
        #expect(unpack(packed, against: Data("another dictionary".utf8)) != second)
        #expect(unpack(packed.dropLast(2), against: first) == nil)
        #expect(unpack(packed + Data([0]), against: first) == nil)
        #expect(unpack(Data("{\"kind\":\"asset\"}".utf8), against: first) == nil)
        // Larger than the inflater's buffer: unpacked over several rounds.
        let large = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) })
        #expect(unpack(deflater.pack(large, dictionary: first), against: first) == large)
    }

    /// Each kind's first record becomes its dictionary; every row is stored packed and read back
    /// as the record it is, and the audit passes.
    @Test func rowsAreStoredPackedAgainstTheirKindsFirstRecord() throws {
        let dir = try TemporaryFolder()
        let (store, index) = try syncedIndex(in: dir)
        let (dictionaries, rows) = try index.read { db in
            (
                try Row.fetchAll(db, sql: "SELECT kind, bytes FROM record_dictionary"),
                try Row.fetchAll(db, sql: "SELECT id, kind, json, dictionary FROM record ORDER BY seq")
            )
        }
        #expect(Set(dictionaries.map { $0["kind"] as String }) == ["firmware.device", "asset"])
        let firstOfKind = try #require(try index.records(matching: RecordQuery(kind: "asset")).first)
        #expect(dictionaries.first { $0["kind"] == "asset" }?["bytes"] == firstOfKind.canonicalData)
        for row in rows {
            let stored: Data = row["json"]
            let record = try #require(try index.record(id: row["id"]))
            #expect(row["dictionary"] as Int != 0)
            #expect(stored != record.canonicalData && SHA256Hex.of(record.canonicalData) == row["id"])
        }
        try index.audit(against: store, trusting: testSigning.keys.map(\.verifierKey))
    }

    /// An index made before packing keeps its rows as they were (dictionary 0): they read, audit and
    /// dump as the packed rows of a rebuilt index do.
    @Test func rowsIndexedBeforePackingReadAsTheyWere() throws {
        let dir = try TemporaryFolder()
        let (store, index) = try syncedIndex(in: dir)
        let packed = try index.dump()
        let records = try index.records(matching: RecordQuery())
        try index.write { db in
            try db.execute(sql: "UPDATE record SET json = \(RecordPacking.bytesSQL), dictionary = 0; DELETE FROM record_dictionary")
        }
        #expect(
            try index.read { db in try Int.fetchOne(db, sql: "SELECT SUM(length(json)) FROM record") }
                == records.map(\.canonicalData.count).reduce(0, +))
        #expect(try index.records(matching: RecordQuery()) == records)
        #expect(try index.dump() == packed)
        try index.audit(against: store, trusting: testSigning.keys.map(\.verifierKey))
    }

    /// Read to be judged, a kind's records keep only the data members asked for, with the whole
    /// record's id and bytes; other kinds are built whole. A row whose kind column is not its
    /// record's kind chose the wrong members: it is refused, not judged.
    @Test func aReaderKeepingSomeDataBuildsOnlyThoseMembers() throws {
        let dir = try TemporaryFolder()
        let (_, index) = try syncedIndex(in: dir)
        let whole = try index.records(matching: RecordQuery())
        let seqs = try index.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM record") }
        let read = try index.recordReader.records(seqs, keepingData: ["firmware.device": .only(["Version", "absent"])])
        #expect(read.map(\.id) == whole.map(\.id))
        for (kept, record) in zip(read, whole) {
            #expect(kept.canonicalData == record.canonicalData && kept.loggedAt == record.loggedAt)
            let expected = record.kind == "firmware.device" ? record.data.filter { $0.key == "Version" } : record.data
            #expect(kept.data == expected)
        }
        #expect(try index.recordReader.records(seqs).map(\.data) == whole.map(\.data))
        try index.write { db in try db.execute(sql: "UPDATE record SET kind = 'asset' WHERE kind = 'firmware.device'") }
        #expect(throws: StoreError.self) { try index.recordReader.records(seqs, keepingData: ["asset": .only(["owner"])]) }
    }

    /// The populated store and an index synced with it, both in `dir`.
    private func syncedIndex(in dir: TemporaryFolder) throws -> (EvidenceStore, EvidenceIndex) {
        let store = try populatedStore(in: dir)
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        try index.sync(with: store)
        return (store, index)
    }

    private func populatedStore(in dir: TemporaryFolder) throws -> EvidenceStore {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        var records = (10...14).map { sampleRecord(subject: "host:web-\($0)", version: "\($0)", at: "2026-11-\($0)T06:00:00Z") }
        records.append(
            EvidenceRecord(
                kind: "asset", subject: "host:web-10", observedAt: instant("2026-11-10T06:00:00Z"), collector: "assets",
                origin: .observed, source: EvidenceSource(name: "assets.csv", sha256: SHA256Hex.of(Data("raw".utf8))),
                data: ["owner": "ops", "environment": "production"]))
        _ = try store.append(
            records: records, rawInputs: [Data("raw".utf8)], message: "day\n", at: instant("2026-11-15T07:00:00Z"), signing: testSigning)
        return store
    }
}

/// `log verify` reads each record file through `EvidenceStore.record(bytes:path:)`: bytes that
/// parse as the record but are not its canonical form are refused, whichever path the reading took.
struct StoredRecordFormTests {
    @Test func aRecordFileNotInCanonicalFormIsRefused() throws {
        let record = sampleRecord()
        let text = String(decoding: record.canonicalData, as: UTF8.self)
        #expect(try EvidenceStore.record(bytes: record.canonicalData, path: "r.json").canonicalData == record.canonicalData)
        for altered in [
            text.replacingOccurrences(of: ",", with: ", "), text.replacingOccurrences(of: "\"kind\"", with: "\"ki\\u006ed\""),
            text.replacingOccurrences(of: "{\"collector\"", with: "{\"extra\":1,\"collector\""),
            text.replacingOccurrences(of: "06:00:00Z", with: "06:00:00.000Z"),
        ] {
            #expect(altered != text)
            #expect("\(altered)") {
                try EvidenceStore.record(bytes: Data(altered.utf8), path: "r.json")
            } throws: { error in
                "\(error)".contains("r.json") && "\(error)".contains("not in canonical form")
            }
        }
    }
}
