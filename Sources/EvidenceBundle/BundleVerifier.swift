import Crypto
import EvidenceModel
import Foundation
import MerkleLog
import ZIPFoundation

/// What a verified bundle proved.
public struct BundleVerification: Sendable {
    public let checkpoint: Checkpoint
    public let records: Int
    public let rawInputs: Int
    /// One line per manifest signature: who signed and whether it was checked.
    public let signatures: [String]
    /// The older checkpoint the bundle showed consistency with (`--since`).
    public let since: Checkpoint?
    /// The verified files, by name: what `--extract` writes.
    public let files: [String: Data]
}

/// Verifies a bundle with nothing but its bytes and the trusted keys.
///
/// Order: container safety, the manifest's signatures, every digest, the checkpoint, every record
/// and its proof, raw inputs, the consistency proof. The first failure is thrown, named.
public enum BundleVerifier {
    /// Bundles larger than this are refused before anything is parsed.
    public static let maximumSize = 512 * 1024 * 1024

    /// - Parameter progress: told as records are verified: how many, of how many.
    ///
    /// - Parameter file: the file `data` was read from, if any: its zip directory is read there
    ///   rather than from a copy staged first (see ``readEntries(_:readFrom:)``).
    public static func verify(
        _ data: Data, readFrom file: URL? = nil, trusting keys: [NoteVerifierKey], postQuantumKey: Data? = nil,
        progress: (_ records: Int, _ of: Int) -> Void = { _, _ in }
    ) throws(BundleError) -> BundleVerification {
        let entries = try readEntries(data, readFrom: file)
        // Every file is hashed, and the report parsed, on other threads while this one reads the
        // manifest (one core waited through its 133k subjects); their verdicts are still given in
        // the order above.
        let unordered = Array(entries.keys)
        let hashing = BackgroundWork { ParallelShares.map(unordered, minimum: 64) { share in share.map { SHA256Hex.of(entries[$0] ?? Data()) } } }
        let reportParse = BackgroundWork { () -> String? in
            do { _ = try JSONValue.parse(entries[BundleLayout.report] ?? Data()) } catch { return "\(error)" }
            return nil
        }
        // Waited for however verification ends: work left running past a failed verification piled
        // up, one hashing of the whole bundle per call, in a caller verifying many bundles.
        defer { _ = (hashing.value, reportParse.value) }
        guard let manifest = entries[BundleLayout.manifest] else { throw .container("no \(BundleLayout.manifest)") }
        let envelope = try DSSEEnvelope(json: manifest)
        guard envelope.payloadType == InTotoStatement.payloadType else {
            throw .manifest("payloadType is '\(envelope.payloadType)', expected \(InTotoStatement.payloadType)")
        }
        let signatures = try verifySignatures(envelope, keys: keys, postQuantumKey: postQuantumKey)
        let statement = try InTotoStatement(payload: envelope.payload)
        // The container's form is checked on another thread meanwhile (on the calling one it was a
        // tenth of a verify); its verdict is still given last.
        let createdAt = statement.predicate["created_at"]?.stringValue.flatMap { Timestamp.parse($0) }
        let canonical = createdAt.map { createdAt in
            BackgroundWork { () -> Result<Bool, BundleError> in
                var files = entries
                files.removeValue(forKey: BundleLayout.manifest)
                return Result { () throws(BundleError) in try BundleWriter.isZip(data, of: manifest, files: files, at: createdAt) }
            }
        }
        defer { _ = canonical?.value }

        // Every file is listed with its digest, and nothing else is in the bundle.
        var listed: [String: String] = [:]
        for subject in statement.subjects {
            guard listed.updateValue(subject.sha256, forKey: subject.name) == nil else { throw .manifest("\(subject.name) is listed twice") }
        }
        // Each file hashed once (a raw input shared by thousands of records was hashed again for
        // each), on every core.
        let digests = Dictionary(uniqueKeysWithValues: zip(unordered, hashing.value))
        // Names sorted once, so that the first fault in their order is named (sorting 133k names
        // three times was a tenth of a verify's main thread).
        let names = entries.keys.sorted()
        for name in names where name != BundleLayout.manifest {
            guard let digest = listed[name] else { throw .digest("\(name) is not listed in the signed manifest") }
            guard digests[name] == digest else { throw .digest("\(name) does not match its signed digest") }
        }
        // Every file but the manifest is listed by now: a listed one is missing only if there are more.
        if listed.count != names.count - 1 {
            for name in listed.keys.sorted() where entries[name] == nil { throw .digest("\(name) is listed but missing") }
        }

        let verified = try verifiedCheckpoint(entries[BundleLayout.checkpoint], name: BundleLayout.checkpoint, keys: keys)
        let checkpoint = verified.checkpoint
        guard statement.predicate["root_hash"]?.stringValue == checkpoint.rootHash.base64EncodedString(),
            statement.predicate["tree_size"]?.doubleValue == Double(checkpoint.size),
            statement.predicate["origin"]?.stringValue == checkpoint.origin
        else { throw .manifest("the predicate does not describe the bundled checkpoint") }

        // Each record is checked alone: a wave at a time on every core, the first failure in the
        // names' order thrown, as one record after another would.
        let recordNames = names.filter { $0.hasPrefix("records/") }
        var records = 0
        var rawCount = 0
        while records < recordNames.count {
            progress(records, recordNames.count)
            let wave = Array(recordNames[records..<min(records + 8_192, recordNames.count)])
            _ = try ParallelShares.map(wave, minimum: 256) { share throws(BundleError) -> [Bool] in
                for name in share {
                    try verifyRecord(named: name, in: entries, digests: digests, trusting: keys, checkpoint: verified)
                }
                return []
            }
            records += wave.count
        }
        for name in entries.keys where name.hasPrefix("raw/") {
            rawCount += 1
            guard digests[name] == String(name.dropFirst(4)) else { throw .digest("\(name) does not hash to its name") }
        }
        for name in entries.keys where name.hasPrefix("proofs/") {
            let id = String(name.dropFirst("proofs/".count).dropLast(".proof".count))
            guard entries[BundleLayout.record(id)] != nil else { throw .proof("\(name) proves a record the bundle lacks") }
        }
        if let problem = reportParse.value { throw .container("report.json: \(problem)") }

        var since: Checkpoint?
        if let older = entries[BundleLayout.sinceCheckpoint] {
            guard let proofData = entries[BundleLayout.consistencyProof] else { throw .proof("since/checkpoint without its consistency proof") }
            do {
                let file = try CheckpointConsistency(text: String(decoding: proofData, as: UTF8.self))
                let (old, new) = try file.verify(older: try Note(parsing: older), trusting: keys)
                guard new.rootHash == checkpoint.rootHash, new.size == checkpoint.size else {
                    throw ProofFileError.rejected("the proof ends at another checkpoint than the bundle's")
                }
                since = old
            } catch { throw .proof("consistency with the earlier checkpoint: \(error)") }
        }
        // The container itself: a bundle is exactly the zip the writer makes of these files, so a
        // changed header byte (a date, an attribute, padding) fails too, not only changed contents.
        guard let canonical else { throw .manifest("the predicate has no created_at") }
        guard try canonical.value.get() else {
            throw .container("the zip container is not in its canonical form (a header, date or padding byte was changed)")
        }
        return BundleVerification(
            checkpoint: checkpoint, records: records, rawInputs: rawCount, signatures: signatures,
            since: since, files: entries)
    }

    // MARK: Parts

    /// The zip's entries by name; refuses oversized bundles, links, directories, unsafe names and duplicates.
    ///
    /// A zip laid out as the writer lays one out (every bundle that can verify) is read from `data`
    /// alone (``StoredZipReader``). Any other is read by ZIPFoundation, which names what is wrong;
    /// it reads the zip directory from a file: `file`, when it is a regular file of
    /// `data`'s size (staging a copy of a 366 MB bundle was a seventh of its verification), else a
    /// private copy of `data`. What is verified is `data` either way: stored entries are slices of it,
    /// and the canonical form rebuilt from the entries must be it byte for byte, so a file whose zip
    /// directory changed after `data` was read fails the verification.
    static func readEntries(_ data: Data, readFrom given: URL? = nil) throws(BundleError) -> [String: Data] {
        // A bundle starts with a zip entry; anything else was never one (a damaged bundle still starts so).
        guard !data.isEmpty else { throw .notABundle("the file is empty") }
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw .notABundle("it does not start as a zip archive does (PK\\x03\\x04)")
        }
        guard data.count <= maximumSize else { throw .container("\(data.count) bytes is over the \(maximumSize)-byte limit") }
        if let entries = writerOrderEntries(data) { return entries }
        // Read through a file, not ZIPFoundation's in-memory mode: in 0.9.20 the in-memory reader
        // traps on a seek past the end, which a damaged archive can cause.
        var staged: URL?
        defer { if let staged { try? FileManager.default.removeItem(at: staged) } }
        let file: URL
        if let given, Self.isRegularFile(given, ofSize: data.count) {
            file = given
        } else {
            file = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-bundle-\(UUID().uuidString).zip")
            do { try data.write(to: file, options: .withoutOverwriting) } catch {
                throw .container("cannot stage the bundle: \(FileProblem(error, path: file.path))")
            }
            staged = file
        }
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch { throw .container("not a zip archive: \(ZIPProblem.words(for: error))") }
        var entries: [String: Data] = [:]
        var total = 0
        // Where the next entry's local header stands if the entries lie one after another as the
        // writer puts them; nil once one does not.
        var next: Int? = data.startIndex
        for entry in archive {
            let name = entry.path
            if let problem = BundleLayout.problem(withEntryName: name) { throw .container(problem) }
            guard entry.type == .file else { throw .container("entry '\(name)' is a \(entry.type), only files are allowed") }
            guard entries[name] == nil else { throw .container("entry '\(name)' appears twice") }
            total += Int(entry.uncompressedSize)
            guard total <= maximumSize else { throw .container("the entries expand past the \(maximumSize)-byte limit") }
            // A stored entry whose local header is where the writer puts it is taken as a slice of
            // the bundle, not copied (a 366 MB bundle was held twice); any other is extracted.
            if let at = next, let range = storedContent(of: entry, at: at, in: data) {
                entries[name] = data[range]
                next = range.upperBound
                continue
            }
            next = nil
            var bytes = Data(capacity: Int(entry.uncompressedSize))
            // CRCs are not checked here: the canonical-form check rebuilds every header from the
            // bytes and compares the whole container, and the signed digests cover the bytes.
            do { _ = try archive.extract(entry, skipCRC32: true) { bytes.append($0) } } catch {
                throw .container("entry '\(name)' is damaged: \(ZIPProblem.words(for: error))")
            }
            entries[name] = bytes
        }
        return entries
    }

    /// The entries of a zip laid out as the writer lays one out (``StoredZipReader``), as slices of
    /// `data`; nil when it is not, or when one of them would be refused: ZIPFoundation's reading
    /// then says why.
    private static func writerOrderEntries(_ data: Data) -> [String: Data]? {
        guard let found = StoredZipReader.entries(in: data) else { return nil }
        var entries: [String: Data] = [:]
        entries.reserveCapacity(found.count)
        var total = 0
        for (name, content) in found {
            total += content.count
            guard BundleLayout.problem(withEntryName: name) == nil, entries[name] == nil, total <= maximumSize else { return nil }
            entries[name] = data[content]
        }
        return entries
    }

    /// Whether `file` is a regular file of `size` bytes (not a pipe, which reads once).
    private static func isRegularFile(_ file: URL, ofSize size: Int) -> Bool {
        var status = stat()
        return stat(file.path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && Int(status.st_size) == size
    }

    /// Where the bytes of `entry` lie in `data` when it is stored (not compressed) under a local
    /// header at `offset` that says so exactly as the writer writes one: its name, no extra field,
    /// the sizes the directory gives. Nil otherwise.
    static func storedContent(of entry: Entry, at offset: Int, in data: Data) -> Range<Int>? {
        let name = Data(entry.path.utf8)
        let size = Int(entry.uncompressedSize)
        guard !entry.isCompressed, entry.compressedSize == entry.uncompressedSize, data.endIndex - offset >= 30 + name.count + size
        else { return nil }
        func le(_ at: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(data[offset + at + $1]) << (8 * $1) }
        }
        guard le(0, 4) == 0x0403_4b50, le(8, 2) == 0, le(18, 4) == size, le(22, 4) == size, le(26, 2) == name.count, le(28, 2) == 0,
            data[(offset + 30)..<(offset + 30 + name.count)] == name
        else { return nil }
        let start = offset + 30 + name.count
        return start..<(start + size)
    }

    static func verifySignatures(_ envelope: DSSEEnvelope, keys: [NoteVerifierKey], postQuantumKey: Data?) throws(BundleError) -> [String] {
        let pae = envelope.preAuthenticationEncoding
        var lines: [String] = []
        var trustedEd25519 = 0
        for signature in envelope.signatures {
            if signature.keyID.hasPrefix("mldsa65:") {
                guard let postQuantumKey else {
                    lines.append("ML-DSA-65 \(signature.keyID): present, not checked (no post-quantum key given)")
                    continue
                }
                guard signature.keyID == BundleSigners.postQuantumKeyID(postQuantumKey) else {
                    throw .manifest("ML-DSA-65 signature \(signature.keyID) is not by the given post-quantum key")
                }
                guard let key = try? MLDSA65.PublicKey(rawRepresentation: postQuantumKey),
                    key.isValidSignature(signature.signature, for: pae)
                else { throw .manifest("ML-DSA-65 signature \(signature.keyID) does not verify") }
                lines.append("ML-DSA-65 \(signature.keyID): verified")
                continue
            }
            guard let key = keys.first(where: { BundleSigners.keyID($0) == signature.keyID }) else {
                lines.append("\(signature.keyID): not a trusted key, ignored")
                continue
            }
            guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key.publicKey),
                publicKey.isValidSignature(signature.signature, for: pae)
            else { throw .manifest("Ed25519 signature by trusted key \(key.name)+\(signature.keyID) does not verify") }
            trustedEd25519 += 1
            lines.append("Ed25519 \(key.name)+\(signature.keyID): verified")
        }
        guard trustedEd25519 > 0 else { throw .manifest("no signature by a trusted key") }
        return lines
    }

    static func verifiedCheckpoint(_ data: Data?, name: String, keys: [NoteVerifierKey]) throws(BundleError) -> VerifiedCheckpoint {
        guard let data else { throw .container("no \(name)") }
        do {
            let note = try Note(parsing: data)
            return try VerifiedCheckpoint(note, trusting: keys)
        } catch { throw .proof("\(name): \(error)") }
    }

    /// One record: it hashes to its name, its proof leads to the bundle's checkpoint, and the raw
    /// input it names, when bundled, is the one it names.
    private static func verifyRecord(
        named name: String, in entries: [String: Data], digests: [String: String], trusting keys: [NoteVerifierKey],
        checkpoint: VerifiedCheckpoint
    ) throws(BundleError) {
        let bytes = entries[name] ?? Data()
        let id = String(name.dropFirst("records/".count).dropLast(".json".count))
        guard name == BundleLayout.record(id), digests[name] == id else { throw .digest("\(name) does not hash to its record id") }
        guard let proofData = entries[BundleLayout.proof(id)] else { throw .proof("no proof for record \(id)") }
        let proven: Checkpoint
        do {
            proven = try RecordProof(text: String(decoding: proofData, as: UTF8.self), known: checkpoint)
                .verify(record: bytes, trusting: keys, known: checkpoint)
        } catch { throw .proof("record \(id): \(error)") }
        guard proven.size == checkpoint.checkpoint.size, proven.rootHash == checkpoint.checkpoint.rootHash else {
            throw .proof("record \(id) is proven against another checkpoint than the bundle's")
        }
        // Only its source is wanted: the header, not the whole record (a sixth of a verify).
        if let header = try? RecordHeader(canonicalData: bytes), let raw = digests[BundleLayout.raw(header.source.sha256)] {
            guard raw == header.source.sha256 else { throw .digest("raw input of record \(id) does not match") }
        }
    }
}
