internal import CGit2
import Crypto
import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// Packs and indexes written by ``PackFileWriter``, checked by the real git (verify-pack, index-pack,
/// cat-file, fsck) and read back through libgit2.
struct PackFileWriterTests {
    /// One object to pack: its kind, its content and its id (computed by libgit2, not by the writer).
    private struct Object {
        let kind: PackObjectKind
        let content: [UInt8]
        let id: git_oid

        init(_ kind: PackObjectKind, _ content: [UInt8]) {
            self.kind = kind
            self.content = content
            var id = git_oid()
            let type: git_object_t =
                switch kind {
                case .commit: GIT_OBJECT_COMMIT
                case .tree: GIT_OBJECT_TREE
                case .blob: GIT_OBJECT_BLOB
                case .tag: GIT_OBJECT_TAG
                }
            _ = content.withUnsafeBytes { git_odb_hash(&id, $0.baseAddress, $0.count, type) }
            self.id = id
        }

        var hex: String { GitObjectID(id).hex }
        var name: PackObjectName { withUnsafeBytes(of: id.id) { PackObjectName($0) } }
    }

    /// A blob, an empty blob, a 1.5 MiB blob that barely compresses (its zlib stream outlasts the
    /// writer's 1 MiB buffer), a tree of the three, a commit of the tree and a tag of the commit.
    private static let objects: [Object] = {
        GitRuntime.ensureInitialized()
        let small = Object(.blob, Array("hello pack\n".utf8))
        let empty = Object(.blob, [])
        let large = Object(.blob, SeededRandom.bytes(3 << 19, seed: 0x9e37_79b9_7f4a_7c15))
        var entries: [UInt8] = []
        // Sorted by name, as git requires.
        for (name, blob) in [("empty", empty), ("large.bin", large), ("small.txt", small)] {
            entries += Array("100644 \(name)".utf8) + [0]
            withUnsafeBytes(of: blob.id.id) { entries += $0 }
        }
        let tree = Object(.tree, entries)
        let signature = "A U Thor <author@example.com> 1764547200 +0000"
        let commit = Object(.commit, Array("tree \(tree.hex)\nauthor \(signature)\ncommitter \(signature)\n\nFirst\n".utf8))
        let tag = Object(.tag, Array("object \(commit.hex)\ntype commit\ntag v1\ntagger \(signature)\n\nv1\n".utf8))
        return [commit, tree, small, empty, large, tag]
    }()

    /// A bare repository holding `objects` as one pack written by ``PackFileWriter``, with `main` at the commit.
    /// `streaming`: the writer is not told the count, and writes it into the header at the end.
    /// `madeApart`: each small object's entry is made apart from the writer, as a staging lane makes it.
    private func repository(
        _ dir: TemporaryFolder, objects: [Object] = objects, streaming: Bool = false, madeApart: Bool = false
    ) throws -> (path: String, pack: String) {
        let path = dir.url.appendingPathComponent("repo.git").path
        #expect(try runGit(["init", "--quiet", "--bare", "--initial-branch=main", path]).status == 0)
        let folder = path + "/objects/pack"
        let writer = try streaming ? PackFileWriter(streamingTo: folder) : PackFileWriter(folder: folder, objectCount: objects.count)
        for object in objects {
            var entry: [UInt8] = [9, 9]  // made after other bytes, as in a lane's buffer
            if madeApart, let crc = object.content.withUnsafeBytes({ PackFileWriter.appendStoredEntry(object.kind, content: $0, to: &entry) }) {
                try entry.dropFirst(2).withUnsafeBytes { try writer.append(entry: $0, crc32: crc, name: object.name) }
            } else {
                try object.content.withUnsafeBytes { try writer.append(object.kind, name: object.name, content: $0) }
            }
        }
        let pack = try writer.finish()
        if let commit = objects.first(where: { $0.kind == .commit }) {
            #expect(try runGit(["--git-dir", path, "update-ref", "refs/heads/main", commit.hex]).status == 0)
        }
        return (path, "\(folder)/\(pack)")
    }

    @Test(arguments: [false, true])
    func gitVerifiesThePackAndFindsEveryObjectWhole(streaming: Bool) throws {
        let dir = try TemporaryFolder()
        let (_, pack) = try repository(dir, streaming: streaming)
        let verified = try runGit(["verify-pack", "-v", pack + ".idx"])
        #expect(verified.status == 0, "\(verified.output)")
        for object in Self.objects {
            // "<id> <type padded to 6> <size> <packed size> <offset>"
            let kind = "\(object.kind)".padding(toLength: 6, withPad: " ", startingAt: 0)
            #expect(verified.output.contains("\(object.hex) \(kind) \(object.content.count) "), "\(object.hex) in \(verified.output)")
        }
        #expect(verified.output.contains("non delta: \(Self.objects.count) objects"), "\(verified.output)")
    }

    /// A small object's entry made apart (as a staging lane makes it) is the one the writer makes:
    /// the same pack, byte for byte. A large one has none: it is compressed as it is appended.
    @Test func entriesMadeApartMakeTheSamePack() throws {
        let (dir, other) = (try TemporaryFolder(), try TemporaryFolder())
        let (_, direct) = try repository(dir)
        let (path, apart) = try repository(other, madeApart: true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: direct + ".pack")) == Data(contentsOf: URL(fileURLWithPath: apart + ".pack")))
        let fsck = try runGit(["--git-dir", path, "fsck", "--strict", "--full", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
        let compressed = Self.objects.filter { object in
            var bytes: [UInt8] = []
            return object.content.withUnsafeBytes { PackFileWriter.appendStoredEntry(object.kind, content: $0, to: &bytes) } == nil && bytes.isEmpty
        }
        #expect(compressed.count == 1)
    }

    @Test func gitReadsEveryObjectBackAndFsckIsClean() throws {
        let dir = try TemporaryFolder()
        let (path, _) = try repository(dir)
        let batch = Self.objects.map { "\($0.hex) \($0.kind) \($0.content.count)\n" }.joined()
        let checked = try runGit(["--git-dir", path, "cat-file", "--batch-check", "--batch-all-objects"])
        #expect(checked.output.split(separator: "\n").sorted() == batch.split(separator: "\n").sorted())
        // The text objects; the tree holds binary ids, and fsck below hashes everything.
        for object in Self.objects where object.kind != .tree && object.content.count < 100 {
            let shown = try runGit(["--git-dir", path, "cat-file", "\(object.kind)", object.hex])
            #expect(Array(shown.output.utf8) == object.content, "\(object.kind) \(object.hex)")
        }
        let fsck = try runGit(["--git-dir", path, "fsck", "--strict", "--full", "--no-dangling"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    @Test(arguments: [false, true])
    func theIndexIsByteForByteWhatGitIndexPackWrites(streaming: Bool) throws {
        let dir = try TemporaryFolder()
        let (_, pack) = try repository(dir, streaming: streaming)
        let theirs = dir.url.appendingPathComponent("theirs.idx").path
        let indexed = try runGit(["index-pack", "-o", theirs, pack + ".pack"])
        #expect(indexed.status == 0, "\(indexed.output)")
        let ours = try Data(contentsOf: URL(fileURLWithPath: pack + ".idx"))
        #expect(ours == (try Data(contentsOf: URL(fileURLWithPath: theirs))))
        // git names a pack by its checksum: the pack's trailer, repeated in the index.
        #expect(pack.hasSuffix("pack-" + ours.dropLast(20).suffix(20).map { String(format: "%02x", $0) }.joined()))
    }

    @Test func libgit2ReadsEveryObjectBack() throws {
        let dir = try TemporaryFolder()
        let (path, _) = try repository(dir)
        let repository = try GitRepository.open(at: path)
        for object in Self.objects where object.kind == .blob {
            #expect(Array(try repository.readBlob(object.id)) == object.content)
        }
        let commit = try repository.lookupCommit(Self.objects[0].id)
        #expect(commit.message == "First\n")
        #expect(try repository.lookupTree(commit.treeID).entries.map(\.name) == ["empty", "large.bin", "small.txt"])
        #expect(try repository.headCommit().map(GitObjectID.init) == GitObjectID(Self.objects[0].id))
    }

    /// A large blob is given out in libgit2's own buffer, not copied: it stays readable after the
    /// repository is let go, and a change to the copy given out changes nothing read later.
    @Test func aLargeBlobOutlivesItsRepositoryAndStaysItsOwn() throws {
        let dir = try TemporaryFolder()
        let content = (0..<(GitRepository.largeBlob + 17)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let large = Object(.blob, content)
        let (path, _) = try repository(dir, objects: [large])
        var read = try GitRepository.open(at: path).readBlob(large.id)
        #expect(Array(read) == content)
        read[0] ^= 0xff
        #expect(Array(try GitRepository.open(at: path).readBlob(large.id)) == content)
    }

    /// Objects below ``PackFileWriter/compressedFrom`` go in one stored block of a zlib stream
    /// (``StoredZlib``: cheap to write, 11 bytes larger); from it up they are compressed. Both read
    /// back through git and libgit2, which check each stream's Adler-32.
    @Test func smallObjectsAreStoredAndLargeOnesCompressed() throws {
        let dir = try TemporaryFolder()
        let line = Array("{\"kind\":\"issuance.decision\",\"subject\":\"domain:example.org\"}\n".utf8)
        func repeated(_ count: Int) -> [UInt8] { (0..<count).map { line[$0 % line.count] } }
        let below = Object(.blob, repeated(PackFileWriter.compressedFrom - 1))
        let at = Object(.blob, repeated(PackFileWriter.compressedFrom))
        let (path, pack) = try repository(dir, objects: [below, at])
        let verified = try runGit(["verify-pack", "-v", pack + ".idx"])
        #expect(verified.status == 0, "\(verified.output)")
        func packedSize(_ object: Object) -> Int? {
            let row = verified.output.split(separator: "\n").first { $0.hasPrefix(object.hex) }
            return row.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[3]) }
        }
        // The object's header (3 bytes for 65,535), zlib's (2), the block's (5), the Adler-32 (4).
        #expect(try #require(packedSize(below)) == below.content.count + 3 + 2 + 5 + 4)
        #expect(try #require(packedSize(at)) < at.content.count / 10)
        let repository = try GitRepository.open(at: path)
        #expect(Array(try repository.readBlob(below.id)) == below.content)
        #expect(Array(try repository.readBlob(at.id)) == at.content)
    }

    @Test(
        arguments: [
            (PackObjectKind.blob, 0, [0x30]), (.blob, 15, [0x3f]), (.blob, 16, [0xb0, 0x01]), (.commit, 100, [0x94, 0x06]),
            (.tree, 1 << 20, [0xa0, 0x80, 0x80, 0x04]), (.tag, 0x7ff, [0xcf, 0x7f]),
        ] as [(PackObjectKind, Int, [UInt8])])
    func objectHeadersPutTheTypeAndSizeInSevenBitGroups(kind: PackObjectKind, size: Int, expected: [UInt8]) throws {
        #expect(PackFileWriter.header(kind, size: size) == expected)
        // Read back, as the pack being written reads its objects' kinds and sizes.
        let read = try #require(PackFileWriter.readHeader(expected + [0x78, 0x01]))
        #expect(read.kind == kind && read.size == size && read.length == expected.count)
        if expected.count > 1 { #expect(PackFileWriter.readHeader(Array(expected.dropLast())) == nil) }
    }

    @Test func offsetsPast2GiBGoToTheLargeOffsetTable() throws {
        let offsets: [UInt64] = [12, 0x7fff_ffff, 0x8000_0000, 5_000_000_000]
        let entries = offsets.enumerated().map { index, offset in
            let name = (0..<20).map { UInt8(truncatingIfNeeded: $0 * 7 + (3 - index) * 50) }
            return PackIndexEntry(name: name.withUnsafeBytes { PackObjectName($0) }, crc32: UInt32(index), offset: offset)
        }
        let dir = try TemporaryFolder()
        let file = try #require(try writtenIndex(entries.sorted { $0.name < $1.name }, checksum: Array(repeating: 0xab, count: 20), in: dir))
        #expect(try Data(contentsOf: file).count == 8 + 256 * 4 + 4 * 28 + 2 * 8 + 40)
        let shown = try runGit(["show-index"], input: file)
        #expect(shown.status == 0, "\(shown.output)")
        let listed = shown.output.split(separator: "\n").compactMap { $0.split(separator: " ").first.flatMap { UInt64($0) } }
        #expect(listed.sorted() == offsets)
    }

    /// The index a pack's writer streams to its file in pieces of 64 KiB is one git reads whole:
    /// every entry's name, CRC and offset (large ones too), and the SHA-1 of the rest at its end.
    @Test func theIndexWrittenInPiecesIsOneGitReads() throws {
        let entries = (0..<6_000).map { number in
            var name = Array(Insecure.SHA1.hash(data: Data("object \(number)".utf8)))
            name[19] = UInt8(truncatingIfNeeded: number)
            return PackIndexEntry(name: name.withUnsafeBytes { PackObjectName($0) }, crc32: UInt32(number), offset: UInt64(number) * 0x100_0000)
        }.sorted { $0.name < $1.name }
        let dir = try TemporaryFolder()
        let file = try #require(try writtenIndex(entries, checksum: Array(repeating: UInt8(0x5c), count: 20), in: dir))
        let written = try Data(contentsOf: file)
        #expect(written.count > 6_000 * 28)
        #expect(Array(written.suffix(20)) == Array(Insecure.SHA1.hash(data: written.dropLast(20))))
        let shown = try runGit(["show-index"], input: file)
        #expect(shown.status == 0, "\(shown.output)")
        let expected = entries.map { "\($0.offset) \($0.name.bytes.lowercaseHex) (\(String(format: "%08x", $0.crc32)))" }
        #expect(shown.output.split(separator: "\n").map(String.init).sorted() == expected.sorted())
    }

    @Test func twoEntriesOfOneNameMakeNoIndex() throws {
        let name = Self.objects[2].name
        let entries = [PackIndexEntry(name: name, crc32: 1, offset: 12), PackIndexEntry(name: name, crc32: 1, offset: 40)]
        #expect(try writtenIndex(entries.sorted { $0.name < $1.name }, checksum: Array(repeating: 0, count: 20), in: TemporaryFolder()) == nil)
    }

    /// The index of `entries` as a pack's writer writes it: streamed to a file in `dir`, its SHA-1
    /// appended; nil when the writer refuses the entries.
    private func writtenIndex(_ entries: [PackIndexEntry], checksum: [UInt8], in dir: TemporaryFolder) throws -> URL? {
        let output = try PackOutput(temporaryIn: dir.url.path, prefix: "tmp_idx_")
        guard try PackIndexFile.write(ofSorted: entries, packChecksum: checksum, to: output) else { return nil }
        _ = try output.finish(appendingChecksum: true)
        let file = dir.url.appendingPathComponent("written.idx")
        try output.rename(to: file.path)
        return file
    }

    @Test func aPackWithMissingOrRepeatedObjectsFailsAndLeavesNothing() throws {
        let dir = try TemporaryFolder()
        let folder = dir.url.path
        let blob = Self.objects[2]
        do {
            let short = try PackFileWriter(folder: folder, objectCount: 2)
            try blob.content.withUnsafeBytes { _ = try short.append(.blob, name: blob.name, content: $0) }
            #expect(throws: GitError.self) { _ = try short.finish() }
        }
        do {
            let repeated = try PackFileWriter(folder: folder, objectCount: 2)
            for _ in 0..<2 { try blob.content.withUnsafeBytes { _ = try repeated.append(.blob, name: blob.name, content: $0) } }
            #expect(throws: GitError.self) {  // one past the count
                try blob.content.withUnsafeBytes { _ = try repeated.append(.blob, name: blob.name, content: $0) }
            }
            #expect(throws: GitError.self) { _ = try repeated.finish() }
        }
        do {  // dropped before finish, as when a commit fails midway
            let abandoned = try PackFileWriter(folder: folder, objectCount: 1)
            try blob.content.withUnsafeBytes { _ = try abandoned.append(.blob, name: blob.name, content: $0) }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
