internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// `log verify` checks a batch of records on other threads while it walks on, checks records without
/// building their data, and reads the subject log files a commit changed by the ids the walk found:
/// each attack here is still caught, and named as before.
@Suite struct LogVerificationFastPathTests {
    /// The walk finds a subject's log files beside its folder without hashing its name again: both
    /// folders are named by the same SHA-256.
    @Test func aSubjectsLogFolderIsItsFolderUnderLog() {
        for subject in ["host:h1", "domain:example.org", "key:arn:aws:kms:eu-west-1:1:key/é"] {
            #expect(HistoryWalk.logFolder(ofSubjectFolder: StoreLayout.subjectFolder(subject)) == LogLayout.subjectFolder(subject))
        }
    }

    /// A subject extended with a `head` naming another root log entry.
    @Test func aSubjectHeadWrittenWrongIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        _ = try store.append(
            records: [sampleRecord(subject: "host:h1", version: "2", at: "2026-11-11T00:00:00Z")], rawInputs: [Data("raw".utf8)],
            message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        #expect(verificationFailure(of: store) == nil)
        try amendHead(store, files: [LogLayout.subjectHeadPath("host:h1"): Data("0\n".utf8)])
        let found = try #require(verificationFailure(of: store), "a wrong subject head must fail verification")
        #expect(found.contains("the log files of host:h1 do not match its records"), "\(found)")
    }

    /// A subject extended with its `compact` or `head` left as the parent had it: the commit did not
    /// change the file, so it is read from the commit's tree, and is stale.
    @Test(arguments: ["compact", "head"]) func aSubjectLogFileLeftAsItWasIsCaught(file: String) throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let path = file == "head" ? LogLayout.subjectHeadPath("host:h1") : LogLayout.subjectCompactPath("host:h1")
        let before = try #require(try store.file(path))
        _ = try store.append(
            records: [sampleRecord(subject: "host:h1", version: "2", at: "2026-11-11T00:00:00Z")], rawInputs: [Data("raw".utf8)],
            message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        #expect(try store.file(path) != before)
        try amendHead(store, files: [path: before])
        let found = try #require(verificationFailure(of: store), "a stale subject log file must fail verification")
        #expect(found.contains("the log files of host:h1 do not match its records"), "\(found)")
    }

    /// A record whose `data` members are out of RFC 8785's order, filed under the id of its bytes: the
    /// check that does not build `data` still reads its member names, and refuses it.
    @Test func aRecordWithItsDataOutOfOrderIsRefused() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        // Out of order inside a member of `data`, which that check reads without building.
        let record = EvidenceRecord(
            kind: "firmware.device", subject: "host:h1", observedAt: instant("2026-11-10T00:00:00Z"), collector: "fwupd",
            origin: .observed, source: EvidenceSource(name: "web-01.json", sha256: SHA256Hex.of(Data("raw".utf8))),
            data: ["native": ["DeviceId": "abc", "Flags": ["updatable"]]])
        let canonical = String(decoding: record.canonicalData, as: UTF8.self)
        let swapped = canonical.replacingOccurrences(
            of: "\"DeviceId\":\"abc\",\"Flags\":[\"updatable\"]", with: "\"Flags\":[\"updatable\"],\"DeviceId\":\"abc\"")
        #expect(swapped != canonical)
        let bytes = Data(swapped.utf8)
        let id = SHA256Hex.of(bytes)
        let entries = try #require(try store.file(StoreLayout.entriesPath("host:h1")))
        try commitForged(
            store,
            files: [
                StoreLayout.recordPath(subject: "host:h1", id: id): bytes,
                StoreLayout.entriesPath("host:h1"): entries + Data((id + "\n").utf8),
            ])
        let found = try #require(verificationFailure(of: store), "a record out of canonical form must fail verification")
        #expect(found.contains("not in canonical form"), "\(found)")
    }

    /// A commit that changes a subject's `head` or `compact` without adding records to it (the root
    /// log unchanged, the checkpoint as Vigil signed it) is caught: such a file changes only with its
    /// subject's log.
    @Test(arguments: ["compact", "head"]) func aSubjectLogFileChangedAloneIsCaught(file: String) throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let path = file == "head" ? LogLayout.subjectHeadPath("host:h2") : LogLayout.subjectCompactPath("host:h2")
        try commitForged(store, files: [path: Data("7\n".utf8)])
        let found = try #require(verificationFailure(of: store), "a subject log file changed alone must fail verification")
        #expect(found.contains("\(path) changed, but host:h2 gained no records in that commit"), "\(found)")
    }

    /// A commit that changes the root log's compact range alone (the checkpoint as it was) is caught:
    /// the next collect would extend the root log from it.
    @Test func theRootCompactRangeChangedAloneIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        try commitForged(store, files: [LogLayout.rootCompactPath: Data("0 1\n".utf8)])
        let found = try #require(verificationFailure(of: store), "a root compact range changed alone must fail verification")
        #expect(found.contains("\(LogLayout.rootCompactPath) does not match the root log"), "\(found)")
    }

    /// Flips a byte near the end of the first entry of the entry bundle at `path`, in a commit on HEAD.
    private func rewriteFirstEntry(ofBundle path: String, in store: EvidenceStore) throws {
        var bundle = try #require(try store.file(path))
        let first = Int(bundle[0]) << 8 | Int(bundle[1])
        bundle[2 + first - 3] ^= 0x01
        try amendHead(store, files: [path: bundle])
    }

    /// A commit that grows the root log honestly (its checkpoint signed for the true leaves) but whose
    /// fuller entry bundle rewrites an entry the partial one held: each commit reads only the entries
    /// it added, so the bundles at HEAD are checked whole.
    @Test func anEntryRewrittenInASupersedingBundleIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        _ = try store.append(
            records: [sampleRecord(subject: "host:h3", at: "2026-11-11T00:00:00Z")], rawInputs: [Data("raw".utf8)],
            message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        #expect(verificationFailure(of: store) == nil)
        try rewriteFirstEntry(ofBundle: LogLayout.entriesPath(TileID(level: 0, index: 0, width: 4)), in: store)
        let found = try #require(verificationFailure(of: store), "a rewritten entry must fail verification")
        #expect(found.contains("root log entry 0 in its entry bundle does not match the root log"), "\(found)")
    }

    /// The same across bundles: a log of 603 entries (two full bundles and a partial one), then one
    /// more, whose fuller third bundle rewrites entry 512, which the partial one held: it is named by
    /// its place in the log.
    @Test func anEntryRewrittenInALaterBundleIsNamedByItsPlace() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        _ = try store.append(
            records: (0..<600).map { sampleRecord(subject: "host:m\($0)", at: "2026-11-11T00:00:00Z") }, rawInputs: [Data("raw".utf8)],
            message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        _ = try store.append(
            records: [sampleRecord(subject: "host:n", at: "2026-11-12T00:00:00Z")], rawInputs: [Data("raw".utf8)],
            message: "c\n", at: instant("2026-11-12T00:00:00Z"), signing: testSigning)
        #expect(verificationFailure(of: store) == nil)
        try rewriteFirstEntry(ofBundle: LogLayout.entriesPath(TileID(level: 0, index: 2, width: 92)), in: store)  // entry 512
        let found = try #require(verificationFailure(of: store), "a rewritten entry must fail verification")
        #expect(found.contains("root log entry 512 in its entry bundle does not match the root log"), "\(found)")
    }

    /// A subject's `entries` rewritten (its first id taken out, a new one appended) is caught, named
    /// with the subject, though entries are read and compared on other threads.
    @Test(arguments: [1, 8_192]) func entriesRewrittenNotAppendedToAreCaught(batch: Int) throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let added = sampleRecord(subject: "host:h1", version: "2", at: "2026-11-10T00:00:00Z")
        let entries = try #require(try store.file(StoreLayout.entriesPath("host:h1")))
        let rewritten = String(decoding: entries, as: UTF8.self).split(separator: "\n").dropFirst().map { $0 + "\n" }.joined() + added.id + "\n"
        try commitForged(
            store,
            files: [
                StoreLayout.recordPath(subject: "host:h1", id: added.id): added.canonicalData,
                StoreLayout.entriesPath("host:h1"): Data(rewritten.utf8),
            ])
        let found = try #require(verificationFailure(of: store, recordBatch: batch), "rewritten entries must fail verification")
        #expect(found.contains("the entries of host:h1 (\(StoreLayout.entriesPath("host:h1"))) were rewritten, not appended to"), "\(found)")
    }

    /// A new subject folder whose `subject` file names a subject of another folder is caught.
    @Test(arguments: [1, 8_192]) func aSubjectNameInAnotherSubjectsFolderIsCaught(batch: Int) throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        let added = sampleRecord(subject: "host:h9", version: "2", at: "2026-11-10T00:00:00Z")
        try commitForged(
            store,
            files: [
                StoreLayout.recordPath(subject: "host:h9", id: added.id): added.canonicalData,
                StoreLayout.entriesPath("host:h9"): Data((added.id + "\n").utf8),
                StoreLayout.subjectNamePath("host:h9"): Data("host:elsewhere".utf8),
            ])
        let found = try #require(verificationFailure(of: store, recordBatch: batch), "a misfiled subject name must fail verification")
        #expect(found.contains("\(StoreLayout.subjectNamePath("host:h9")) holds subject 'host:elsewhere' of another folder"), "\(found)")
    }

    /// Two bad records, one in a batch being checked and one in the next, full one: the earlier is
    /// named. The later batch is not checked once the earlier has failed.
    @Test func theEarlierOfTwoBadRecordsInConsecutiveBatchesIsNamed() throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        // In walk order the entries come first, then the records: batches of 750 hold records 0-748, then 749-1498.
        let commit = try largeCommit(of: 1_500, spoiling: [100, 1_000], in: store)
        let (early, late) = (commit.spoiled[0], commit.spoiled[1])
        try commitForged(store, files: commit.files)
        let found = try #require(verificationFailure(of: store, recordBatch: 750), "bad records must fail verification")
        #expect(found.contains(early) && !found.contains(late), "\(found)")
    }

    /// A bad record in the batch still being checked when the walk meets a path outside the layout
    /// is named first: it comes first in the commit's order. With batches of 1,500 the commit's one
    /// full batch is in flight when the walk reaches `zzz`.
    @Test(arguments: [7, 1_500]) func aBadRecordBeforeAForeignPathIsNamedFirst(batch: Int) throws {
        let dir = try TemporaryFolder()
        let store = try storeOfThreeSubjects(dir)
        var (files, spoiled, _) = try largeCommit(of: 1_500, spoiling: [1_300], in: store)
        let bad = spoiled[0]
        files["zzz"] = Data("planted".utf8)
        try commitForged(store, files: files)
        let found = try #require(verificationFailure(of: store, recordBatch: batch), "a bad record must fail verification")
        #expect(found.contains(bad), "batch \(batch): \(found)")
        #expect(!found.contains("zzz"), "batch \(batch): \(found)")
    }
}
