import Crypto
import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport

@testable import EvidenceBundle

/// A bundle's files spooled to disk until its manifest is signed: what a large export holds instead
/// of every file in memory.
struct BundleFilesTests {
    @Test func spooledFilesAreReadBackAsAddedAndListedByName() throws {
        let folder = try TemporaryFolder("bundle-spool")
        let files = try BundleFiles(spoolingIn: folder.url)
        let added: [(String, Data)] = [
            ("records/b.json", Data("{\"b\":1}".utf8)), ("empty", Data()), ("raw/a", Data((0..<70_000).map { UInt8($0 % 251) })),
            ("records/a.json", Data("{}".utf8)),
        ]
        for (name, content) in added { try files.add(name, content) }
        // Added again, the newer content is the file's.
        try files.add("records/b.json", Data("{\"b\":2}".utf8))
        #expect(files.byteCount == 7 + 0 + 70_000 + 2)  // the replaced file's bytes counted once
        #expect(files.listing.map(\.name) == ["empty", "raw/a", "records/a.json", "records/b.json"])
        for (name, content) in added.dropFirst() {
            #expect(try files.content(of: name) == content, "\(name)")
            #expect(files.listing.first { $0.name == name }?.sha256 == SHA256Hex.of(content))
        }
        #expect(try files.content(of: "records/b.json") == Data("{\"b\":2}".utf8))
        #expect(files.listing.first { $0.name == "records/b.json" }?.sha256 == SHA256Hex.of(Data("{\"b\":2}".utf8)))
        #expect(throws: BundleError.self) { try files.content(of: "records/c.json") }
    }

    /// A large spooled file is read back in pieces, never whole, and its pieces are its bytes.
    @Test func aLargeSpooledFileIsReadBackInPieces() throws {
        let folder = try TemporaryFolder("bundle-spool")
        let files = try BundleFiles(spoolingIn: folder.url)
        let large = Data((0..<(2 * BundleFiles.pieceSize + 5)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try files.add("before", Data("x".utf8))
        try files.add("raw/large", large)
        try files.add("empty", Data())
        var pieces: [Data] = []
        try files.read("raw/large") { pieces.append($0) }
        #expect(pieces.map(\.count) == [BundleFiles.pieceSize, BundleFiles.pieceSize, 5])
        #expect(Data(pieces.joined()) == large)
        #expect(try files.entry("raw/large") == (large.count, StoredZip.crc32(large)))
        pieces = []
        try files.read("empty") { pieces.append($0) }
        #expect(Data(pieces.joined()).isEmpty)
        #expect(try files.content(of: "before") == Data("x".utf8))
        // Files added after a read are read back too, as are those before it.
        for i in 0..<3_000 { try files.add("after/\(i)", Data("file \(i)".utf8)) }
        #expect(try files.content(of: "after/0") == Data("file 0".utf8))
        #expect(try files.content(of: "after/2999") == Data("file 2999".utf8))
        try files.add("last", Data("y".utf8))
        #expect(try files.content(of: "last") == Data("y".utf8))
        #expect(try files.content(of: "raw/large") == large)
    }

    /// The spool is nobody's file: gone from its folder as soon as it is open, so a failed or killed
    /// export leaves nothing beside the bundle.
    @Test func theSpoolLeavesNothingInItsFolder() throws {
        let folder = try TemporaryFolder("bundle-spool")
        let files = try BundleFiles(spoolingIn: folder.url)
        try files.add("raw/x", Data(repeating: 7, count: 1 << 20))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).isEmpty)
        #expect(try files.content(of: "raw/x").count == 1 << 20)
    }

    @Test func aSpoolWhereNoneCanBeMadeIsAWriteErrorNamingTheFolder() throws {
        let folder = try TemporaryFolder("bundle-spool")
        let missing = folder.url.appendingPathComponent("not-there")
        #expect {
            try BundleFiles(spoolingIn: missing)
        } throws: { error in
            guard case .write(let reason) = error as? BundleError else { return false }
            return reason.contains("cannot create a spool file in \(missing.path): the folder '\(missing.path)' does not exist")
        }
    }

    /// A bundle written from spooled files is the bundle written from files held in memory, byte for byte.
    @Test func aSpooledBundleIsTheBundleWrittenInMemory() throws {
        var sample = try SampleBundle(recordCount: 40, since: true)
        // A raw input larger than the pieces a spooled file is read back in.
        let large = Data((0..<(BundleFiles.pieceSize + 3)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        sample.contents.rawInputs[SHA256Hex.of(large)] = large
        let held = try sample.write()
        let folder = try TemporaryFolder("bundle-spool")
        let spooled = try sample.write(through: BundleFiles(spoolingIn: folder.url))
        #expect(spooled == held)
        #expect(try BundleVerifier.verify(spooled, trusting: [sample.key.verifierKey]).records == 40)
    }
}

/// A bundle larger than `bundle verify` reads is never written: it would be a bundle no auditor can verify.
struct BundleSizeLimitTests {
    private func written(_ sample: SampleBundle, limit: Int) throws -> Data {
        try sample.write(through: BundleFiles(), sizeLimit: limit)
    }

    @Test func aBundleOfExactlyTheLimitIsWrittenAndOneByteLessIsRefused() throws {
        let sample = try SampleBundle(recordCount: 20)
        let whole = try written(sample, limit: .max)
        #expect(try written(sample, limit: whole.count) == whole)
        // Over by its headers only: refused while the zip is written, before its end.
        #expect {
            try written(sample, limit: whole.count - 1)
        } throws: { error in
            guard case .write(let reason) = error as? BundleError else { return false }
            return reason.contains("over the \(whole.count - 1)-byte limit `bundle verify` reads")
        }
        // Over by its files alone: refused before any byte.
        let files = BundleFiles()
        try files.add("raw/x", Data(count: 100))
        var given = 0
        #expect(throws: BundleError.self) {
            try BundleWriter.write(
                files, records: 0, checkpoint: sample.contents.checkpoint, since: nil, selection: [:], createdAt: SampleBundle.createdAt,
                signers: BundleSigners(ed25519: [sample.key], mldsa65: nil), sizeLimit: 99
            ) { given += $0.count }
        }
        #expect(given == 0)
    }
}
