import Crypto
import EvidenceModel
import EvidenceStore
import Foundation
import Testing
import VigilTestSupport

@testable import VigilKit

/// The index seal: a full audit seals the index's bytes under the workspace secret, an unchanged
/// index is then trusted without reading its rows, and any edit sends the next command back to the
/// full audit.
@Suite(.serialized)
struct IndexSealTests {
    static let instant = Timestamp.parse("2026-11-29T12:00:00Z")!

    /// A workspace holding two hosts' firmware inventories.
    struct Sealed {
        let scratch: TemporaryFolder
        let pipeline: Pipeline
        var workspace: Workspace { pipeline.workspace }
        var sealFile: URL { URL(fileURLWithPath: workspace.indexURL.path + ".seal") }

        init() throws {
            scratch = try TemporaryFolder()
            let configuration = try Configuration.load(file: nil, directory: EvaluationEvidenceTests.repository)
            pipeline = Pipeline(
                workspace: Workspace(home: scratch.url.appendingPathComponent("ws")),
                configuration: configuration, now: IndexSealTests.instant)
            _ = try pipeline.workspace.create(at: pipeline.now, origin: pipeline.origin)
            try collect("web-01")
        }

        func collect(_ host: String) throws {
            let device = try Data(contentsOf: EvaluationEvidenceTests.repository.appendingPathComponent("Evidence/firmware/web-01.devices.json"))
            _ = try pipeline.collect([
                CollectItem(
                    collector: "fwupd", name: "\(host).devices.json", origin: "test", bytes: .success(device),
                    subject: "host:\(host)", observedAt: IndexSealTests.instant.addingTimeInterval(-3_600))
            ])
        }

        /// Opens the index (sealing it), collects `host`, then puts the index and its seal back as
        /// they were: a sealed index one collect behind the store, as a crash after the commit leaves it.
        func collectLeavingTheSealedIndexBehind(_ host: String) throws {
            _ = try open()
            let files = [workspace.indexURL, sealFile]
            let saved = try files.map { try Data(contentsOf: $0) }
            try collect(host)
            for (file, bytes) in zip(files, saved) { try bytes.write(to: file) }
        }

        /// Opens and audits the index as every reading command does.
        func open() throws(VigilError) -> EvidenceIndex {
            let store = try workspace.openStore()
            return try workspace.openIndex(for: store)
        }

        func sql(_ statement: String) throws {
            _ = try IndexSealTests.sql(statement, in: workspace.indexURL)
        }

        /// What only a holder of the keys folder can write: a seal for the index's present bytes.
        func sealAsTheKeysHolder() throws {
            let index = try EvidenceIndex(path: workspace.indexURL)
            try index.settleJournal()
            IndexSeal(index: index, secret: try #require(workspace.keyRing.cacheSecret())).seal(try index.contentDigest())
        }

        func sealHolds() throws -> Bool {
            let index = try EvidenceIndex(path: workspace.indexURL)
            try index.settleJournal()
            return IndexSeal(index: index, secret: try #require(workspace.keyRing.cacheSecret())).holds(for: try index.contentDigest())
        }
    }

    /// Runs one SQL statement on the index at `path` outside Vigil (Python's sqlite3), as an operator
    /// with write access could; returns the rows it gives, as Python prints them.
    @discardableResult
    static func sql(_ statement: String, in path: URL) throws -> String {
        let script = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nr = c.execute(sys.argv[2]).fetchall()\nc.commit()\nprint(r)\n"
        let run = try runProcess("python3", ["-c", script, path.path, statement])
        #expect(run.status == 0, "sql: \(statement): \(run.output)")
        return run.output
    }

    @Test func aFullAuditSealsTheIndexAndAnEditBreaksTheSeal() throws {
        let w = try Sealed()
        _ = try w.open()
        #expect(try w.sealHolds())
        try w.sql("UPDATE record SET observed_at = observed_at - 86400")
        #expect(try !w.sealHolds())
        #expect(throws: VigilError.self) { _ = try w.open() }
        #expect(!FileManager.default.fileExists(atPath: w.sealFile.path), "a broken seal is removed, not left to be trusted")
    }

    /// The seal is what lets an unchanged index skip the row audit: an edit sealed by whoever holds
    /// the keys folder (who could sign a new log as well) is believed, which no other edit is.
    /// The TUI keeps its evaluation beside the index, not in it: a sealed index stays sealed, byte
    /// for byte, so the next check needs no whole audit; an edited one is refused.
    @Test func theTUIsCachedEvaluationKeepsASealedIndexSealed() throws {
        let w = try Sealed()
        _ = try w.open()
        #expect(try w.sealHolds())
        let controls = EvaluationEvidenceTests.repository.appendingPathComponent("Controls")
        let queries = try TUIQueries(pipeline: w.pipeline, at: Self.instant, controlsDirectory: controls)
        _ = try queries.evaluation()
        #expect(!queries.lastEvaluationWasCached)
        #expect(FileManager.default.fileExists(atPath: w.workspace.home.appendingPathComponent("tui-cache").path))
        #expect(try w.sealHolds(), "nothing the TUI keeps is written into the index (it is not sealed again)")
        try w.sql("UPDATE record SET observed_at = observed_at - 86400")
        #expect(try !w.sealHolds())
        #expect(throws: VigilError.self) {
            _ = try TUIQueries(pipeline: w.pipeline, at: Self.instant.addingTimeInterval(60), controlsDirectory: controls).evaluation()
        }
        #expect(try !w.sealHolds())
    }

    @Test func aSealedIndexIsNotReadRowByRow() throws {
        let w = try Sealed()
        _ = try w.open()
        try w.sql("UPDATE record SET observed_at = observed_at - 86400")
        try w.sealAsTheKeysHolder()
        _ = try w.open()
        try "vigil.index-seal/v2\n00\n".write(to: w.sealFile, atomically: true, encoding: .utf8)
        #expect(throws: VigilError.self) { _ = try w.open() }
    }

    /// A seal of the format before (a digest of 64 MiB pieces) is not honoured, even under the right
    /// secret: the index is audited whole once, and sealed in the present format.
    @Test func aSealOfTheFormatBeforeIsNotHonoured() throws {
        let w = try Sealed()
        _ = try w.open()
        let secret = try #require(w.workspace.keyRing.cacheSecret())
        func sealOfVersion1() throws -> Data {
            let index = try EvidenceIndex(path: w.workspace.indexURL)
            try index.settleJournal()
            // Below 16 MiB the index is one piece in either format: the digest is the same.
            var message = Data("vigil.index-seal/v1\n".utf8)
            message.append(try index.contentDigest())
            let mac = HMAC<SHA256>.authenticationCode(for: message, using: secret)
            return Data("vigil.index-seal/v1\n\(Data(mac).map { String(format: "%02x", $0) }.joined())\n".utf8)
        }
        try sealOfVersion1().write(to: w.sealFile)
        #expect(try !w.sealHolds())
        _ = try w.open()
        #expect(try w.sealHolds(), "audited whole and sealed again")
        #expect(try String(contentsOf: w.sealFile, encoding: .utf8).hasPrefix("vigil.index-seal/v2\n"))

        try w.sql("UPDATE record SET observed_at = observed_at - 86400")
        try sealOfVersion1().write(to: w.sealFile)
        #expect(throws: VigilError.self, "an edited index under a v1 seal is audited, and the edit found") { _ = try w.open() }
    }

    @Test func aCollectKeepsASealedIndexSealedAndAnUnsealedOneUnsealed() throws {
        let w = try Sealed()
        _ = try w.open()
        #expect(try w.sealHolds())
        try w.collect("web-02")
        #expect(try w.sealHolds(), "the rows a sync adds are verified as they are written")
        try FileManager.default.removeItem(at: w.sealFile)
        try w.collect("web-03")
        #expect(!FileManager.default.fileExists(atPath: w.sealFile.path))
        _ = try w.open()
        #expect(try w.sealHolds())
        #expect(try EvidenceIndex(path: w.workspace.indexURL).recordCount() >= 3)
    }

    /// An index left behind the store (a crash after the commit), still sealed: opening catches it up
    /// with rows checked against the signed log as they are written, and seals the result; without
    /// a sync to run, the seal it found is kept as it is.
    @Test func aSealedIndexBehindTheStoreIsCaughtUpAndSealedAgain() throws {
        let w = try Sealed()
        try w.collectLeavingTheSealedIndexBehind("web-02")
        #expect(try w.sealHolds(), "the old index under its old seal")
        let behind = try EvidenceIndex(path: w.workspace.indexURL).recordCount()

        let index = try w.open()
        #expect(try index.recordCount() > behind)
        #expect(try w.sealHolds())
        let seal = try Data(contentsOf: w.sealFile)
        _ = try w.open()
        #expect(try Data(contentsOf: w.sealFile) == seal && w.sealHolds())
    }

    /// `vigil index rebuild` verifies every row against the signed log as it writes it, as a new
    /// index's first sync does: the rebuilt index is sealed, and the first check after it needs no
    /// whole audit. The old index's seal (here of an edited index) goes with the old index.
    @Test func aRebuiltIndexIsSealedAndTheEditedOneIsGone() throws {
        let w = try Sealed()
        try w.collect("web-02")
        let records = try EvidenceIndex(path: w.workspace.indexURL).recordCount()
        try w.sql("UPDATE record SET observed_at = observed_at - 86400")
        try w.sealAsTheKeysHolder()
        #expect(try w.pipeline.rebuildIndex() == records)
        #expect(try w.sealHolds(), "sealed for the rebuilt bytes, not the edited ones")
        #expect(!FileManager.default.fileExists(atPath: w.workspace.indexURL.path + ".rebuild.seal"))
        #expect(!FileManager.default.fileExists(atPath: w.workspace.indexURL.path + ".rebuild"))
        #expect(try w.open().recordCount() == records)
        try w.sql("UPDATE record SET observed_at = observed_at - 86400")
        #expect(throws: VigilError.self) { _ = try w.open() }
    }

    /// A new index holds nothing to audit: the first collect into it seals what it writes, and the
    /// workspace's first check needs no whole audit. An index with rows and no seal is not "new".
    @Test func theFirstCollectIntoANewIndexSealsIt() throws {
        let w = try Sealed()
        #expect(try w.sealHolds(), "sealed by the collect that made it, before any audit")
        try FileManager.default.removeItem(at: w.sealFile)
        try w.collect("web-02")
        #expect(!FileManager.default.fileExists(atPath: w.sealFile.path), "rows without a seal are audited first")
    }

    /// A new index that holds an object Vigil does not make (a trigger waiting for the first rows)
    /// is not new: it is not sealed, and the audit reports the object.
    @Test func aNewIndexWithAForeignObjectIsNotSealed() throws {
        let w = try Sealed()
        for suffix in ["", "-wal", "-shm", ".seal"] { try? FileManager.default.removeItem(atPath: w.workspace.indexURL.path + suffix) }
        _ = try EvidenceIndex(path: w.workspace.indexURL)
        try w.sql("CREATE TRIGGER later AFTER INSERT ON record BEGIN UPDATE record SET observed_at = 0 WHERE seq = NEW.seq; END")
        try w.collect("web-02")
        #expect(!FileManager.default.fileExists(atPath: w.sealFile.path))
        #expect(throws: VigilError.self) { _ = try w.open() }
    }

    /// Another writer that commits while a collect's sync runs (between its transactions) changes
    /// pages the seal would take for the sync's own: the index is then left unsealed, for a whole audit.
    @Test func aWriteByAnotherConnectionDuringASyncIsNotSealed() throws {
        let w = try Sealed()
        // The sealed index one collect behind the store, so that the sync below has rows to write.
        try w.collectLeavingTheSealedIndexBehind("web-02")
        #expect(try w.sealHolds())
        let store = try w.workspace.openStore()
        let index = try EvidenceIndex(path: w.workspace.indexURL)
        let keys = try w.workspace.trustedKeys()
        let sealed = try w.workspace.keepingSeal(of: index) { () throws(StoreError) in
            _ = try index.sync(with: store, trusting: keys)
            do { try w.sql("UPDATE record SET observed_at = observed_at - 86400") } catch { Issue.record(error) }
        }
        #expect(!sealed)
        #expect(try !w.sealHolds())
        #expect(throws: VigilError.self) { _ = try w.open() }
    }
}
