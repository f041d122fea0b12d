import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// The header a collect's spool keeps before each record's bytes says what the bytes say: the index
/// takes a written record's fields from it instead of parsing the record back.
struct SpooledHeaderTests {
    /// Records whose header fields test the text: a time finer than its text's milliseconds, a subject
    /// and a source name beyond ASCII, a declared record, empty and long strings.
    static let records: [EvidenceRecord] = [
        EvidenceRecord(
            kind: "firmware.device", subject: "host:wëb-01 🔒", observedAt: Date(timeIntervalSinceReferenceDate: 786_000_000.123_456_789),
            collector: "fwupd", origin: .observed, source: EvidenceSource(name: "Ünïcode \"quoted\".json", sha256: SHA256Hex.of(Data("a".utf8))),
            data: ["DeviceId": "abc"]),
        EvidenceRecord(
            kind: "risk.acceptance", subject: "risk:" + String(repeating: "r", count: 300), observedAt: Date(timeIntervalSinceReferenceDate: -1.5),
            collector: "risk-register", origin: .declared, source: EvidenceSource(name: "", sha256: SHA256Hex.of(Data())), data: [:]),
    ]

    @Test func theHeaderIsWhatTheBytesSay() throws {
        for record in Self.records {
            let decoded = try #require(SpooledHeader.decode(SpooledHeader.encode(record)))
            #expect(decoded == (try RecordHeader(canonicalData: record.canonicalData)))
            #expect(decoded.observedAt != record.observedAt || record.observedAt.timeIntervalSinceReferenceDate == -1.5, "the time as its text reads back")
        }
    }

    @Test func bytesThatAreNotAHeaderAreNone() {
        let bytes = SpooledHeader.encode(Self.records[0])
        #expect(SpooledHeader.decode(bytes.dropLast()) == nil)
        #expect(SpooledHeader.decode(bytes + [0]) == nil)
        #expect(SpooledHeader.decode([UInt8]()) == nil)
        var badOrigin = SpooledHeader.encode(Self.records[1])
        let at = badOrigin.firstRange(of: Array("declared".utf8))!
        badOrigin.replaceSubrange(at, with: Array("decla_ed".utf8))
        #expect(SpooledHeader.decode(badOrigin) == nil)
    }

    /// A session's records are indexed from their spooled headers, as a rebuild reads them from git.
    @Test func theIndexTakesSpooledHeadersAsARebuildReadsTheBytes() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-12-02T00:00:00Z"), recordsPerCommit: 1)
        session.beginInput(raw: Data("a".utf8))
        try session.add(Self.records)
        let result = try session.finish(message: "run\n")
        #expect(result.added.count == 2 && result.added.allSatisfy { $0.headerLength > 0 })
        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        #expect(try index.sync(with: store, appended: result.added) == 2)
        let rebuilt = try EvidenceIndex.rebuild(at: dir.url.appendingPathComponent("rebuilt.sqlite"), from: store)
        #expect(try index.dump() == rebuilt.dump())
    }
}
