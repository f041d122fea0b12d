import EvidenceModel
import EvidenceStore
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// A collect bringing far more records than its index holds builds a new index (filled, then its
/// record indexes sorted once) instead of adding rows all over a large one; anything smaller is
/// synced in place. Either way the index holds what the signed log says, and is sealed.
@Suite(.serialized)
struct FreshIndexTests {
    static let instant = Timestamp.parse("2026-11-29T12:00:00Z")!

    /// A new workspace that indexes afresh any collect of at least `minimum` records.
    struct Fleet {
        let scratch: TemporaryFolder
        let pipeline: Pipeline
        var workspace: Workspace { pipeline.workspace }

        init(freshIndexMinimum minimum: Int) throws {
            scratch = try TemporaryFolder()
            var workspace = Workspace(home: scratch.url.appendingPathComponent("ws"))
            workspace.freshIndexMinimum = minimum
            let configuration = try Configuration.load(file: nil, directory: EvaluationEvidenceTests.repository)
            pipeline = Pipeline(workspace: workspace, configuration: configuration, now: FreshIndexTests.instant)
            _ = try workspace.create(at: pipeline.now, origin: pipeline.origin)
        }

        /// Collects a host's firmware inventory (several records); returns how many were added.
        @discardableResult
        func collect(_ hosts: [String]) throws -> Int {
            let device = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json"))
            let report = try pipeline.collect(
                hosts.map { host in
                    CollectItem(
                        collector: "fwupd", name: "\(host).devices.json", origin: "test", bytes: .success(device),
                        subject: "host:\(host)", observedAt: FreshIndexTests.instant.addingTimeInterval(-3_600))
                })
            return report.newRecords
        }

        /// Adds to the index a table and a trigger noting each record row inserted: Vigil does not
        /// make them, so they survive only a sync in place.
        func markInsertedRows() throws {
            try IndexSealTests.sql("CREATE TABLE marks (id TEXT)", in: workspace.indexURL)
            try IndexSealTests.sql("CREATE TRIGGER mark AFTER INSERT ON record BEGIN INSERT INTO marks VALUES (NEW.id); END", in: workspace.indexURL)
        }

        func tables() throws -> String {
            try IndexSealTests.sql("SELECT name FROM sqlite_schema WHERE type IN ('table', 'trigger') ORDER BY name", in: workspace.indexURL)
        }

        func sealHolds() throws -> Bool {
            let index = try EvidenceIndex(path: workspace.indexURL)
            try index.settleJournal()
            return IndexSeal(index: index, secret: try #require(workspace.keyRing.cacheSecret())).holds(for: try index.contentDigest())
        }
    }

    /// The new index holds, row for row, what an index synced in place from the store holds, and
    /// nothing of the index it replaces (here a trigger an operator slipped in): it is sealed, and
    /// the next check needs no whole audit.
    @Test func aCollectFarLargerThanItsIndexBuildsANewOneHoldingWhatASyncWrites() throws {
        let w = try Fleet(freshIndexMinimum: 1)
        try w.markInsertedRows()
        let added = try w.collect(["web-01", "web-02"])
        #expect(added > 1)
        #expect(try !w.tables().contains("mark"), "the index built replaced the old one's objects")
        #expect(!FileManager.default.fileExists(atPath: w.workspace.indexURL.path + ".rebuild"))
        #expect(!FileManager.default.fileExists(atPath: w.workspace.indexURL.path + ".rebuild.seal"))
        #expect(try w.sealHolds())
        let store = try w.workspace.openStore()
        _ = try w.workspace.openIndex(for: store)  // audited: the seal holds, and the head is the signed one
        let fresh = try EvidenceIndex(path: w.workspace.indexURL).dump()

        for suffix in ["", "-wal", "-shm", ".seal"] { try? FileManager.default.removeItem(atPath: w.workspace.indexURL.path + suffix) }
        try w.workspace.syncIndex(with: try w.workspace.openStore())
        let synced = try EvidenceIndex(path: w.workspace.indexURL)
        #expect(try synced.recordCount() >= added)
        #expect(try synced.dump() == fresh)
    }

    /// A collect no more than four times the index's records, or under the minimum, adds its rows
    /// to the index in place (the same file), sealed as before.
    @Test func aCollectNotFarLargerThanItsIndexIsSyncedInPlace() throws {
        let w = try Fleet(freshIndexMinimum: 1)
        try w.collect(["web-01"])
        try w.markInsertedRows()
        try w.collect(["web-02"])
        let marked = try IndexSealTests.sql("SELECT COUNT(*) FROM marks", in: w.workspace.indexURL)
        #expect(marked != "[(0,)]\n", "as many records as the index holds: in place, the trigger ran")

        let small = try Fleet(freshIndexMinimum: 1_000)
        try small.markInsertedRows()
        try small.collect(["web-01", "web-02"])
        let smallMarked = try IndexSealTests.sql("SELECT COUNT(*) FROM marks", in: small.workspace.indexURL)
        #expect(smallMarked != "[(0,)]\n", "fewer records than the minimum: in place")
    }
}
