import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// A subject's published log: written from the store, proven from the files alone.
struct PublishedSubjectLogTests {
    let keys = testSigning.keys.map(\.verifierKey)

    /// host:h1 collected twice, host:h8 once (a commit logs its subjects in hash order: h1 first);
    /// every file `publish --subjects host:` writes, by path.
    private func published(_ dir: TemporaryFolder) throws -> (EvidenceStore, [String: Data]) {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let raw = [Data("raw".utf8)]
        _ = try store.append(
            records: [sampleRecord(subject: "host:h1", version: "1"), sampleRecord(subject: "host:h8")],
            rawInputs: raw, message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        _ = try store.append(
            records: [sampleRecord(subject: "host:h1", version: "2", at: "2026-11-21T06:00:00Z")],
            rawInputs: raw, message: "b\n", at: instant("2026-11-21T07:00:00Z"), signing: testSigning)
        var files: [String: Data] = [:]
        for file in try store.publishedSubjectFiles(include: { $0.hasPrefix("host:") }) + store.publishedLogFiles() {
            files[file.path] = file.data
        }
        return (store, files)
    }

    private func verify(_ subject: String, _ files: [String: Data]) throws(StoreError) -> PublishedSubjectLog.Summary {
        try PublishedSubjectLog.verify(subject: subject, trusting: keys) { path throws(StoreError) in files[path] }
    }

    private func failure(_ subject: String, _ files: [String: Data]) -> String {
        do { _ = try verify(subject, files) } catch { return error.description }
        return "verified"
    }

    @Test func aPublishedSubjectLogProvesItsRecordsHeadAndLoggedTime() throws {
        let dir = try TemporaryFolder()
        let (_, files) = try published(dir)
        let summary = try verify("host:h1", files)
        #expect(summary.records == 2)
        #expect(summary.rootIndex == 2)
        #expect(summary.rootSize == 3)
        #expect(summary.loggedAt == instant("2026-11-21T07:00:00Z"))
        #expect(summary.newestObservation == instant("2026-11-21T06:00:00Z"))
        #expect(try verify("host:h8", files).records == 1)
        let folder = "subjects/\(SHA256Hex.of("host:h1"))"
        #expect(PublishedSubjectLog.recordsPath("host:h1") == "\(folder)/records")
        #expect(String(decoding: try #require(files["\(folder)/head"]), as: UTF8.self).hasPrefix("vigil.subject-head/v2\nhost:h1\n2\n"))
    }

    @Test func onlySubjectsThePrefixSelectsArePublished() throws {
        let dir = try TemporaryFolder()
        let (store, _) = try published(dir)
        let paths = try store.publishedSubjectFiles { $0 == "host:h8" }.map(\.path)
        let folder = "subjects/\(SHA256Hex.of("host:h8"))"
        #expect(paths == ["\(folder)/records", "\(folder)/head", "\(folder)/head.tlog-proof"])
        #expect(try store.publishedSubjectFiles { _ in false }.isEmpty)
    }

    @Test func anotherSubjectsHeadAndProofAreRejected() throws {
        let dir = try TemporaryFolder()
        var files = try published(dir).1
        files[PublishedSubjectLog.headPath("host:h1")] = files[PublishedSubjectLog.headPath("host:h8")]
        files[PublishedSubjectLog.proofPath("host:h1")] = files[PublishedSubjectLog.proofPath("host:h8")]
        #expect(failure("host:h1", files) == "\(PublishedSubjectLog.headPath("host:h1")): the head is of host:h8, not host:h1")
    }

    @Test func reorderedRecordsDoNotRebuildTheSignedRoot() throws {
        let dir = try TemporaryFolder()
        var files = try published(dir).1
        let path = PublishedSubjectLog.recordsPath("host:h1")
        let lines = String(decoding: try #require(files[path]), as: UTF8.self).split(separator: "\n")
        files[path] = Data((lines.reversed().joined(separator: "\n") + "\n").utf8)
        #expect(failure("host:h1", files) == "\(path): the records do not rebuild the signed subject root (a record was changed, removed or reordered)")
    }

    @Test func aRecordInAnotherSpellingIsNotItsLeaf() throws {
        let dir = try TemporaryFolder()
        var files = try published(dir).1
        let path = PublishedSubjectLog.recordsPath("host:h8")
        files[path] = Data(String(decoding: try #require(files[path]), as: UTF8.self).replacingOccurrences(of: "{\"", with: "{ \"").utf8)
        #expect(failure("host:h8", files) == "\(path) line 1: not in canonical form (its bytes are not its leaf)")
    }

    @Test func aCheckpointOtherThanTheProofsIsRejected() throws {
        let dir = try TemporaryFolder()
        let (store, original) = try published(dir)
        var files = original
        _ = try store.append(
            records: [sampleRecord(subject: "host:h3")], rawInputs: [Data("raw".utf8)], message: "c\n",
            at: instant("2026-11-22T00:00:00Z"), signing: testSigning)
        files["checkpoint"] = try #require(try store.checkpoint()).serializedData
        #expect(failure("host:h1", files).hasPrefix("checkpoint: differs from the checkpoint"))
        files["checkpoint"] = nil
        #expect(failure("host:h1", files) == "checkpoint: missing")
    }

    /// The stale-head attack: h1's first head (root entry 0) and first record, with an honest proof of
    /// that entry in today's checkpoint. Inclusion holds; only the tail shows a newer head.
    @Test func anOlderHeadProvenInTheCurrentCheckpointIsNotTheNewest() throws {
        let dir = try TemporaryFolder()
        var files = try published(dir).1
        let tiles = { (path: String) throws(StoreError) -> Data? in files[String(path.dropFirst(LogLayout.rootPrefix.count))] }
        let entries = try EntryBundle.entries(try #require(files["tile/entries/000.p/3"]), path: "tile/entries/000.p/3")
        var reader = TileHashReader(size: 3, read: tiles)
        var hashes: [Data] = []
        for node in try ProofPlan.inclusion(index: 0, size: 3) { hashes.append(try reader.hash(of: node)) }
        let note = try Note(parsing: try #require(files["checkpoint"]))
        let records = String(decoding: try #require(files[PublishedSubjectLog.recordsPath("host:h1")]), as: UTF8.self)
        files[PublishedSubjectLog.recordsPath("host:h1")] = Data((records.split(separator: "\n")[0] + "\n").utf8)
        files[PublishedSubjectLog.headPath("host:h1")] = entries[0]
        files[PublishedSubjectLog.proofPath("host:h1")] = Data(TlogProof(index: 0, hashes: hashes, checkpoint: note).text.utf8)
        #expect(
            failure("host:h1", files)
                == "root log entry 2 is a newer head of host:h1 (2 records) than the published one at 0: history truncated")
    }

    @Test func theNewestHeadNeedsTheRootTailToRebuildTheSignedRoot() throws {
        let dir = try TemporaryFolder()
        var files = try published(dir).1
        #expect(try verify("host:h8", files).laterRootEntries == 1)
        #expect(try verify("host:h1", files).laterRootEntries == 0)
        let bundle = try #require(files["tile/entries/000.p/3"])
        files["tile/entries/000.p/3"] = nil
        #expect(failure("host:h8", files) == "tile/entries/000.p/3: missing")
        files["tile/entries/000.p/3"] = bundle.dropLast(2) + Data("x\n".utf8)
        #expect(failure("host:h8", files).hasPrefix("root log entry 2 is not a subject head"))
    }

    /// Past one full tile, the entries before the head's bundle come from a hash tile.
    @Test func aHeadPastTheFirstTileIsProvenNewestFromAHashTileAndTheTail() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let raw = [Data("raw".utf8)]
        _ = try store.append(
            records: (0..<300).map { sampleRecord(subject: "host:s\($0)") }, rawInputs: raw, message: "a\n",
            at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        _ = try store.append(
            records: [sampleRecord(subject: "host:s5", version: "2", at: "2026-11-21T06:00:00Z")],
            rawInputs: raw, message: "b\n", at: instant("2026-11-21T07:00:00Z"), signing: testSigning)
        var files: [String: Data] = [:]
        // The subject logged 291st of the first commit's 300 (subjects are logged in hash order).
        let late = try #require((0..<300).map { "host:s\($0)" }.sorted { SHA256Hex.of($0) < SHA256Hex.of($1) }.dropFirst(290).first)
        for file in try store.publishedSubjectFiles(include: { ["host:s5", late].contains($0) }) + store.publishedLogFiles() {
            files[file.path] = file.data
        }
        #expect(try verify("host:s5", files).laterRootEntries == 0)
        #expect(try verify(late, files).laterRootEntries == 10)
        #expect(files["tile/1/000.p/1"] != nil)
        var forged = files
        forged["tile/1/000.p/1"] = Data(repeating: 7, count: 32)
        #expect(
            failure(late, forged)
                == "tile/entries: the root log's entries from index 256 on do not rebuild the signed root")
        forged["tile/1/000.p/1"] = nil
        #expect(failure(late, forged).hasPrefix("tile: "))
    }
}
