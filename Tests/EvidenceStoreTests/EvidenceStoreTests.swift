import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

struct EvidenceStoreTests {
    @Test func newStoreIsABareRepositoryWithAttributesCommit() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let history = try store.history()
        #expect(history.count == 1)
        #expect(FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("store/HEAD").path))
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("store/index").path))
        let attributes = try runGit(["--git-dir", store.path.path, "show", "HEAD:.gitattributes"])
        #expect(attributes.output.contains("* -text"))
        let branch = try runGit(["--git-dir", store.path.path, "symbolic-ref", "HEAD"])
        #expect(branch.output == "refs/heads/main\n")
    }

    @Test func appendWritesOneCommitWithRecordsAndRawBytes() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let raw = Data([0x00, 0xff, 0x0d, 0x0a, 0x41])
        let records = [sampleRecord(raw: raw), sampleRecord(subject: "host:db-01", raw: raw)]
        let result = try store.append(records: records, rawInputs: [raw], message: "collect fwupd\n", at: instant("2026-11-20T06:00:00Z"), signing: testSigning)
        #expect(result.commit != nil)
        #expect(result.added.count == 2)
        #expect(try store.history().count == 2)
        #expect(try store.rawInput(sha256: SHA256Hex.of(raw)) == raw)
        #expect(Set(try store.records().map(\.id)) == Set(records.map(\.id)))
        let path = StoreLayout.recordPath(subject: "host:web-01", id: records[0].id)
        let shown = try runGit(["--git-dir", store.path.path, "show", "HEAD:\(path)"])
        #expect(shown.output == String(decoding: records[0].canonicalData, as: UTF8.self))
        let subject = try runGit(["--git-dir", store.path.path, "show", "HEAD:\(StoreLayout.subjectNamePath("host:db-01"))"])
        #expect(subject.output == "host:db-01")
    }

    @Test func appendingTheSameRecordsTwiceAddsNothing() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let records = [sampleRecord()]
        _ = try store.append(records: records, rawInputs: [Data("raw".utf8)], message: "one\n", at: instant("2026-11-20T06:00:00Z"), signing: testSigning)
        let again = try store.append(
            records: records + records, rawInputs: [Data("raw".utf8)], message: "two\n", at: instant("2026-11-21T06:00:00Z"), signing: testSigning)
        #expect(again.commit == nil)
        #expect(again.added.isEmpty)
        #expect(again.alreadyStored == 2)
        #expect(try store.history().count == 2)
    }

    @Test func recordsReadAsOfAnEarlierCommitOrDate() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let first = sampleRecord(version: "1.0", at: "2026-11-10T00:00:00Z")
        let second = sampleRecord(version: "2.0", at: "2026-11-20T00:00:00Z")
        let c1 = try store.append(records: [first], rawInputs: [], message: "1\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning).commit
        _ = try store.append(records: [second], rawInputs: [], message: "2\n", at: instant("2026-11-20T00:00:00Z"), signing: testSigning)
        #expect(try store.records(at: c1).map(\.id) == [first.id])
        #expect(try store.records().map(\.id) == [first.id, second.id])
        let asOf = try store.commit(asOf: instant("2026-11-15T00:00:00Z"))
        #expect(asOf == c1)
        #expect(try store.commit(asOf: instant("2026-10-01T00:00:00Z")) == nil)
    }

    @Test func storePassesGitFsckStrictAndGitLogListsEveryRun() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        for day in 10...14 {
            let record = sampleRecord(version: "\(day)", at: "2026-11-\(day)T00:00:00Z")
            _ = try store.append(
                records: [record], rawInputs: [Data("\(day)".utf8)], message: "day \(day)\n",
                at: instant("2026-11-\(day)T00:00:00Z"), signing: testSigning)
        }
        let fsck = try runGit(["--git-dir", store.path.path, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
        let log = try runGit(["--git-dir", store.path.path, "log", "--format=%s"])
        #expect(log.output.split(separator: "\n").count == 6)
    }

    @Test func tamperedRecordIsReportedAsCorrupt() throws {
        let dir = try TemporaryFolder()
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let record = sampleRecord()
        _ = try store.append(records: [record], rawInputs: [], message: "1\n", at: instant("2026-11-20T00:00:00Z"), signing: testSigning)
        // Rewrite the record's bytes through git itself, keeping its file name (its claimed id).
        let path = StoreLayout.recordPath(subject: record.subject, id: record.id)
        let forged = String(decoding: record.canonicalData, as: UTF8.self).replacingOccurrences(of: "1.0", with: "9.9")
        let blobFile = dir.url.appendingPathComponent("forged")
        try Data(forged.utf8).write(to: blobFile)
        let blob = try runGit(["--git-dir", store.path.path, "hash-object", "-w", blobFile.path]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // A private index file: the store has none, and other tests run git at the same time.
        let env = ["GIT_INDEX_FILE": dir.url.appendingPathComponent("idx").path]
        _ = try runGit(["--git-dir", store.path.path, "read-tree", "HEAD"], environment: env)
        _ = try runGit(["--git-dir", store.path.path, "update-index", "--cacheinfo", "100644,\(blob),\(path)"], environment: env)
        let tree = try runGit(["--git-dir", store.path.path, "write-tree"], environment: env).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try runGit(["--git-dir", store.path.path, "commit-tree", tree, "-p", "HEAD", "-m", "forge"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try runGit(["--git-dir", store.path.path, "update-ref", "refs/heads/main", commit])
        #expect(throws: StoreError.self) { try store.records() }
    }
}
