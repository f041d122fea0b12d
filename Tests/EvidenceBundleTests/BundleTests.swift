import Crypto
import EvidenceModel
import Foundation
import MerkleLog
import Testing
import VigilTestSupport
import ZIPFoundation

@testable import EvidenceBundle

struct DSSEEnvelopeTests {
    @Test func preAuthenticationEncodingMatchesTheSpecVector() {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: "http://example.com/HelloWorld", payload: Data("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    /// The statement of a bundle of 67k records is a 31 MB payload: longer than the 16 MiB an input's
    /// string may be, it is bounded by the envelope's own size instead.
    @Test func aPayloadLongerThanAnInputStringStillParses() throws {
        let envelope = DSSEEnvelope(
            payload: Data(repeating: 0x7b, count: 17 << 20), payloadType: "t", signatures: [.init(keyID: "k", signature: Data([1]))])
        #expect(try DSSEEnvelope(json: envelope.json) == envelope)
    }

    /// The statement written member by member is the canonical JSON of it as one value.
    @Test func statementPayloadIsTheCanonicalJSONOfTheStatement() throws {
        for subjects in [[], [("records/a\"é😀.json", "ab"), ("b", "cd")]] {
            let statement = InTotoStatement(
                subjects: subjects.map { InTotoStatement.Subject(name: $0.0, sha256: String(repeating: $0.1, count: 32)) },
                predicate: ["origin": "vigil.local/x", "tree_size": 3, "selection": ["controls": ["FW-01"]]])
            // The statement as one JSON value, as it was built before it was written member by member.
            let whole: JSONValue = .object([
                "_type": .string(InTotoStatement.type),
                "subject": .array(
                    statement.subjects.map { .object(["name": .string($0.name), "digest": .object(["sha256": .string($0.sha256)])]) }),
                "predicateType": .string(InTotoStatement.predicateType),
                "predicate": .object(statement.predicate),
            ])
            #expect(statement.payload == (try CanonicalJSON.data(whole)))
            #expect(try InTotoStatement(payload: statement.payload) == statement)
        }
    }

    /// Base64 as the spec lets a verifier take it (standard or URL-safe, padded or not) decodes as
    /// the general rewrite-then-decode does, whichever way it is taken.
    @Test func base64IsDecodedAsTheGeneralRewriteDecodesIt() {
        func rewritten(_ text: String) -> Data? {
            var bytes = Array(text.utf8).map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
            bytes += Array(repeating: UInt8(ascii: "="), count: (4 - bytes.count % 4) % 4)
            return Data(base64Encoded: Data(bytes))
        }
        let texts = [
            "", "AA==", "AA", "+/8B", "-_8B", "//4=", "__4", "aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGQ", "aGVs bG8=", "aGVsbG8*", "====",
            "A===", "AAA=", "AAAA", "+/8B-_8B", Data((0..<300).map { UInt8($0 % 256) }).base64EncodedString(),
        ]
        for text in texts { #expect(DSSEEnvelope.base64(text) == rewritten(text), "\(text)") }
    }

    @Test func envelopeJSONRoundTripsAndAcceptsURLSafeBase64() throws {
        let envelope = DSSEEnvelope(payload: Data([0xfb, 0xff, 0x01]), payloadType: "t", signatures: [.init(keyID: "k", signature: Data([0xff, 0xfe]))])
        #expect(try DSSEEnvelope(json: envelope.json) == envelope)
        let urlSafe = String(decoding: envelope.json, as: UTF8.self).replacingOccurrences(of: "+/8B", with: "-_8B")
        #expect(try DSSEEnvelope(json: Data(urlSafe.utf8)).payload == envelope.payload)
        // URL-safe and unpadded: "//4=" is "__4".
        let unpadded = urlSafe.replacingOccurrences(of: "\"//4=\"", with: "\"__4\"")
        #expect(unpadded != urlSafe)
        #expect(try DSSEEnvelope(json: Data(unpadded.utf8)) == envelope)
        #expect(throws: BundleError.self) { try DSSEEnvelope(json: Data(unpadded.replacingOccurrences(of: "\"__4\"", with: "\"_*4\"").utf8)) }
    }
}

struct BundleRoundTripTests {
    @Test func exportedBundleVerifiesWithTheKeyAlone() throws {
        let sample = try SampleBundle(since: true)
        let result = try BundleVerifier.verify(try sample.write(), trusting: [sample.key.verifierKey])
        #expect(result.records == 3)
        #expect(result.rawInputs == 1)
        #expect(result.since?.size == 1)
        #expect(result.signatures.count == 1)
        #expect(result.signatures[0].contains("verified"))
    }

    @Test func sameContentsGiveTheSameBytes() throws {
        let sample = try SampleBundle()
        #expect(try sample.write() == sample.write())
    }

    @Test func anotherKeyIsNotTrusted() throws {
        let sample = try SampleBundle()
        let stranger = try NoteSignerKey.generate(name: "bundle.test/log").verifierKey
        #expect(throws: BundleError.manifest("no signature by a trusted key")) {
            try BundleVerifier.verify(try sample.write(), trusting: [stranger])
        }
    }

    @Test func postQuantumSignatureIsCarriedAndVerifiedWhenItsKeyIsGiven() throws {
        let sample = try SampleBundle()
        let pq = try MLDSA65.PrivateKey()
        let bundle = try sample.write(postQuantum: pq)
        let unchecked = try BundleVerifier.verify(bundle, trusting: [sample.key.verifierKey])
        #expect(unchecked.signatures.count == 2)
        #expect(unchecked.signatures[1].contains("not checked"))
        let checked = try BundleVerifier.verify(bundle, trusting: [sample.key.verifierKey], postQuantumKey: pq.publicKey.rawRepresentation)
        #expect(checked.signatures.contains { $0.hasPrefix("ML-DSA-65") && $0.hasSuffix("verified") })
        let other = try MLDSA65.PrivateKey().publicKey.rawRepresentation
        #expect(throws: BundleError.self) { try BundleVerifier.verify(bundle, trusting: [sample.key.verifierKey], postQuantumKey: other) }
    }

    @Test func everySingleChangedByteFailsVerification() throws {
        let sample = try SampleBundle(since: true)
        let bundle = try sample.write()
        let keys = [sample.key.verifierKey]
        // Every byte of a bundle a few KB long: each flip must be caught (never accepted, never a crash).
        var accepted: [Int] = []
        for offset in stride(from: 0, to: bundle.count, by: max(1, bundle.count / 1500)) {
            var tampered = bundle
            tampered[offset] ^= 0x01
            if (try? BundleVerifier.verify(tampered, trusting: keys)) != nil { accepted.append(offset) }
        }
        #expect(accepted.isEmpty, "flips accepted at offsets \(accepted.prefix(10)) of \(bundle.count)")
    }
}

struct BundleSafetyTests {
    /// A zip written by hand, as an attacker would, with any entries.
    private func zip(_ entries: [(String, Data, Entry.EntryType)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data, type) in entries {
            try archive.addEntry(with: name, type: type, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return try #require(archive.data)
    }

    @Test(arguments: ["../evil", "/etc/passwd", "a/../../evil", "a\\b", "./x", "a//b", "a/./b", "a\u{7F}b", "a\u{1}b", "x/", ""])
    func entryNamesThatCouldEscapeAreRejected(name: String) throws {
        #expect(BundleLayout.problem(withEntryName: name) != nil)
        #expect(BundleLayout.problem(withEntryName: "records/é..json") == nil)
        #expect(BundleLayout.problem(withEntryName: "a/../b") == "entry 'a/../b' climbs out of the bundle with '..'")
        guard !name.isEmpty else { return }
        let data = try zip([(name, Data("x".utf8), .file)])
        #expect(throws: BundleError.self) { try BundleVerifier.readEntries(data) }
    }

    /// A bundle's stored entries are read as slices of its bytes, where its local headers say they
    /// are; entries anywhere else, or compressed, are extracted: either way each reads as ZIPFoundation
    /// extracts it.
    @Test func entriesReadAsZIPFoundationExtractsThem() throws {
        let sample = try SampleBundle()
        let bundle = try sample.write()
        func extracted(_ data: Data) throws -> [String: Data] {
            let archive = try Archive(data: data, accessMode: .read)
            var entries: [String: Data] = [:]
            for entry in archive {
                var bytes = Data()
                _ = try archive.extract(entry) { bytes.append($0) }
                entries[entry.path] = bytes
            }
            return entries
        }
        let read = try BundleVerifier.readEntries(bundle)
        #expect(read == (try extracted(bundle)) && read.count > 3)
        // Slices of the bundle: each at its writer's place.
        #expect(read.values.allSatisfy { $0.startIndex > bundle.startIndex && $0.endIndex <= bundle.endIndex })
        // Found without ZIPFoundation, as it finds them, in a slice of a larger buffer as well.
        let found = try #require(StoredZipReader.entries(in: bundle))
        #expect(Dictionary(found.map { ($0.name, bundle[$0.content]) }, uniquingKeysWith: { a, _ in a }) == read)
        let padded = (Data("pad".utf8) + bundle).dropFirst(3)
        #expect(try #require(StoredZipReader.entries(in: padded)).map(\.content) == found.map { ($0.content.lowerBound + 3)..<($0.content.upperBound + 3) })
        // A directory entry that is not the writer's (another offset, a changed name) is left to ZIPFoundation.
        let directory = try #require(bundle.indices.first(where: { bundle[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }))
        for field in [42, 46] {
            var changed = bundle
            changed[directory + field] ^= 0x01
            #expect(StoredZipReader.entries(in: changed) == nil)
        }
        // Compressed entries, and a stored one behind them (no longer where the writer would put it).
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, content, method) in [
            ("a.json", Data(repeating: 0x61, count: 4_000), CompressionMethod.deflate), ("b.json", Data("b".utf8), .none),
        ] {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), compressionMethod: method) {
                position, size in content.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        let mixed = try #require(archive.data)
        #expect(try BundleVerifier.readEntries(mixed) == extracted(mixed))
        #expect(try BundleVerifier.readEntries(mixed)["a.json"]?.count == 4_000)
        #expect(StoredZipReader.entries(in: mixed) == nil)
    }

    /// A bundle verified from its file reads its zip directory there, not from a staged copy: the
    /// same entries and verdict. The bytes given are what is verified: a file whose zip directory
    /// changed after they were read (same size) fails; a file of another size, or none, is staged.
    @Test func aBundleReadFromItsFileVerifiesAsItsBytesDoAndAFileChangedSinceFails() throws {
        let sample = try SampleBundle()
        let bundle = try sample.write()
        let scratch = try TemporaryFolder()
        let file = scratch.url.appendingPathComponent("b.zip")
        try bundle.write(to: file)
        #expect(try BundleVerifier.readEntries(bundle, readFrom: file) == BundleVerifier.readEntries(bundle))
        let keys = [sample.key.verifierKey]
        let fromFile = try BundleVerifier.verify(bundle, readFrom: file, trusting: keys)
        let staged = try BundleVerifier.verify(bundle, trusting: keys)
        #expect(fromFile.files == staged.files && fromFile.records == staged.records && fromFile.records > 0)
        // What is verified is the bytes given: an entry's bytes changed in the file since verify as read.
        var changed = bundle
        let quote = try #require(changed.indices.last(where: { changed[$0] == UInt8(ascii: "\"") }))
        changed[quote] = UInt8(ascii: "'")
        try changed.write(to: file)
        #expect(try BundleVerifier.verify(bundle, readFrom: file, trusting: keys).files == staged.files)
        // The file's zip directory changed since (an entry renamed): a bundle in the writer's layout is
        // read from the bytes given alone (``StoredZipReader``), so they verify as they are.
        changed = bundle
        let directory = try #require(changed.indices.first(where: { changed[$0...].starts(with: [0x50, 0x4B, 0x01, 0x02]) }))
        changed[directory + 46] ^= 0x01
        try changed.write(to: file)
        #expect(try BundleVerifier.verify(bundle, readFrom: file, trusting: keys).files == staged.files)
        // The same change in the bytes given is refused: ZIPFoundation reads them, and the name it
        // finds in the directory is not the bundle's.
        #expect(throws: BundleError.self) { try BundleVerifier.verify(changed, trusting: keys) }
        // Shorter or absent: the bytes given are staged and verify.
        try Data(bundle.prefix(100)).write(to: file)
        #expect(try BundleVerifier.verify(bundle, readFrom: file, trusting: keys).records == staged.records)
        try FileManager.default.removeItem(at: file)
        #expect(try BundleVerifier.verify(bundle, readFrom: file, trusting: keys).records > 0)
        // A pipe is never opened again (it would read nothing, or wait for a writer).
        #expect(mkfifo(file.path, 0o600) == 0)
        #expect(try BundleVerifier.readEntries(bundle, readFrom: file) == BundleVerifier.readEntries(bundle))
    }

    @Test func linksAndDirectoriesAreRejected() throws {
        let link = try zip([("link", Data("/etc/passwd".utf8), .symlink)])
        #expect(throws: BundleError.container("entry 'link' is a symlink, only files are allowed")) { try BundleVerifier.readEntries(link) }
    }

    @Test func anEntryTheManifestDoesNotListIsRejected() throws {
        let sample = try SampleBundle()
        let archive = try Archive(data: try sample.write(), accessMode: .update)
        let extra = Data("smuggled".utf8)
        try archive.addEntry(with: "records/extra.json", type: .file, uncompressedSize: Int64(extra.count)) { position, size in
            extra.subdata(in: Int(position)..<(Int(position) + size))
        }
        #expect(throws: BundleError.digest("records/extra.json is not listed in the signed manifest")) {
            try BundleVerifier.verify(try #require(archive.data), trusting: [sample.key.verifierKey])
        }
    }

    /// Bytes after the zip's end records are not the writer's: the entries read from the local headers
    /// are whole, and the container rebuilt from them is what refuses the bundle.
    @Test func bytesAfterTheEndRecordsAreRefused() throws {
        let sample = try SampleBundle()
        let bundle = try sample.write()
        #expect(StoredZipReader.entries(in: bundle + Data([0])) != nil)
        #expect(throws: BundleError.container("the zip container is not in its canonical form (a header, date or padding byte was changed)")) {
            try BundleVerifier.verify(bundle + Data("PK".utf8), trusting: [sample.key.verifierKey])
        }
    }

    /// A file the manifest lists and the bundle lacks is named, the first in name order.
    @Test func aFileTheManifestListsButTheBundleLacksIsNamed() throws {
        let sample = try SampleBundle()
        let archive = try Archive(data: try sample.write(), accessMode: .update)
        let records = archive.map(\.path).filter { $0.hasPrefix("records/") }.sorted()
        #expect(records.count >= 2)
        for name in records.reversed() { try archive.remove(try #require(archive[name])) }
        #expect(throws: BundleError.digest("\(records[0]) is listed but missing")) {
            try BundleVerifier.verify(try #require(archive.data), trusting: [sample.key.verifierKey])
        }
    }

    /// A signed report that is not JSON fails, and only once every record verified (it is parsed
    /// while the manifest is read, its verdict given in its place).
    @Test func aSignedReportThatIsNotJSONFailsAfterTheRecords() throws {
        var sample = try SampleBundle()
        sample.contents.report = Data("{\"vigil_report\": ".utf8)
        #expect(throws: BundleError.container("report.json: line 1, end of file: truncated JSON: the document ends early")) {
            try BundleVerifier.verify(try sample.write(), trusting: [sample.key.verifierKey])
        }
        let first = sample.records[0]
        let changed = EvidenceRecord(
            kind: first.kind, subject: first.subject, observedAt: first.observedAt, collector: first.collector, origin: first.origin,
            source: first.source, data: ["DeviceId": "another"])
        let proof = try RecordProof(text: String(decoding: sample.contents.items[0].proofText, as: UTF8.self))
        sample.contents.items[0] = .init(record: changed, proof: proof)
        #expect(throws: BundleError.self) { try BundleVerifier.verify(try sample.write(), trusting: [sample.key.verifierKey]) }
        do { _ = try BundleVerifier.verify(try sample.write(), trusting: [sample.key.verifierKey]) } catch {
            #expect(!"\(error)".contains("report.json"), "\(error)")
        }
    }

    @Test func oversizedBundleIsRefusedBeforeParsing() {
        let huge = Data(count: BundleVerifier.maximumSize + 1)
        #expect(throws: BundleError.self) { try BundleVerifier.readEntries(huge) }
    }

    @Test func extractionWritesInsideTheFolderOnly() throws {
        let scratch = try TemporaryFolder("vigil-extract")
        let folder = scratch.file("extracted")
        try SafeExtraction.write(["records/a.json": Data("{}".utf8)], to: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("records/a.json").path))
        #expect(throws: BundleError.self) { try SafeExtraction.write(["../escape": Data()], to: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("escape").path))
    }
}

struct BundleZipTests {
    /// The bundle's zip, now written through a file, is byte for byte the one ZIPFoundation writes in
    /// memory, as bundles were before: `bundle verify` zips the files again and compares, so bundles
    /// exported by earlier builds still verify.
    @Test func theZipIsTheOneZIPFoundationWritesInMemory() throws {
        var files: [String: Data] = ["empty": Data()]
        for file in 0..<300 {
            files["records/\(file).json"] = Data((0..<(file * 7 % 500)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ file) })
        }
        let manifest = Data("{\"payload\": \"x\"}".utf8)
        let date = Date(timeIntervalSince1970: 1_795_132_800)
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in [(BundleLayout.manifest, manifest)] + files.keys.sorted().map({ ($0, files[$0] ?? Data()) }) {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, permissions: 0o644,
                compressionMethod: .none
            ) { position, size in data.subdata(in: Int(position)..<(Int(position) + size)) }
        }
        let written = try #require(archive.data)
        #expect(try BundleWriter.zip(manifest: manifest, files: files, at: date) == written)
        #expect(try BundleWriter.isZip(written, of: manifest, files: files, at: date))
        // A byte changed anywhere, one more or one less: not the zip of these files.
        for position in [0, 1_000, written.count / 2, written.count - 1] {
            var changed = written
            changed[position] ^= 0x01
            #expect(try !BundleWriter.isZip(changed, of: manifest, files: files, at: date), "byte \(position)")
        }
        #expect(try !BundleWriter.isZip(written + Data([0]), of: manifest, files: files, at: date))
        #expect(try !BundleWriter.isZip(written.dropLast(), of: manifest, files: files, at: date))
    }

    /// zlib's CRC-32 is the one ZIPFoundation computes (and zip's, "123456789" gives cbf43926).
    @Test func crcIsZipsCRC32() {
        #expect(StoredZip.crc32(Data("123456789".utf8)) == 0xCBF4_3926)
        for size in [0, 1, 4_095, 70_001] {
            let data = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) })
            #expect(StoredZip.crc32(data) == data.crc32(checksum: 0), "\(size) bytes")
        }
    }

    /// 70,000 entries (more than a ZIP's 65,535) take the ZIP64 end records; ZIPFoundation and
    /// Python's zipfile read every entry back.
    @Test func moreEntriesThanAZipCountsAreWrittenAsZIP64() throws {
        var zip = StoredZip(date: Date(timeIntervalSince1970: 1_795_132_800))
        var data = Data()
        for entry in 0..<70_000 {
            try zip.add("f/\(entry)", Data("\(entry)".utf8), permissions: 0o644)
            if entry % 1_000 == 0 { for piece in zip.take() { data.append(piece) } }  // taken in pieces, as a bundle is written
        }
        zip.finish()
        for piece in zip.take() { data.append(piece) }
        var names = 0
        for entry in try Archive(data: data, accessMode: .read) {
            names += 1
            if entry.path == "f/69999" {
                var content = Data()
                _ = try Archive(data: data, accessMode: .read).extract(entry) { content.append($0) }
                #expect(content == Data("69999".utf8))
            }
        }
        #expect(names == 70_000)
        let scratch = try TemporaryFolder()
        let file = scratch.url.appendingPathComponent("big.zip")
        try data.write(to: file)
        let python = try runProcess(
            "python3",
            [
                "-c", "import zipfile, sys; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(len(z.namelist()), z.read('f/69999').decode())",
                file.path,
            ])
        #expect(python.status == 0 && python.output.hasSuffix("70000 69999\n"), "\(python.output)")
    }
}
