import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A session staged as a chain of commits keeps only the last commit's record bytes for the index;
/// the index reads the others back and ends up as a rebuild would.
struct AppendSessionTests {
    @Test func onlyTheLastCommitsBytesAreKeptAndTheIndexReadsTheRestBack() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        var session = try AppendSession(store: store, signing: testSigning, at: instant("2026-11-02T00:00:00Z"), recordsPerCommit: 2)
        session.beginInput(raw: Data("raw".utf8))
        try session.add((0..<5).map { sampleRecord(subject: "host:h\($0 % 2)", version: "\($0)", at: "2026-11-01T06:00:00Z") })
        let result = try session.finish(message: "run\n")
        #expect(try store.history().count == 4)  // the store's creation, then three commits of 2, 2 and 1
        #expect(result.added.map { $0.bytes != nil } == [false, false, false, false, true])

        let index = try EvidenceIndex(path: dir.url.appendingPathComponent("index.sqlite"))
        #expect(try index.sync(with: store, appended: result.added) == 5)
        let rebuilt = try EvidenceIndex.rebuild(at: dir.url.appendingPathComponent("rebuilt.sqlite"), from: store)
        #expect(try index.dump() == rebuilt.dump())
    }
}
