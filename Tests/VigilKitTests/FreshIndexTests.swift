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

        /// The index file's inode: a new index is a new file moved into place.
        func indexFile() throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: workspace.indexURL.path)[.systemFileNumber] as? Int)
        }

        func sealHolds() throws -> Bool {
            let index = try EvidenceIndex(path: workspace.indexURL)
            try index.settleJournal()
            return IndexSeal(index: index, secret: try #require(workspace.keyRing.cacheSecret())).holds(for: try index.contentDigest())
        }
    }

    /// The new index holds, row for row, what an index synced in place from the store holds, and
    /// it is sealed: the next check needs no whole audit.
    @Test func aCollectFarLargerThanItsIndexBuildsANewOneHoldingWhatASyncWrites() throws {
        let w = try Fleet(freshIndexMinimum: 1)
        let before = try w.indexFile()
        let added = try w.collect(["web-01", "web-02"])
        #expect(added > 1)
        #expect(try w.indexFile() != before, "a new index moved into place")
        #expect(!FileManager.default.fileExists(atPath: w.workspace.indexURL.path + ".rebuild"))
        #expect(try w.sealHolds())
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
        let first = try w.indexFile()
        try w.collect(["web-02"])
        #expect(try w.indexFile() == first, "as many records as the index holds: in place")
        #expect(try w.sealHolds())

        let small = try Fleet(freshIndexMinimum: 1_000)
        let new = try small.indexFile()
        try small.collect(["web-01", "web-02"])
        #expect(try small.indexFile() == new, "fewer records than the minimum: in place")
        #expect(try small.sealHolds())
    }
}
