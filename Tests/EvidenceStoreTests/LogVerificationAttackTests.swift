import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// Each claim `log verify` makes about a commit, broken with git plumbing as an operator could
/// (``commitForged(_:files:at:)``, ``amendHead(_:files:at:)``), and the failure that names it.
@Suite struct LogVerificationAttackTests {
    private let raw = Data("raw".utf8)

    @Test func recordsInAFolderWithoutItsSubjectFileAreCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let record = sampleRecord(subject: "host:h9", at: "2026-11-10T00:00:00Z")
        try commitForged(store, files: try filedAndListed(record, under: "host:h9", in: store))
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("\(StoreLayout.subjectFolder("host:h9")) has records but no subject file"), "\(found)")
    }

    /// A record whose source is an input the store does not hold, listed and filed as Vigil would.
    @Test func aRecordNamingARawInputTheStoreDoesNotHoldIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let record = sampleRecord(subject: "host:h1", version: "2", at: "2026-11-10T00:00:00Z", raw: Data("elsewhere".utf8))
        try commitForged(store, files: try filedAndListed(record, under: "host:h1", in: store))
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("record \(record.id) names raw input \(SHA256Hex.of(Data("elsewhere".utf8))), which the store does not hold"))
    }

    /// A record filed and listed as Vigil would, in a commit whose checkpoint (the parent's) does not
    /// sign it.
    @Test func aRecordTheCheckpointDoesNotSignIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let record = sampleRecord(subject: "host:h1", version: "2", at: "2026-11-10T00:00:00Z")
        try commitForged(store, files: try filedAndListed(record, under: "host:h1", in: store))
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("host:h1 gained records the commit's checkpoint does not sign"), "\(found)")
    }

    @Test func aRecordRewrittenInPlaceIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let record = sampleRecord(subject: "host:h1", at: "2026-11-10T00:00:00Z")
        let path = StoreLayout.recordPath(subject: "host:h1", id: record.id)
        #expect(try store.file(path) == record.canonicalData)
        try commitForged(store, files: [path: sampleRecord(subject: "host:h1", version: "9", at: "2026-11-10T00:00:00Z").canonicalData])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("changed \(path) (a record about host:h1), which is written once"), "\(found)")
    }

    /// A record about one subject, filed (under the id of its bytes) in another subject's folder.
    @Test func aRecordFiledUnderAnotherSubjectIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let record = sampleRecord(subject: "host:h2", version: "2", at: "2026-11-10T00:00:00Z")
        try commitForged(store, files: try filedAndListed(record, under: "host:h1", in: store))
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("record \(record.id) is about host:h2, filed under another subject"), "\(found)")
    }

    /// A full tile, or its entry bundle, planted ahead of the log's size: the commit that later writes
    /// it would look like tampering. Each commit adds only the tiles its growth calls for.
    @Test(arguments: [false, true]) func aTilePlantedAheadOfTheLogIsCaught(bundle: Bool) throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let tile = TileID(level: 0, index: 5, width: 256)
        let path = bundle ? LogLayout.entriesPath(tile) : LogLayout.tilePath(tile)
        try commitForged(store, files: [path: Data(repeating: 7, count: 32 * 256)])
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("\(path) is not a tile of the root log's growth from 3 to 3 entries"), "\(found)")
    }

    /// HEAD recommitted a second later: its root log entries say they were logged at the original
    /// commit's time, which is a backdated or postdated logged time now.
    @Test func aCommitWhoseTimeIsNotItsEntriesLoggedTimeIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        try amendHead(store, files: [:], at: instant("2026-11-10T00:00:01Z"))
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("was logged at 2026-11-10T00:00:00Z, its commit at 2026-11-10T00:00:01Z"), "\(found)")
    }

    /// A record logged as Vigil would log it, its log entry signed with the store's key, but the entry
    /// a version 3 head (saying where the record is in a batch) in this version 2 store: its extra
    /// lines are checked by nothing here, so the entry itself is refused.
    @Test func aSubjectHeadOfAnotherVersionThanTheStoreIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let record = sampleRecord(subject: "host:h1", version: "2", at: "2026-11-11T00:00:00Z")
        var files = try filedAndListed(record, under: "host:h1", in: store)
        func write(_ path: String, _ content: Data) { files[path] = content }
        var log = try LogAppender { path throws(StoreError) in try store.file(path) }.start(loggedAt: instant("2026-11-11T00:00:00Z"))
        let placement = SubjectHead.Placement(batch: 2, firstLine: 0, lines: 1, previousHead: 1)
        try log.subject("host:h1", leaves: [MerkleHash.leaf(record.canonicalData)], placement: placement, writing: write, loggedSubject: { _ in })
        let changes = try log.finish(signing: testSigning, writing: write)
        try commitForged(store, files: files, removing: changes.removals)
        let found = try #require(verificationFailure(of: store))
        #expect(found.contains("root log entry 3 is a version 3 subject head in a version 2 store"), "\(found)")
        // Logged as a version 2 head, the same commit verifies: the version is what is refused.
        let honest = try TemporaryFolder()
        let same = try storeOfThreeSubjects(honest)
        var plain = try filedAndListed(record, under: "host:h1", in: same)
        var relog = try LogAppender { path throws(StoreError) in try same.file(path) }.start(loggedAt: instant("2026-11-11T00:00:00Z"))
        try relog.subject(
            "host:h1", leaves: [MerkleHash.leaf(record.canonicalData)], writing: { plain[$0] = $1 }, loggedSubject: { _ in })
        let kept = try relog.finish(signing: testSigning) { plain[$0] = $1 }
        try commitForged(same, files: plain, removing: kept.removals)
        #expect(verificationFailure(of: same) == nil)
    }
}
