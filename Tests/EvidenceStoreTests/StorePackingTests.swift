internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// Objects written as one pack per commit, packs rolled up, loose objects of older stores packed and
/// removed, and a valid store after a crash at any step (checked with the real git's fsck).
struct StorePackingTests {
    private let keys = testSigning.keys.map(\.verifierKey)

    /// A store of `commits` appends over three subjects, two records each.
    private func populated(_ dir: TemporaryFolder, commits: Int) throws -> EvidenceStore {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        for run in 0..<commits {
            let at = "2026-11-\(String(format: "%02d", 2 + run))T06:00:00Z"
            let batch = (0..<6).map { sampleRecord(subject: "host:h\($0 % 3)", version: "\(run).\($0)", at: at) }
            _ = try store.append(
                records: batch, rawInputs: [Data("raw".utf8), Data("raw \(run)".utf8)], message: "run \(run)\n", at: instant(at), signing: testSigning)
        }
        return store
    }

    private func expectValid(_ store: EvidenceStore, records expected: [EvidenceRecord], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try runGit(["--git-dir", store.path.path, "fsck", "--strict", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)", sourceLocation: sourceLocation)
        let reopened = try EvidenceStore.open(at: store.path)
        #expect(try reopened.records().map(\.canonicalData) == expected.map(\.canonicalData), sourceLocation: sourceLocation)
        #expect(try reopened.verifyLog(trusting: keys).records == expected.count, sourceLocation: sourceLocation)
    }

    /// Turns every pack back into loose objects with git itself: a store written before packing existed.
    private func explode(_ store: EvidenceStore) throws {
        let packFolder = store.path.appendingPathComponent("objects/pack")
        for name in try FileManager.default.contentsOfDirectory(atPath: packFolder.path) where name.hasSuffix(".pack") {
            let moved = packFolder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(name)
            try FileManager.default.moveItem(at: packFolder.appendingPathComponent(name), to: moved)
            try FileManager.default.removeItem(at: packFolder.appendingPathComponent(name.replacingOccurrences(of: ".pack", with: ".idx")))
            let unpacked = try runGit(["--git-dir", store.path.path, "unpack-objects", "-q"], input: moved)
            #expect(unpacked.status == 0, "\(unpacked.output)")
            try FileManager.default.removeItem(at: moved)
        }
    }

    @Test func everyCommitIsOnePackAndNoObjectIsLoose() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 3)
        let storage = store.objectStorage()
        #expect(storage.looseObjects == 0)
        #expect(storage.packs == 4)
        #expect(GitObjectFiles(objectsPath: store.repository.objectsPath).leftovers().isEmpty)
        try expectValid(store, records: try store.records())
    }

    @Test func aCommitsPackHoldsWholeObjectsThatGitVerifiesAndGcDeltifies() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 3)
        let packs = GitObjectFiles(objectsPath: store.repository.objectsPath).packs()
        for pack in packs {
            let verified = try runGit(["verify-pack", "-v", pack.indexPath])
            #expect(verified.status == 0, "\(verified.output)")
            #expect(verified.output.contains("non delta: \(pack.objectCount) object"), "\(verified.output)")
        }
        let records = try store.records()
        _ = try store.pack(all: true)
        let packed = try #require(GitObjectFiles(objectsPath: store.repository.objectsPath).packs().first)
        let verified = try runGit(["verify-pack", "-v", packed.indexPath])
        #expect(verified.output.contains("chain length = 1:"), "gc packs with deltas: \(verified.output)")
        try expectValid(store, records: records)
    }

    @Test func aFailedAppendWritesNothing() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 1)
        let before = store.objectStorage()
        let unsigned = LogSigning(origin: "test.example/log", keys: [])
        #expect(throws: StoreError.self) {
            _ = try store.append(
                records: [sampleRecord(version: "9")], rawInputs: [Data("new".utf8)], message: "x\n",
                at: instant("2026-11-20T00:00:00Z"), signing: unsigned)
        }
        #expect(store.objectStorage() == before)
        #expect(try store.history().count == 2)
    }

    /// Objects go straight into the pack being written: libgit2 reads them back from it before it
    /// is finished (a large compressed blob, a small stored one, an empty one, one the writer's 1 MiB
    /// buffer has already gone past and one that straddles it), writes each once, and a body that
    /// returns no commit leaves neither a pack nor a temporary file.
    @Test func objectsWrittenIntoThePackReadBackBeforeItIsFinishedAndAreWrittenOnce() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 1)
        let repository = store.repository
        let files = GitObjectFiles(objectsPath: repository.objectsPath)
        let large = Data(SeededRandom.bytes(200 << 10, seed: 7))
        let small = Data("a small blob\n".utf8)
        let empty = Data()
        let first = Data("written before the buffer was flushed\n".utf8)
        let straddling = Data(SeededRandom.bytes(3 << 19, seed: 8))
        let before = Set(files.packs().map(\.name))
        for commits in [false, true] {
            let ids = try repository.writingOnePack { () throws(StoreError) -> ([git_oid], commit: git_oid?) in
                try gitCall { () throws(GitError) in
                    let flushed = [try repository.writeBlob(first), try repository.writeBlob(straddling)]
                    let ids = [
                        try repository.writeBlob(large), try repository.writeBlob(small), try repository.writeBlob(small),
                        try repository.writeBlob(empty),
                    ]
                    #expect(try repository.readBlob(ids[0]) == large)
                    #expect(try repository.readBlob(ids[1]) == small)
                    #expect(try repository.readBlob(ids[3]) == empty)
                    #expect(try repository.readBlob(flushed[0]) == first)
                    #expect(try repository.readBlob(flushed[1]) == straddling)
                    guard commits else { return (ids, nil) }
                    guard let tree = try repository.writeTree(base: nil, files: ["large": ids[0], "small": ids[1], "empty": ids[3]]) else {
                        throw GitError.nullResult("writeTree")
                    }
                    return (ids, try repository.writeCommit(tree: tree, parent: nil, message: "side\n", at: instant("2026-11-20T00:00:00Z")))
                }
            }
            #expect(GitObjectID(ids[1]) == GitObjectID(ids[2]))
            #expect(files.leftovers().isEmpty)
            #expect(files.packs().count == before.count + (commits ? 1 : 0))
        }
        let new = files.packs().filter { !before.contains($0.name) }
        #expect(new.map(\.objectCount) == [7])  // five blobs, a tree, a commit
        let verified = try runGit(["verify-pack", "-v", try #require(new.first).indexPath])
        #expect(verified.status == 0, "\(verified.output)")
        let fsck = try runGit(["--git-dir", store.path.path, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    @Test func packingAllLeavesOnePackWithEveryRecord() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 5)
        let records = try store.records()
        let result = try store.pack(all: true)
        #expect(result.before.packs == 6)
        #expect(result.packsRemoved == 6)
        #expect(result.after.packs == 1)
        #expect(result.after.looseObjects == 0)
        #expect(try store.records().map(\.canonicalData) == records.map(\.canonicalData))
        try expectValid(store, records: records)
        // The store keeps working on the new pack.
        _ = try store.append(
            records: [sampleRecord(version: "after")], rawInputs: [Data("raw".utf8)], message: "after\n", at: instant("2026-11-25T00:00:00Z"),
            signing: testSigning)
        try expectValid(store, records: try store.records())
    }

    @Test func looseObjectsOfAnOlderStoreArePackedAndRemoved() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 3)
        let records = try store.records()
        try explode(store)
        let exploded = try EvidenceStore.open(at: store.path)
        #expect(exploded.objectStorage().packs == 0)
        let loose = exploded.objectStorage().looseObjects
        #expect(loose > 30)
        let result = try exploded.pack(all: false)
        #expect(result.looseRemoved == loose)
        #expect(result.after.looseObjects == 0)
        #expect(result.after.packs == 1)
        #expect(result.after.packedObjects == loose)
        try expectValid(exploded, records: records)
    }

    @Test(arguments: [PackingStop.afterNewPack, .afterOldPacks])
    func aCrashBeforeTheOldObjectsAreRemovedLeavesAValidStore(stop: PackingStop) throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 3)
        let records = try store.records()
        try explode(store)
        _ = try store.append(
            records: [sampleRecord(version: "packed")], rawInputs: [Data("raw".utf8)], message: "p\n", at: instant("2026-11-26T00:00:00Z"), signing: testSigning
        )
        let expected = try store.records()
        #expect(expected.count == records.count + 1)
        let crashed = try EvidenceStore.open(at: store.path)
        let partial = try crashed.pack(all: true, stoppingAfter: stop)
        #expect(partial.after.looseObjects == partial.before.looseObjects)
        try expectValid(crashed, records: expected)
        // The next run finishes the job.
        let finished = try EvidenceStore.open(at: store.path).pack(all: true)
        #expect(finished.after.looseObjects == 0)
        #expect(finished.after.packs == 1)
        try expectValid(crashed, records: expected)
    }

    @Test func leftoversOfAnInterruptedPackWriteAreHarmlessAndCleared() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 2)
        let records = try store.records()
        let packFolder = store.path.appendingPathComponent("objects/pack")
        let orphanIndex = "pack-" + String(repeating: "ab", count: 20) + ".idx"
        // libgit2's (gc) and PackFileWriter's (collect) temporary files, and a pack whose index was never renamed.
        let orphanPack = "pack-" + String(repeating: "ef", count: 20) + ".pack"
        let leftovers = [
            "pack_git2_Xq81zt", "tmp_pack_Lm02ab", "tmp_idx_Lm02ab", "pack-\(String(repeating: "cd", count: 20)).idx.lock",
            orphanIndex, orphanPack,
        ]
        for name in leftovers { try Data("PACK\u{0}\u{0}\u{0}\u{2}half-written".utf8).write(to: packFolder.appendingPathComponent(name)) }
        try expectValid(store, records: records)
        _ = try store.append(
            records: [sampleRecord(version: "later")], rawInputs: [Data("raw".utf8)], message: "later\n", at: instant("2026-11-20T00:00:00Z"),
            signing: testSigning)
        let result = try store.pack(all: true)
        #expect(Set(result.leftoversRemoved.map { ($0 as NSString).lastPathComponent }) == Set(leftovers))
        #expect(try FileManager.default.contentsOfDirectory(atPath: packFolder.path).count == 2)
        try expectValid(store, records: try store.records())
    }

    @Test func aKeptPackIsLeftAlone() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 3)
        let kept = try #require(GitObjectFiles(objectsPath: store.repository.objectsPath).packs().first)
        try Data().write(to: URL(fileURLWithPath: "\(kept.folder)/\(kept.name).keep"))
        let result = try store.pack(all: true)
        #expect(result.packsRemoved == 3)
        #expect(result.after.packs == 2)
        #expect(FileManager.default.fileExists(atPath: kept.packPath))
        try expectValid(store, records: try store.records())
    }

    @Test func policyComesFromTheStoresGitConfig() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir, commits: 3)
        #expect(try store.packingPolicy() == .gitDefaults)
        #expect(try store.packIfNeeded() == nil)
        #expect(try runGit(["--git-dir", store.path.path, "config", "gc.autoPackLimit", "3"]).status == 0)
        #expect(try store.packingPolicy() == PackingPolicy(looseObjectLimit: 6_700, packLimit: 3))
        let result = try #require(try store.packIfNeeded())
        #expect(result.after.packs < 4)
        #expect(try runGit(["--git-dir", store.path.path, "config", "gc.autoPackLimit", "0"]).status == 0)
        for run in 0..<4 {
            _ = try store.append(
                records: [sampleRecord(version: "x\(run)")], rawInputs: [Data("raw".utf8)], message: "x\n", at: instant("2026-11-20T00:00:00Z"),
                signing: testSigning)
        }
        #expect(try store.packIfNeeded() == nil)
    }

    @Test func rollupKeepsPacksAGeometricProgression() {
        func packs(_ counts: [Int]) -> [GitPackFile] {
            counts.enumerated().map { GitPackFile(folder: "/p", name: "pack-\($0.offset)", objectCount: $0.element, bytes: 0) }
        }
        #expect(EvidenceStore.rollup(packs([1_000, 100, 10]), loose: 0).isEmpty)
        #expect(EvidenceStore.rollup(packs([100, 10, 10, 1]), loose: 0).map(\.objectCount) == [1, 10, 10])
        #expect(EvidenceStore.rollup(packs([1_000, 100, 10]), loose: 600).map(\.objectCount) == [10, 100, 1_000])
        #expect(EvidenceStore.rollup(packs([70, 70, 70, 70]), loose: 0).count == 4)
        #expect(EvidenceStore.rollup(packs([500, 70, 70]), loose: 0).map(\.objectCount) == [70, 70])
    }
}
