import EvidenceBundle
import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog
import Reporting

/// What to put in a bundle.
public struct BundleSelection: Sendable {
    public var controls: [String]
    public var subjects: [String]
    /// An earlier signed checkpoint: the bundle then proves the log only grew since.
    public var since: Data?

    public init(controls: [String] = [], subjects: [String] = [], since: Data? = nil) {
        self.controls = controls
        self.subjects = subjects
        self.since = since
    }
}

extension Pipeline {
    /// Builds a bundle: the records behind the selected controls' results (all controls when none
    /// is named) plus every record about the selected subjects, each with its proof and raw input,
    /// the checkpoint, the JSON report, and the signed manifest; written to `output` (as the user
    /// named it, `named`) a file at a time, in place once whole.
    /// - Returns: how many records and bytes it holds.
    /// - Parameter sizeLimit: the largest bundle written (`bundle verify` reads no larger one).
    public func exportBundle(
        _ selection: BundleSelection, controlsDirectory: URL, to output: URL, named: String, sizeLimit: Int = BundleVerifier.maximumSize
    ) throws(VigilError) -> (records: Int, bytes: Int) {
        let file = try AtomicFile(replacing: output, named: named)
        var bytes = 0
        let records = try exportBundle(
            selection, controlsDirectory: controlsDirectory, spoolingIn: output.deletingLastPathComponent(), sizeLimit: sizeLimit
        ) {
            (piece) throws(VigilError) in
            try file.append(piece)
            bytes += piece.count
        }
        try file.commit()
        return (records, bytes)
    }

    /// How many subjects a bundle export reads and proves at once, over every core.
    static let subjectsPerWave = 1_024

    /// ``exportBundle(_:controlsDirectory:to:named:)`` giving the bundle to `consume` a piece at a time.
    /// - Parameter folder: where the bundle's files wait, spooled, for its signed manifest (nil: in memory).
    func exportBundle(
        _ selection: BundleSelection, controlsDirectory: URL, spoolingIn folder: URL? = nil, sizeLimit: Int = BundleVerifier.maximumSize,
        into consume: (Data) throws(VigilError) -> Void
    ) throws(VigilError) -> Int {
        let files: BundleFiles
        do { files = try folder.map(BundleFiles.init(spoolingIn:)) ?? BundleFiles() } catch { throw .io(error.description) }
        // The run is let go once its report is spooled and its evidence named: it is not held beside the records.
        var ids = try checkedEvidence(selection, controlsDirectory: controlsDirectory, reportingTo: files)
        let store = try workspace.openStore()
        // check() has just audited the index; what is packed is read again from the store's log
        // and re-hashed below, so a second linear audit would add nothing.
        let index = try workspace.openIndexUnaudited(for: store)
        for subject in selection.subjects {
            let records = try storeCall { () throws(StoreError) in try index.records(matching: RecordQuery(subject: subject)) }
            guard !records.isEmpty else { throw .usage("no records about '\(subject)'") }
            ids.formUnion(records.map(\.id))
        }
        var records = 0
        var raws: Set<String> = []
        // Sign only what was checked: every record is read again from the store's log and re-hashed,
        // every raw input it names (its source and merged_from) must be there and hash to its name.
        let step = workspace.progress.step
        // One snapshot of HEAD for every record: its tree, entries lists and checkpoint read once.
        guard let snapshot = try storeCall({ () throws(StoreError) in try store.snapshot() }) else {
            throw .verification("the store has no commits")
        }
        // Subject by subject: a subject's records are read, hashed into its tree and its head proven
        // once for all its records in the bundle.
        let subjectOf = try storeCall { () throws(StoreError) in try index.subjects(ofRecords: Array(ids)) }
        var bySubject: [String: [String]] = [:]
        for id in ids.sorted() {
            guard let subject = subjectOf[id] else { throw .verification("record \(id) is not in the signed log") }
            bySubject[subject, default: []].append(id)
        }
        // Read and proven on every core, a wave of subjects at a time, and taken in order here.
        let reads = try storeCall { () throws(StoreError) in try ProvenRecordReads(snapshot) }
        let subjects = bySubject.sorted(by: { $0.key < $1.key }).map { (subject: $0.key, ids: $0.value) }
        for start in stride(from: 0, to: subjects.count, by: Self.subjectsPerWave) {
            step(ProgressStep(task: "packing the bundle", done: records, total: ids.count, unit: "records", note: "\(raws.count) raw inputs"))
            let wave = Array(subjects[start..<min(start + Self.subjectsPerWave, subjects.count)])
            let proven = try storeCall { () throws(StoreError) in try reads.read(wave) }
            for ((_, wanted), read) in zip(wave, proven) {
                let listed = Set(read.listed)
                if let missing = wanted.first(where: { !listed.contains($0) }) {
                    throw .verification("record \(missing) is not in the signed log at HEAD")
                }
                for (record, proof) in zip(read.records, read.proofs) {
                    try bundleCall { () throws(BundleError) in
                        try files.add(BundleLayout.record(record.id), record.canonicalData)
                        try files.add(BundleLayout.proof(record.id), Data(proof.text.utf8))
                    }
                    records += 1
                    // Refused as soon as it is known, not once every record was read and spooled.
                    guard files.byteCount <= sizeLimit else {
                        throw .usage(
                            "the bundle would be over the \(sizeLimit)-byte limit `bundle verify` reads: \(records) of its "
                                + "\(ids.count) records already take \(files.byteCount) bytes; export fewer with --control or --subject")
                    }
                    for sha256 in record.rawInputDigests where !raws.contains(sha256) {
                        guard let raw = try storeCall({ () throws(StoreError) in try store.rawInput(sha256: sha256) }) else {
                            throw .verification("raw input \(sha256) of record \(record.id) is missing from the store")
                        }
                        guard SHA256Hex.of(raw) == sha256 else {
                            throw .verification("raw input \(sha256) of record \(record.id) was altered: it no longer hashes to its name")
                        }
                        try bundleCall { () throws(BundleError) in try files.add(BundleLayout.raw(sha256), raw) }
                        raws.insert(sha256)
                    }
                }
            }
        }
        step(ProgressStep(task: "packing the bundle", done: ids.count, total: ids.count, unit: "records"))
        // The cosigned checkpoint when witnesses cosigned this one: an auditor can then require them.
        let checkpoint = try currentCheckpoint()
        var since: (checkpoint: Note, consistency: CheckpointConsistency)?
        if let older = selection.since {
            guard case .proof(let proofText) = try consistency(oldCheckpoint: older, name: "--since checkpoint") else {
                throw .usage(
                    "--since checkpoint: it is of the empty log (size 0), a prefix of every log: "
                        + "there is no consistency proof to include (leave out --since)")
            }
            do {
                since = (try Note(parsing: older), try CheckpointConsistency(text: proofText))
            } catch { throw .verification("--since checkpoint: \(error)") }
        }
        let signers = BundleSigners(
            ed25519: try workspace.keyRing.signers(), mldsa65: try PostQuantumKey.loadPrivate(in: workspace.keysURL))
        let selectionValue: [String: JSONValue] = [
            "controls": .array(selection.controls.map(JSONValue.string)),
            "subjects": .array(selection.subjects.map(JSONValue.string)),
        ]
        // The consumer's own failure (a full disk) is thrown as it was, not as the writer's.
        var failure: VigilError?
        do throws(BundleError) {
            try BundleWriter.write(
                files, records: records, checkpoint: checkpoint, since: since,
                selection: selectionValue, createdAt: now, signers: signers, sizeLimit: sizeLimit
            ) { (piece) throws(BundleError) in
                do throws(VigilError) { try consume(piece) } catch {
                    failure = error
                    throw .write(error.description)
                }
            }
        } catch { throw failure ?? .io(error.description) }
        return records
    }

    /// The ids of the evidence behind the selected controls' results (every control's when none is
    /// named and no subject is), the run's JSON report added to `files`.
    private func checkedEvidence(
        _ selection: BundleSelection, controlsDirectory: URL, reportingTo files: BundleFiles
    ) throws(VigilError) -> Set<String> {
        let result = try check(at: now, controlsDirectory: controlsDirectory)
        for id in selection.controls where !result.controls.contains(where: { $0.id == id }) {
            throw .usage("no control '\(id)' in \(controlsDirectory.path)")
        }
        try bundleCall { () throws(BundleError) in try files.add(BundleLayout.report, Data(JSONReport.render(result).utf8)) }
        let chosen = result.controls.filter { selection.controls.isEmpty ? selection.subjects.isEmpty : selection.controls.contains($0.id) }
        return Set(chosen.flatMap { $0.results.flatMap(\.evidence) })
    }

    /// A spool's failure (a full disk) as the export's.
    private func bundleCall(_ body: () throws(BundleError) -> Void) throws(VigilError) {
        do { try body() } catch { throw .io(error.description) }
    }

    /// Verifies a bundle offline; optionally writes its verified files under `extractTo`.
    /// With `quorum`, the bundled checkpoint must also carry enough witness cosignatures; `file` is
    /// the file `data` was read from, if any (its zip directory is read there, not from a copy).
    public static func verifyBundle(
        _ data: Data, name: String, readFrom file: URL? = nil, trust: [String], postQuantumKey: String?, extractTo: URL?,
        quorum: WitnessQuorum? = nil,
        progress: (ProgressStep) -> Void = { _ in }
    ) throws(VigilError) -> BundleVerification {
        let keys = try verifierKeys(trust)
        var pq: Data?
        if let postQuantumKey {
            let text = FileManager.default.contents(atPath: postQuantumKey).map { String(decoding: $0, as: UTF8.self) } ?? postQuantumKey
            guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw .usage("--trust-pq: not a base64 ML-DSA-65 public key (or a file holding one)")
            }
            pq = key
        }
        let verification: BundleVerification
        do {
            verification = try BundleVerifier.verify(data, readFrom: file, trusting: keys, postQuantumKey: pq) { done, total in
                progress(ProgressStep(task: "verifying the bundle", done: done, total: total, unit: "records"))
            }
        } catch {
            if case .notABundle(let reason) = error { throw .input(file: name, reason: "not a bundle: \(reason)") }
            throw .verification("\(name): \(error)")
        }
        if quorum != nil {
            let note: Note
            do { note = try Note(parsing: verification.files[BundleLayout.checkpoint] ?? Data()) } catch {
                throw .verification("\(name): \(BundleLayout.checkpoint): \(error)")
            }
            _ = try require(quorum, of: note, name: "\(name): \(BundleLayout.checkpoint)")
        }
        if let extractTo {
            do { try SafeExtraction.write(verification.files, to: extractTo) } catch { throw .io(error.description) }
        }
        return verification
    }
}
