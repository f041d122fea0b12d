import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// The layout seam: what the store's subject folders give the readers of records and proofs.
struct StoredSubjectsTests {
    /// Three subjects over two commits, each subject's records appended in a known order.
    private func store(in dir: TemporaryFolder) throws -> (EvidenceStore, appended: [String: [String]]) {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        var appended: [String: [String]] = [:]
        for (day, subjects) in [(10, ["host:b", "host:a"]), (11, ["host:c", "host:a"])] {
            let records = subjects.map { sampleRecord(subject: $0, version: "\(day)", at: "2026-11-\(day)T00:00:00Z") }
            _ = try store.append(records: records, rawInputs: [], message: "\(day)\n", at: instant("2026-11-\(day)T06:00:00Z"), signing: testSigning)
            for record in records { appended[record.subject, default: []].append(record.id) }
        }
        return (store, appended)
    }

    @Test func subjectsTheirRecordsAndHeadsReadAsAppended() throws {
        let dir = try TemporaryFolder()
        let (store, appended) = try store(in: dir)
        let snapshot = try #require(try store.snapshot())
        let subjects = snapshot.subjects
        #expect(try subjects.names() == ["host:a", "host:b", "host:c"])
        for (subject, ids) in appended {
            #expect(try subjects.ids(of: subject) == ids)
            let stored = try subjects.records(of: subject)
            for id in ids {
                #expect(SHA256Hex.of(try #require(try stored.bytes(of: id))) == id)
                #expect(stored.place(of: id) == StoreLayout.recordPath(subject: subject, id: id))
            }
            // The newest head is the root log entry naming the subject at its full size.
            let index = try #require(try subjects.newestHead(of: subject))
            let leaf = try #require(try snapshot.rootEntries(from: index, to: index + 1).first)
            let head = try #require(SubjectHead(leafBytes: leaf))
            #expect(head.subject == subject && head.size == ids.count)
        }
        // host:a's second record came in the second commit: its newest head is later than host:b's.
        #expect(try #require(try subjects.newestHead(of: "host:a")) > #require(try subjects.newestHead(of: "host:b")))
    }

    @Test func anUnknownSubjectOrRecordIsNothingNotAFailure() throws {
        let dir = try TemporaryFolder()
        let (store, appended) = try store(in: dir)
        let subjects = try #require(try store.snapshot()).subjects
        #expect(try subjects.ids(of: "host:z").isEmpty)
        #expect(try subjects.newestHead(of: "host:z") == nil)
        let otherID = try #require(appended["host:b"]?.first)
        #expect(try subjects.records(of: "host:z").bytes(of: otherID) == nil)
        // A record of another subject is not found among this one's.
        #expect(try subjects.records(of: "host:c").bytes(of: otherID) == nil)
    }

    @Test func anEarlierCommitIsReadAsItWas() throws {
        let dir = try TemporaryFolder()
        let (store, appended) = try store(in: dir)
        let first = try store.history()[1]  // after the empty log of `create`
        let subjects = try StoreSnapshot(store: store, commit: first).subjects
        #expect(try subjects.names() == ["host:a", "host:b"])
        #expect(try subjects.ids(of: "host:a") == Array(try #require(appended["host:a"]).prefix(1)))
        #expect(try store.records(at: first).map(\.subject) == ["host:a", "host:b"])
    }
}
