internal import CGit2
import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// Blobs streamed straight from the store's packs: the same bytes libgit2 reads, deltas and loose
/// objects left to libgit2, damage and forgeries caught.
struct PackedBlobReaderTests {
    private let keys = testSigning.keys.map(\.verifierKey)

    private func emptyStore(_ dir: TemporaryFolder) throws -> EvidenceStore {
        try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
    }

    /// A text of `lines` numbered lines: compresses well, so zlib keeps it in compressed blocks.
    private func text(lines: Int, changing line: Int? = nil) -> Data {
        Data((0..<lines).map { $0 == line ? "line \($0) changed\n" : "line \($0) of a raw input\n" }.joined().utf8)
    }

    /// Writes `blobs` into one new pack (with a commit, so the pack is kept); returns their ids.
    private func packed(_ blobs: [Data], in store: EvidenceStore) throws -> [git_oid] {
        let repository = store.repository
        return try repository.writingOnePack { () throws(StoreError) -> ([git_oid], commit: git_oid?) in
            try gitCall { () throws(GitError) in
                let ids = try blobs.map { blob throws(GitError) in try repository.writeBlob(blob) }
                let files = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ("blob\($0.offset)", $0.element) })
                guard let tree = try repository.writeTree(base: nil, files: files) else { throw GitError.nullResult("writeTree") }
                return (ids, try repository.writeCommit(tree: tree, parent: nil, message: "blobs\n", at: instant("2026-11-20T00:00:00Z")))
            }
        }
    }

    private func streamed(_ id: git_oid, _ reader: PackedBlobReader) throws -> Data? {
        var bytes = Data()
        return try reader.streamBlob(id) { bytes.append(contentsOf: $0) } ? bytes : nil
    }

    @Test func blobsOfACollectPackStreamAsLibgit2ReadsThem() throws {
        let dir = try TemporaryFolder()
        let store = try emptyStore(dir)
        // Random bytes (kept in stored blocks), a compressible text over many pieces, a small and an empty blob.
        let blobs = [Data(SeededRandom.bytes(300 << 10, seed: 3)), text(lines: 40_000), Data("small\n".utf8), Data()]
        let ids = try packed(blobs, in: store)
        let reader = PackedBlobReader(objectsPath: store.repository.objectsPath)
        for (id, blob) in zip(ids, blobs) {
            #expect(try streamed(id, reader) == blob)
            #expect(try reader.read(id) == blob)
            #expect(try store.repository.readBlob(id) == blob)
        }
        let loose = try store.repository.writeBlob(Data("written outside a pack\n".utf8))
        #expect(try streamed(loose, reader) == nil)
    }

    @Test func deltasAreLeftToLibgit2AndTheLogStillVerifies() throws {
        let dir = try TemporaryFolder()
        let store = try emptyStore(dir)
        let first = text(lines: 5_000)
        let second = text(lines: 5_000, changing: 2_500)
        for (day, raw) in [(10, first), (11, second)] {
            let at = "2026-11-\(day)T00:00:00Z"
            _ = try store.append(
                records: [sampleRecord(subject: "host:h1", version: "\(day)", at: at)], rawInputs: [Data("raw".utf8), raw],
                message: "day \(day)\n", at: instant(at), signing: testSigning)
        }
        _ = try store.pack(all: true)
        let reader = PackedBlobReader(objectsPath: store.repository.objectsPath)
        let results = try [first, second].map { raw in
            try streamed(try store.repository.writeBlob(raw), reader)  // writing an existing blob returns its id
        }
        #expect(results.filter { $0 == nil }.count == 1, "one of two near-identical blobs is a delta after gc")
        #expect(results.compactMap { $0 }.allSatisfy { $0 == first || $0 == second })
        #expect(try store.verifyLog(trusting: keys).rawInputs == 3)
    }

    @Test func aDamagedPackIsCaughtNotStreamedOn() throws {
        let dir = try TemporaryFolder()
        let store = try emptyStore(dir)
        let blob = text(lines: 40_000)
        let id = try #require(try packed([blob], in: store).first)
        let pack = try #require(GitObjectFiles(objectsPath: store.repository.objectsPath).packs().max { $0.bytes < $1.bytes })
        let handle = try #require(FileHandle(forUpdatingAtPath: pack.packPath))
        try handle.seek(toOffset: UInt64(pack.bytes / 2))
        let byte = try #require(try handle.read(upToCount: 1)?.first)
        try handle.seek(toOffset: UInt64(pack.bytes / 2))
        try handle.write(contentsOf: [byte ^ 0x55])
        try handle.close()
        let reader = PackedBlobReader(objectsPath: store.repository.objectsPath)
        #expect(throws: GitError.self) { try streamed(id, reader) }
    }

    /// A forged raw input moved into a pack by git itself is hashed as a stream, and named.
    @Test func aForgedRawInputInAPackFailsVerification() throws {
        let dir = try TemporaryFolder()
        let store = try emptyStore(dir)
        let raw = Data("raw".utf8)  // the input sampleRecord names
        let at = "2026-11-10T00:00:00Z"
        _ = try store.append(records: [sampleRecord(subject: "host:h1", at: at)], rawInputs: [raw], message: "a\n", at: instant(at), signing: testSigning)
        let repository = store.repository
        let parent = try #require(try repository.headCommit())
        // Added under a name it does not hash to (a changed raw input fails earlier: raw files are written once).
        let path = StoreLayout.rawPath(sha256: SHA256Hex.of(Data("another input".utf8)))
        let forged = try repository.writeBlob(Data(SeededRandom.bytes(100 << 10, seed: 9)))
        let tree = try #require(try repository.writeTree(base: try repository.lookupCommit(parent).treeID, files: [path: forged]))
        _ = try repository.commit(tree: tree, parent: parent, message: "forged\n", at: instant("2026-11-11T00:00:00Z"))
        let repacked = try runGit(["--git-dir", store.path.path, "repack", "-a", "-d", "-q"])
        #expect(repacked.status == 0, "\(repacked.output)")
        let reopened = try EvidenceStore.open(at: store.path)
        let reader = PackedBlobReader(objectsPath: reopened.repository.objectsPath)
        #expect(try streamed(forged, reader) != nil, "the forged blob is read from the pack")
        do {
            _ = try reopened.verifyLog(trusting: keys)
            Issue.record("a forged raw input must fail verification")
        } catch {
            #expect(error.description.contains("\(path) does not hash to its name"), "\(error)")
        }
    }
}
