internal import CGit2
import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceStore

/// The two-level log as the store writes it: subject trees, the root log in tiles, signed checkpoints.
struct LogTests {
    private func store(in dir: TemporaryFolder) throws -> EvidenceStore {
        try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
    }

    private func records(subjects: Range<Int>, day: Int) -> [EvidenceRecord] {
        subjects.map { sampleRecord(subject: "host:h\($0)", version: "\(day)", at: "2026-11-\(day)T00:00:00Z") }
    }

    /// Two commits: the records of `first` subjects on the 10th, then of `second` on the 11th.
    private func appendTwice(to store: EvidenceStore, _ first: Range<Int>, then second: Range<Int>) throws {
        for (subjects, day) in [(first, 10), (second, 11)] {
            _ = try store.append(
                records: records(subjects: subjects, day: day), rawInputs: [Data("raw".utf8)], message: "\(day)\n",
                at: instant("2026-11-\(day)T00:00:00Z"), signing: testSigning)
        }
    }

    private func rootTileFiles(of store: EvidenceStore) throws -> [String] {
        try runGit(["--git-dir", store.path.path, "ls-tree", "-r", "--name-only", "HEAD", "log/root/tile/"]).output
            .split(separator: "\n").map(String.init)
    }

    @Test func emptyStoreHasASignedCheckpointOfTheEmptyLog() throws {
        let dir = try TemporaryFolder()
        let note = try #require(try store(in: dir).checkpoint())
        try note.verify(trusting: testSigning.keys.map(\.verifierKey))
        let checkpoint = try Checkpoint(note)
        #expect(checkpoint.size == 0)
        #expect(checkpoint.rootHash == MerkleHash.emptyRoot)
        #expect(checkpoint.origin == "test.example/log")
    }

    @Test func rootLogGetsOneHeadPerChangedSubjectAndMatchesARecomputedTree() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        // 300 subjects, then 20 more records: the root log crosses a full 256-hash tile.
        try appendTwice(to: store, 0..<300, then: 290..<310)
        let checkpoint = try Checkpoint(#require(try store.checkpoint()))
        #expect(checkpoint.size == 320)
        let result = try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey))
        #expect(result.records == 320)
        #expect(result.subjects == 310)
        #expect(result.rootSize == 320)
        // Only the widest partial tile of each position is kept.
        let files = try rootTileFiles(of: store)
        #expect(files.contains("log/root/tile/0/000"))
        #expect(files.contains("log/root/tile/0/001.p/64"))
        #expect(files.contains("log/root/tile/1/000.p/1"))
        #expect(files.contains("log/root/tile/entries/000"))
        #expect(!files.contains("log/root/tile/0/001.p/44"))
        let fsck = try runGit(["--git-dir", store.path.path, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    /// A tile is written once it fills, within the commit that fills it: a commit that starts on a
    /// partial tile of the old size and fills it replaces that partial tile, and the tiles after it
    /// are written as they fill, the last one partial.
    @Test func aCommitFillingAnOldPartialTileReplacesIt() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        try appendTwice(to: store, 0..<300, then: 300..<600)
        let result = try store.verifyLog(trusting: testSigning.keys.map(\.verifierKey))
        #expect(result.rootSize == 600 && result.records == 600)
        #expect(
            try rootTileFiles(of: store) == [
                "log/root/tile/0/000", "log/root/tile/0/001", "log/root/tile/0/002.p/88", "log/root/tile/1/000.p/2",
                "log/root/tile/entries/000", "log/root/tile/entries/001", "log/root/tile/entries/002.p/88",
            ])
        let (proof, _) = try store.consistencyProof(from: 300)
        let oldRoot = try Checkpoint(#require(try store.checkpoint(at: store.history()[1]))).rootHash
        try proof.verify(root1: oldRoot, root2: try Checkpoint(#require(try store.checkpoint())).rootHash)
        let fsck = try runGit(["--git-dir", store.path.path, "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.output)")
    }

    @Test func recordProofVerifiesOfflineAndFailsForAnyOtherRecord() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        let batch = records(subjects: 0..<40, day: 10) + [sampleRecord(subject: "host:h3", version: "b", at: "2026-11-10T00:00:00Z")]
        _ = try store.append(records: batch, rawInputs: [Data("raw".utf8)], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        _ = try store.append(
            records: records(subjects: 3..<5, day: 12), rawInputs: [Data("raw".utf8)], message: "b\n", at: instant("2026-11-12T00:00:00Z"), signing: testSigning
        )
        let keys = testSigning.keys.map(\.verifierKey)
        let target = batch[40]
        let proof = try store.recordProof(id: target.id, subject: "host:h3")
        #expect(proof.subjectProof.index == 1)
        #expect(proof.subjectProof.size == 3)
        let parsed = try RecordProof(text: proof.text)
        #expect(parsed == proof)
        let checkpoint = try parsed.verify(record: target.canonicalData, trusting: keys)
        #expect(checkpoint.size == 42)
        #expect(throws: RecordProof.Failure.self) { try parsed.verify(record: batch[3].canonicalData, trusting: keys) }
        var edited = target.canonicalData
        edited[edited.count - 3] ^= 1
        #expect(throws: RecordProof.Failure.self) { try parsed.verify(record: edited, trusting: keys) }
        let stranger = try NoteSignerKey.generate(name: "test.example/log").verifierKey
        #expect(throws: RecordProof.Failure.self) { try parsed.verify(record: target.canonicalData, trusting: [stranger]) }
        // Several of a subject's records proven at once, in the order asked, each as the tree of all gives it.
        let snapshot = try #require(try store.snapshot())
        let ids = try snapshot.entries(of: "host:h3")
        let leaves = try snapshot.records(of: "host:h3", ids: ids[...]).map { MerkleHash.leaf($0.canonicalData) }
        let together = try store.recordProofs(ids: [ids[2], ids[0]], subject: "host:h3", in: snapshot)
        #expect(try together.map(\.subjectProof) == [2, 0].map { try InclusionProof.make(index: $0, leafHashes: leaves) })
        #expect(together.allSatisfy { $0.rootProof == proof.rootProof })
        #expect(try store.recordProofs(ids: [], subject: "host:h3", in: snapshot).isEmpty)
        #expect(throws: StoreError.self) { try store.recordProofs(ids: [ids[1], batch[5].id], subject: "host:h3", in: snapshot) }
    }

    /// Records the caller has read already are hashed into the subject's tree as read; one whose
    /// bytes are not its id's (handed over wrongly, or forged) is read from the store instead.
    @Test func recordsReadAlreadyAreProvenAsTheStoreHoldsThem() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        _ = try store.append(
            records: records(subjects: 0..<6, day: 10) + records(subjects: 0..<6, day: 11), rawInputs: [Data("raw".utf8)],
            message: "a\n", at: instant("2026-11-12T00:00:00Z"), signing: testSigning)
        let snapshot = try #require(try store.snapshot())
        let ids = try snapshot.entries(of: "host:h3")
        let read = try snapshot.records(of: "host:h3", ids: ids[...])
        let fromTheStore = try store.recordProofs(ids: [ids[1], ids[0]], subject: "host:h3", in: snapshot)
        #expect(try store.recordProofs(ids: [ids[1], ids[0]], subject: "host:h3", in: snapshot, known: read) == fromTheStore)
        #expect(try store.recordProofs(ids: [ids[1], ids[0]], subject: "host:h3", in: snapshot, known: [read[1]]) == fromTheStore)
        let forged = try EvidenceRecord(canonicalData: read[1].canonicalData, id: ids[0])
        #expect(try store.recordProofs(ids: [ids[1], ids[0]], subject: "host:h3", in: snapshot, known: [forged]) == fromTheStore)
    }

    /// Proving many subjects' heads from one snapshot reads each entry bundle of the root log once
    /// and keeps it, up to a bound: the proofs are those a fresh snapshot gives each subject.
    @Test func subjectHeadsProvenFromOneSnapshotAreProvenAsAlone() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        _ = try store.append(
            records: records(subjects: 0..<600, day: 10), rawInputs: [Data("raw".utf8)], message: "a\n",
            at: instant("2026-11-12T00:00:00Z"), signing: testSigning)
        let shared = try #require(try store.snapshot())
        #expect(shared.checkpoint.size == 600)  // three entry bundles
        for subject in ["host:h0", "host:h599", "host:h300", "host:h1"] {
            let id = try #require(try shared.entries(of: subject).first)
            let alone = try #require(try store.snapshot())
            #expect(try store.recordProof(id: id, subject: subject, in: shared) == store.recordProof(id: id, subject: subject, in: alone))
        }
        var reads: [Int] = []
        let memo = TileHashMemo()
        for index in [0, 1, 0] + Array(2...TileHashMemo.bundlesKept) + [0] {
            _ = try memo.entries(ofBundle: index) { () throws(StoreError) in
                reads.append(index)
                return [Data([UInt8(index & 0xff)])]
            }
        }
        // Read once each until the memo holds its bound, then anew: bundle 0 twice in all.
        #expect(reads.filter { $0 == 0 }.count == 2 && reads.count == TileHashMemo.bundlesKept + 2)
    }

    @Test func consistencyProofFromTilesMatchesTheInMemoryTree() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        var sizes: [Int] = []
        for day in 10...14 {
            _ = try store.append(
                records: records(subjects: 0..<(day * 13), day: day), rawInputs: [Data("raw".utf8)], message: "\(day)\n",
                at: instant("2026-11-\(day)T00:00:00Z"), signing: testSigning)
            sizes.append(try Checkpoint(#require(try store.checkpoint())).size)
        }
        let final = try Checkpoint(#require(try store.checkpoint()))
        for old in sizes.dropLast() {
            let (proof, _) = try store.consistencyProof(from: old)
            let oldRoot = try Checkpoint(#require(try store.checkpoint(at: store.history()[sizes.firstIndex(of: old)! + 1]))).rootHash
            try proof.verify(root1: oldRoot, root2: final.rootHash)
        }
    }

    @Test func rolloverCheckpointsCarryBothSignatures() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        let second = try NoteSignerKey.generate(name: "test.example/log")
        let both = LogSigning(origin: "test.example/log", keys: testSigning.keys + [second])
        _ = try store.append(
            records: records(subjects: 0..<2, day: 10), rawInputs: [Data("raw".utf8)], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: both)
        let note = try #require(try store.checkpoint())
        #expect(note.signatures.count == 2)
        #expect(try note.verify(trusting: [second.verifierKey]).count == 1)
        #expect(try note.verify(trusting: both.keys.map(\.verifierKey)).count == 2)
    }

    /// A record about `host:café` spelled with a decomposed "é", logged by whoever holds the signing
    /// key (or by a Vigil before subjects had to be composed): another subject in the log, yet the
    /// same key in every dictionary of a check, where its records hid the composed subject's. Every
    /// read of the store refuses it.
    @Test func aSignedRecordAboutADecomposedSubjectIsRefusedWhereverItIsRead() throws {
        let dir = try TemporaryFolder()
        let store = try store(in: dir)
        let keys = testSigning.keys.map(\.verifierKey)
        let composed = "host:caf\u{E9}", decomposed = "host:cafe\u{301}"
        _ = try store.append(
            records: [sampleRecord(subject: composed, version: "1", at: "2026-11-10T00:00:00Z")], rawInputs: [Data("raw".utf8)],
            message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        #expect(try store.verifyLog(trusting: keys).records == 1)
        let hiding = sampleRecord(subject: decomposed, version: "2", at: "2026-11-11T00:00:00Z")
        _ = try store.append(records: [hiding], rawInputs: [Data("raw".utf8)], message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        let verifying = #expect(throws: StoreError.self) { try store.verifyLog(trusting: keys) }
        #expect("\(verifying.map(String.init(describing:)) ?? "")".contains("not in Unicode Normalization Form C"))
        let snapshot = try #require(try store.snapshot())
        #expect(try snapshot.records(of: composed, ids: snapshot.entries(of: composed)[...]).count == 1)
        #expect(throws: StoreError.self) { try snapshot.records(of: decomposed, ids: [hiding.id]) }
        #expect(throws: EvidenceRecord.DecodingFailure.self) { try EvidenceRecord(canonicalData: hiding.canonicalData) }
    }

    @Test func subjectHeadLeafBytesRoundTripAndRejectOtherText() {
        let head = SubjectHead(subject: "host:web-01", size: 12, root: Data(repeating: 7, count: 32))
        #expect(SubjectHead(leafBytes: head.leafBytes) == head)
        #expect(String(decoding: head.leafBytes, as: UTF8.self).hasPrefix("vigil.subject-head/v1\nhost:web-01\n12\n"))
        #expect(SubjectHead(leafBytes: Data("vigil.subject-head/v1\nhost:a\n0\nAAAA\n".utf8)) == nil)
        #expect(SubjectHead(leafBytes: Data("go.sum line\n".utf8)) == nil)
    }
}

/// Tampering written with libgit2 itself (the store's own writer), not with the git tool.
struct LibgitTamperingTests {
    private func populated(_ dir: TemporaryFolder) throws -> EvidenceStore {
        let store = try EvidenceStore.create(at: dir.url.appendingPathComponent("store"), at: instant("2026-11-01T00:00:00Z"), signing: testSigning)
        let batch = (0..<3).map { sampleRecord(subject: "host:h\($0)", at: "2026-11-10T00:00:00Z") }
        _ = try store.append(records: batch, rawInputs: [Data("raw".utf8)], message: "a\n", at: instant("2026-11-10T00:00:00Z"), signing: testSigning)
        return store
    }

    /// Commits HEAD's tree with `files` replaced and `removing` taken out, through libgit2.
    private func forge(_ store: EvidenceStore, files: [String: Data], removing: Set<String> = []) throws {
        let repository = store.repository
        let parent = try #require(try repository.headCommit())
        let base = try repository.lookupCommit(parent).treeID
        var blobs: [String: git_oid] = [:]
        for (path, data) in files { blobs[path] = try repository.writeBlob(data) }
        let tree = try #require(try repository.writeTree(base: base, files: blobs, removing: removing))
        _ = try repository.commit(tree: tree, parent: parent, message: "forged\n", at: instant("2026-11-11T00:00:00Z"))
    }

    private let keys = testSigning.keys.map(\.verifierKey)

    /// Why `store` fails verification (its records checked `recordBatch` at a time), or nil when it verifies.
    private func verificationFailure(of store: EvidenceStore, recordBatch: Int? = nil) -> String? {
        do throws(StoreError) {
            if let recordBatch {
                _ = try store.verifyLog(trusting: keys, recordBatch: recordBatch)
            } else {
                _ = try store.verifyLog(trusting: keys)
            }
            return nil
        } catch {
            return error.description
        }
    }

    @Test func recordAddedWithoutItsLogEntryIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        let extra = sampleRecord(subject: "host:h1", version: "forged", at: "2026-11-10T00:00:00Z")
        let entries = try #require(try store.file(StoreLayout.entriesPath("host:h1")))
        try forge(
            store,
            files: [
                StoreLayout.recordPath(subject: "host:h1", id: extra.id): extra.canonicalData,
                StoreLayout.entriesPath("host:h1"): entries + Data((extra.id + "\n").utf8),
            ])
        #expect(throws: StoreError.self) { try store.verifyLog(trusting: keys) }
    }

    @Test func tileRewrittenToHideALeafIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        let path = "log/root/tile/0/000.p/3"
        var tile = try #require(try store.file(path))
        tile[0] ^= 0xff
        try forge(store, files: [path: tile])
        let failure = try #require(verificationFailure(of: store), "a changed tile must fail verification")
        #expect(failure.contains("log/root/tile/0/000.p/3"))
    }

    /// Records are read and checked a share per core: the failure named is still the first in the
    /// commit's path order, whichever share found it, whether the records were written loose (read
    /// through libgit2 after the shares) or repacked, whole or as deltas (read from the pack in the
    /// shares, the deltas through libgit2).
    @Test(arguments: [false, true]) func theFirstBadRecordOfALargeCommitIsNamed(repacked: Bool) throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        // No longer canonical: one early in path order, one late.
        let (files, spoiled, added) = try largeCommit(of: 1_500, spoiling: [100, 1_400], in: store)
        let (early, late) = (spoiled[0], spoiled[1])
        try forge(store, files: files)
        if repacked {
            _ = try runGit(["--git-dir", store.path.path, "repack", "-a", "-d", "-q", "--window=50"])
            let objects = try runGit(["--git-dir", store.path.path, "count-objects", "-v"]).output
            #expect(objects.hasPrefix("count: 0\n"), "\(objects)")
        }
        let failure = try #require(verificationFailure(of: store), "a non-canonical record must fail verification")
        #expect(failure.contains(early))
        #expect(!failure.contains(late))
        // The same records appended and logged verify whole, read from Vigil's pack or repacked.
        let goodDir = try TemporaryFolder()
        let good = try populated(goodDir)
        _ = try good.append(records: added, rawInputs: [Data("raw".utf8)], message: "b\n", at: instant("2026-11-11T00:00:00Z"), signing: testSigning)
        if repacked { _ = try runGit(["--git-dir", good.path.path, "repack", "-a", "-d", "-q", "--window=50"]) }
        #expect(try good.verifyLog(trusting: keys).records == 1_503)
    }

    /// Subjects are finished as the walk leaves their folders, once their records are checked: with
    /// batches of 7, every subject's records straddle checks, and the store still verifies whole.
    @Test func subjectsStraddlingRecordChecksVerifyWhole() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        let at = "2026-11-12T00:00:00Z"
        let batch = (0..<90).map { sampleRecord(subject: "host:h\($0 % 3)", version: "b\($0)", at: at) }
        _ = try store.append(records: batch, rawInputs: [Data("raw".utf8)], message: "b\n", at: instant(at), signing: testSigning)
        for size in [1, 7, 8_192] {
            let verified = try store.verifyLog(trusting: keys, recordBatch: size)
            #expect(verified.records == 93, "batch \(size)")
        }
    }

    /// An entries list naming one record more than its subject's files, with checks cutting through
    /// every subject, names that subject and no other.
    @Test func aSubjectFinishedBetweenChecksIsStillCompared() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        var files: [String: Data] = [:]
        for subject in ["host:h0", "host:h1", "host:h2"] {
            let added = (0..<20).map { sampleRecord(subject: subject, version: "x\($0)", at: "2026-11-10T00:00:00Z") }
            for record in added { files[StoreLayout.recordPath(subject: subject, id: record.id)] = record.canonicalData }
            var listed = added.map { $0.id + "\n" }.joined()
            if subject == "host:h1" { listed += sampleRecord(subject: subject, version: "unfiled", at: "2026-11-10T00:00:00Z").id + "\n" }
            let entries = try #require(try store.file(StoreLayout.entriesPath(subject)))
            files[StoreLayout.entriesPath(subject)] = entries + Data(listed.utf8)
        }
        try forge(store, files: files)
        for size in [7, 8_192] {
            let failure = try #require(verificationFailure(of: store, recordBatch: size), "an entry without its record must fail verification")
            #expect(failure.contains("host:h1: the records added differ from the records its entries list"), "batch \(size): \(failure)")
        }
    }

    /// The walk keeps no list of each subject's ids: an id listed again in a later commit is caught
    /// because its record file is not among those the commit added.
    @Test func anIdListedAgainInALaterCommitIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        let old = sampleRecord(subject: "host:h1", at: "2026-11-10T00:00:00Z")
        let entries = try #require(try store.file(StoreLayout.entriesPath("host:h1")))
        try forge(store, files: [StoreLayout.entriesPath("host:h1"): entries + Data((old.id + "\n").utf8)])
        let failure = try #require(verificationFailure(of: store), "an id listed twice must fail verification")
        #expect(failure.contains("host:h1: the records added differ from the records its entries list"))
    }

    /// A tree object written by hand (git itself never writes one) that names `format` twice: a
    /// reader's lookup could find the copy the walk did not check, so the walk refuses the folder.
    @Test func aFolderNamingAFileTwiceIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        let repository = store.repository
        let forged = GitObjectID(try repository.writeBlob(Data("vigil-store/v9\n".utf8)))
        var tree = Data()
        for line in try runGit(["--git-dir", store.path.path, "ls-tree", "HEAD"]).output.split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            let (mode, id) = (fields[0].split(separator: " ")[0], fields[0].split(separator: " ")[2])
            let name = String(fields[1])
            for hex in name == "format" ? [String(id), forged.hex] : [String(id)] {
                tree += Data("\(mode == "040000" ? "40000" : String(mode)) \(name)\0".utf8)
                tree += Data(stride(from: 0, to: 40, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! })
            }
        }
        let file = dir.url.appendingPathComponent("tree")
        try tree.write(to: file)
        let written = try runGit(["--git-dir", store.path.path, "hash-object", "-t", "tree", "-w", "--literally", "--stdin"], input: file)
        let treeID = try #require(GitObjectID(hex: written.output.trimmingCharacters(in: .whitespacesAndNewlines)), "\(written.output)")
        let parent = try #require(try repository.headCommit())
        _ = try repository.commit(tree: treeID.oid, parent: parent, message: "forged\n", at: instant("2026-11-11T00:00:00Z"))
        let failure = try #require(verificationFailure(of: store), "a folder naming a file twice must fail verification")
        #expect(failure.contains("the folder '/' holds two entries named 'format'"), "\(failure)")
    }

    @Test func subjectRemovedEntirelyIsCaught() throws {
        let dir = try TemporaryFolder()
        let store = try populated(dir)
        let folder = StoreLayout.subjectFolder("host:h2")
        try forge(
            store, files: [:],
            removing: [
                folder + "/subject", folder + "/entries",
                StoreLayout.recordPath(subject: "host:h2", id: sampleRecord(subject: "host:h2", at: "2026-11-10T00:00:00Z").id),
            ])
        let failure = try #require(verificationFailure(of: store), "a removed subject must fail verification")
        #expect(failure.contains("host:h2"))
    }
}
