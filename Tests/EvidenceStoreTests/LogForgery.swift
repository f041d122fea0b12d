internal import CGit2
import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// What the log verification tests forge with git plumbing, as an operator could.

/// A new store with one record about each of `host:h0`, `host:h1` and `host:h2`.
func storeOfThreeSubjects(_ dir: TemporaryFolder) throws -> EvidenceStore {
    let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
    let batch = (0..<3).map { sampleRecord(subject: "host:h\($0)", at: "2026-11-10T00:00:00Z") }
    _ = try store.append(records: batch, rawInputs: [Data("raw".utf8)], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
    return store
}

/// The files that file `record` under `subject`'s folder and list it in its entries, as Vigil would
/// (without the log entry a commit of Vigil's adds).
func filedAndListed(_ record: EvidenceRecord, under subject: String, in store: EvidenceStore) throws -> [String: Data] {
    let entries = try store.file(StoreLayout.entriesPath(subject)) ?? Data()
    return [
        StoreLayout.recordPath(subject: subject, id: record.id): record.canonicalData,
        StoreLayout.entriesPath(subject): entries + Data((record.id + "\n").utf8),
    ]
}

/// `count` records about `host:h0`, filed and listed as a commit of Vigil's files them (without its
/// log entries), those at `spoiled` positions in path order no longer canonical (two bytes appended
/// after the JSON). Returns the files, the spoiled paths and the records.
func largeCommit(
    of count: Int, spoiling spoiled: [Int], in store: EvidenceStore
) throws -> (files: [String: Data], spoiled: [String], records: [EvidenceRecord]) {
    let records = (0..<count).map { sampleRecord(subject: "host:h0", version: "v\($0)", at: "2026-11-10T00:00:00Z") }
    var files: [String: Data] = [:]
    for record in records { files[StoreLayout.recordPath(subject: "host:h0", id: record.id)] = record.canonicalData }
    let paths = files.keys.sorted()
    let spoiledPaths = spoiled.map { paths[$0] }
    for path in spoiledPaths { files[path]! += Data("  ".utf8) }
    let entries = try store.file(StoreLayout.entriesPath("host:h0")) ?? Data()
    files[StoreLayout.entriesPath("host:h0")] = entries + Data(records.map { $0.id + "\n" }.joined().utf8)
    return (files, spoiledPaths, records)
}

/// Commits HEAD's tree with `files` set (and `removing` removed), on top of HEAD: the checkpoint
/// stays HEAD's unless `files` holds another.
func commitForged(_ store: EvidenceStore, files: [String: Data], removing: Set<String> = [], at time: String = "2026-11-11T00:00:00Z") throws {
    let repository = store.repository
    let parent = try #require(try repository.headCommit())
    let tree = try #require(
        try repository.writeTree(base: try repository.lookupCommit(parent).treeID, files: blobs(files, in: store), removing: removing))
    _ = try repository.commit(tree: tree, parent: parent, message: "forged\n", at: instant(time))
}

/// Replaces HEAD by a commit of its tree with `files` set, on HEAD's parent, at `time` (HEAD's when
/// nil): the checkpoint stays the one Vigil signed.
func amendHead(_ store: EvidenceStore, files: [String: Data], at time: Date? = nil) throws {
    let repository = store.repository
    let head = try #require(try repository.headCommit())
    let commit = try repository.lookupCommit(head)
    let tree = try #require(try repository.writeTree(base: commit.treeID, files: blobs(files, in: store), removing: []))
    let amended = try repository.writeCommit(tree: tree, parent: commit.parentID, message: "amended\n", at: time ?? commit.time)
    try repository.advanceHead(to: amended, from: head, message: "amend")
}

private func blobs(_ files: [String: Data], in store: EvidenceStore) throws -> [String: git_oid] {
    try files.mapValues { data in try store.repository.writeBlob(data) }
}

/// Why `store` fails `log verify` (files checked `recordBatch` at a time), or nil when it verifies.
func verificationFailure(of store: EvidenceStore, recordBatch: Int = SubjectFileChecker.defaultBatch) -> String? {
    do throws(StoreError) {
        _ = try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey), recordBatch: recordBatch)
        return nil
    } catch {
        return error.description
    }
}
