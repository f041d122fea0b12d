import Crypto
import EvidenceModel
import Foundation
import MerkleLog

/// What goes into a bundle, gathered by the caller from the store.
public struct BundleContents: Sendable {
    /// A record and its proof, as the bundle's files hold them: a bundle of 67k records held each
    /// parsed, with its proof's hashes, and took 1.3 GB.
    public struct Item: Sendable {
        public let id: String
        public let canonicalData: Data
        public let proofText: Data

        public init(record: EvidenceRecord, proof: RecordProof) {
            id = record.id
            canonicalData = record.canonicalData
            proofText = Data(proof.text.utf8)
        }
    }

    public var checkpoint: Note
    public var items: [Item]
    /// Raw inputs by SHA-256.
    public var rawInputs: [String: Data]
    /// The JSON report of the run the bundle documents.
    public var report: Data
    /// An earlier checkpoint and the proof that the bundle's checkpoint extends it (`--since`).
    public var since: (checkpoint: Note, consistency: CheckpointConsistency)?
    /// What was selected (controls, subjects), recorded in the signed predicate.
    public var selection: [String: JSONValue]
    public var createdAt: Date

    public init(
        checkpoint: Note, items: [Item], rawInputs: [String: Data], report: Data,
        since: (checkpoint: Note, consistency: CheckpointConsistency)?, selection: [String: JSONValue], createdAt: Date
    ) {
        self.checkpoint = checkpoint
        self.items = items
        self.rawInputs = rawInputs
        self.report = report
        self.since = since
        self.selection = selection
        self.createdAt = createdAt
    }
}

/// The keys that sign a bundle's manifest: every Ed25519 log key, and the ML-DSA-65 key if any.
public struct BundleSigners: Sendable {
    public let ed25519: [NoteSignerKey]
    public let mldsa65: MLDSA65.PrivateKey?

    public init(ed25519: [NoteSignerKey], mldsa65: MLDSA65.PrivateKey?) {
        self.ed25519 = ed25519
        self.mldsa65 = mldsa65
    }

    /// The DSSE key id of an Ed25519 log key: its C2SP key ID in hex (publish it with the vkey).
    public static func keyID(_ key: NoteVerifierKey) -> String { String(format: "%08x", key.keyID) }

    /// The DSSE key id of an ML-DSA-65 public key: `mldsa65:` and 16 hex digits of its SHA-256.
    public static func postQuantumKeyID(_ publicKey: Data) -> String {
        "mldsa65:" + SHA256.hash(data: publicKey).withUnsafeBytes { $0.prefix(8).lowercaseHex }
    }
}

/// Writes a bundle: one zip holding the files and the signed manifest that lists them.
public enum BundleWriter {
    /// The whole bundle in memory (tests, small bundles).
    public static func write(_ contents: BundleContents, signers: BundleSigners) throws(BundleError) -> Data {
        var bundle = Data()
        try write(contents, signers: signers) { bundle.append($0) }
        return bundle
    }

    /// Gives the bundle to `consume` a piece at a time, in order.
    public static func write(
        _ contents: BundleContents, signers: BundleSigners, into consume: (Data) throws(BundleError) -> Void
    ) throws(BundleError) {
        let files = BundleFiles()
        for item in contents.items {
            try files.add(BundleLayout.record(item.id), item.canonicalData)
            try files.add(BundleLayout.proof(item.id), item.proofText)
        }
        for (sha, data) in contents.rawInputs { try files.add(BundleLayout.raw(sha), data) }
        try files.add(BundleLayout.report, contents.report)
        try write(
            files, records: contents.items.count, checkpoint: contents.checkpoint, since: contents.since,
            selection: contents.selection, createdAt: contents.createdAt, signers: signers, into: consume)
    }

    /// Gives the bundle of `files` (its records, their proofs and raw inputs: `records` of them; and
    /// its report), the checkpoint and the `--since` proof to `consume` a piece at a time, in order:
    /// the signed manifest first, then each file as `files` gives it back.
    public static func write(
        _ files: BundleFiles, records: Int, checkpoint note: Note,
        since: (checkpoint: Note, consistency: CheckpointConsistency)?, selection: [String: JSONValue], createdAt: Date,
        signers: BundleSigners, sizeLimit: Int = BundleVerifier.maximumSize, into consume: (Data) throws(BundleError) -> Void
    ) throws(BundleError) {
        try files.add(BundleLayout.checkpoint, note.serializedData)
        if let since {
            try files.add(BundleLayout.sinceCheckpoint, since.checkpoint.serializedData)
            try files.add(BundleLayout.consistencyProof, Data(since.consistency.text.utf8))
        }
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(note) } catch { throw .write("checkpoint: \(error)") }
        var predicate = selection
        predicate["origin"] = .string(checkpoint.origin)
        predicate["tree_size"] = .number(Double(checkpoint.size))
        predicate["root_hash"] = .string(checkpoint.rootHash.base64EncodedString())
        predicate["created_at"] = .string(Timestamp.format(createdAt))
        predicate["records"] = .number(Double(records))
        let listing = files.listing
        let statement = InTotoStatement(
            subjects: listing.map { InTotoStatement.Subject(name: $0.name, sha256: $0.sha256) }, predicate: predicate)
        let envelope = try sign(statement, signers: signers)
        // A bundle no verifier would read is not written: refused before its first byte when its files
        // alone are too many, else as soon as the zip's headers take it over.
        let tooLarge = BundleError.write("the bundle is over the \(sizeLimit)-byte limit `bundle verify` reads: export fewer records")
        guard files.byteCount + envelope.json.count <= sizeLimit else { throw tooLarge }
        var written = 0
        try zip(manifest: envelope.json, names: listing.map(\.name), from: files, at: createdAt) { (piece) throws(BundleError) in
            written += piece.count
            guard written <= sizeLimit else { throw tooLarge }
            try consume(piece)
        }
    }

    static func sign(_ statement: InTotoStatement, signers: BundleSigners) throws(BundleError) -> DSSEEnvelope {
        let payload = statement.payload
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: InTotoStatement.payloadType, payload: payload)
        var signatures: [DSSEEnvelope.Signature] = []
        for key in signers.ed25519 {
            do {
                signatures.append(.init(keyID: BundleSigners.keyID(key.verifierKey), signature: try key.signature(forMessage: pae)))
            } catch { throw .write("Ed25519 signature: \(error)") }
        }
        if let pq = signers.mldsa65 {
            do {
                signatures.append(
                    .init(
                        keyID: BundleSigners.postQuantumKeyID(pq.publicKey.rawRepresentation),
                        signature: try pq.signature(for: pae)))
            } catch { throw .write("ML-DSA-65 signature: \(error)") }
        }
        guard !signatures.isEmpty else { throw .write("no signing key") }
        return DSSEEnvelope(payload: payload, payloadType: InTotoStatement.payloadType, signatures: signatures)
    }

    /// Files stored uncompressed, manifest first, then by name, all dated `at` so the same
    /// contents give the same bytes (``StoredZip``), given to `consume` a file at a time.
    static func zip(
        manifest: Data, files: [String: Data], at date: Date, into consume: (Data) throws(BundleError) -> Void
    ) throws(BundleError) {
        try zip(manifest: manifest, names: files.keys.sorted(), from: HeldFiles(files: files), at: date, into: consume)
    }

    /// ``zip(manifest:files:at:into:)`` of the files `names` (sorted) of `source`, each read as its turn comes.
    static func zip(
        manifest: Data, names: [String], from source: some ZipFileSource, at date: Date, into consume: (Data) throws(BundleError) -> Void
    ) throws(BundleError) {
        var zip = StoredZip(date: date)
        func begin(_ name: String, count: Int, checksum: UInt32) throws(BundleError) {
            do { try zip.begin(name, count: count, checksum: checksum, permissions: 0o644) } catch { throw .write("\(error)") }
            for piece in zip.take() { try consume(piece) }
        }
        func append(_ bytes: Data) throws(BundleError) {
            zip.append(bytes)
            for piece in zip.take() { try consume(piece) }
        }
        try begin(BundleLayout.manifest, count: manifest.count, checksum: StoredZip.crc32(manifest))
        try append(manifest)
        for name in names {
            let entry = try source.entry(name)
            try begin(name, count: entry.count, checksum: entry.checksum)
            try source.read(name, into: append)
        }
        zip.finish()
        for piece in zip.take() { try consume(piece) }
    }

    /// The zip of these files, whole.
    static func zip(manifest: Data, files: [String: Data], at date: Date) throws(BundleError) -> Data {
        var archive = Data()
        try zip(manifest: manifest, files: files, at: date) { archive.append($0) }
        return archive
    }

    /// Whether `data` is exactly the zip of these files: compared as it is written, never a second copy.
    static func isZip(_ data: Data, of manifest: Data, files: [String: Data], at date: Date) throws(BundleError) -> Bool {
        var offset = data.startIndex
        var same = true
        try zip(manifest: manifest, files: files, at: date) { piece in
            guard same, data.endIndex - offset >= piece.count, data[offset..<(offset + piece.count)] == piece else {
                same = false
                return
            }
            offset += piece.count
        }
        return same && offset == data.endIndex
    }
}
