import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// What `vigil log consistency` found: the proof file, or why none is needed.
public enum LogConsistency: Sendable, Equatable {
    /// The proof file, for stdout.
    case proof(String)
    /// The old checkpoint is of the empty log: a sentence saying so, for stderr.
    case emptyPrefix(String)
}

/// The `vigil log` operations: checkpoints, full verification, proofs, offline checks.
extension Pipeline {
    /// The latest signed checkpoint, exactly as stored, with any witness cosignatures added since.
    public func latestCheckpoint() throws(VigilError) -> String {
        try currentCheckpoint().serialized
    }

    /// Recomputes the log from the records and checks every checkpoint against `trust`
    /// (default: every key of this workspace).
    public func verifyLog(trust: [String]) throws(VigilError) -> LogVerification {
        let store = try workspace.openStoreOfAnyFormat()
        let keys = trust.isEmpty ? try workspace.trustedKeys() : try Self.verifierKeys(trust)
        let step = workspace.progress.step
        return try storeCall { () throws(StoreError) in
            try store.verifyLog(trusting: keys) { commits, total, records in
                step(ProgressStep(task: "verifying the log", done: commits, total: total, unit: "commits", note: "\(records) records"))
            }
        }
    }

    /// The proof of one record: its subject tree, then the root log (RecordProof text).
    public func prove(recordID: String) throws(VigilError) -> String {
        let store = try workspace.openStore()
        let index = try workspace.openIndex(for: store)
        guard let record = try storeCall({ () throws(StoreError) in try index.record(id: recordID.lowercased()) }) else {
            throw .verification("record \(recordID) is not in the signed log (see 'vigil evidence list')")
        }
        return try storeCall { () throws(StoreError) in try store.recordProof(id: record.id, subject: record.subject) }.text
    }

    /// Proves that the current checkpoint extends `oldCheckpoint` and checks that proof.
    /// - Returns: the proof file (sizes, hashes, then the current checkpoint), or, for the checkpoint
    ///   of the empty log, the sentence saying that it is trivially a prefix (RFC 9162 has no proof for it).
    public func consistency(oldCheckpoint: Data, name: String) throws(VigilError) -> LogConsistency {
        let store = try workspace.openStore()
        let keys = try workspace.trustedKeys()
        let older: Note
        do { older = try Note(parsing: oldCheckpoint) } catch { throw .verification("\(name): \(error)") }
        let old = try Self.checkpoint(oldCheckpoint, name: name, trusting: keys)
        if old.size == 0 { return try consistencyFromEmpty(old, name: name, store: store) }
        let (proof, note) = try storeCall { () throws(StoreError) in try store.consistencyProof(from: old.size) }
        let file = CheckpointConsistency(proof: proof, checkpoint: note)
        do { try file.verify(older: older, trusting: keys) } catch { throw .verification("\(name): \(error)") }
        return .proof(file.text)
    }

    /// A signed checkpoint of size 0 is a prefix of the current log when it is of the same log and
    /// its root is the empty tree's; anything else about it is a verification failure.
    private func consistencyFromEmpty(_ old: Checkpoint, name: String, store: EvidenceStore) throws(VigilError) -> LogConsistency {
        guard let note = try storeCall({ () throws(StoreError) in try store.checkpoint() }) else {
            throw .io("the store has no checkpoint")
        }
        let current: Checkpoint
        do { current = try Checkpoint(note) } catch { throw .verification("the store's checkpoint: \(error)") }
        guard old.origin == current.origin else {
            throw .verification("\(name): the checkpoints are of different logs: \(old.origin), \(current.origin)")
        }
        guard old.rootHash == MerkleHash.emptyRoot else {
            throw .verification("\(name): size 0 but its root hash is not the empty tree's")
        }
        return .emptyPrefix("\(name) is the empty log (size 0): an empty tree is trivially a prefix of the current log (size \(current.size))")
    }

    // MARK: Offline checks (no workspace needed)

    /// Verifies any C2SP signed note; returns the names and key ids that signed it.
    public static func verifyNote(_ data: Data, name: String, trust: [String]) throws(VigilError) -> [String] {
        let keys = try verifierKeys(trust)
        let note: Note
        do { note = try Note(parsing: data) } catch { throw .verification("\(name): \(error)") }
        do {
            return try note.verify(trusting: keys).map { "\($0.key.name)+\(String(format: "%08x", $0.key.keyID))" }
        } catch { throw .verification("\(name): \(error)") }
    }

    /// Verifies a C2SP tlog-proof, or a Vigil record proof, for the given leaf bytes.
    public static func verifyProof(_ proofData: Data, name: String, leaf: Data, trust: [String]) throws(VigilError) -> String {
        let keys = try verifierKeys(trust)
        let text = String(decoding: proofData, as: UTF8.self)
        if RecordProof.opens(text) {
            do {
                let checkpoint = try RecordProof(text: text).verify(record: leaf, trusting: keys)
                return "record is in \(checkpoint.origin) at size \(checkpoint.size)"
            } catch { throw .verification("\(name): \(error)") }
        }
        do {
            let checkpoint = try TlogProof(text: text).verify(leaf: leaf, trusting: keys)
            return "leaf is in \(checkpoint.origin) at size \(checkpoint.size)"
        } catch { throw .verification("\(name): \(error)") }
    }

    /// `--trust` values: verifier key strings, or files holding one per line.
    public static func verifierKeys(_ values: [String], option: String = "--trust") throws(VigilError) -> [NoteVerifierKey] {
        guard !values.isEmpty else { throw .usage("give at least one \(option) VKEY (a verifier key or a file of them)") }
        var keys: [NoteVerifierKey] = []
        for value in values {
            let lines: [String]
            if FileManager.default.fileExists(atPath: value) {
                let text: String
                // A --trust file the user named that cannot be read is their input's fault (exit 2).
                do { text = try KeyRing.text(of: URL(fileURLWithPath: value)) } catch .io(let message) { throw .usage(message) }
                lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            } else {
                lines = [value]
            }
            for line in lines {
                do { keys.append(try NoteVerifierKey(vkey: line.trimmingCharacters(in: .whitespaces))) } catch {
                    throw .usage("\(option) \(value): not a verifier key: \(error)")
                }
            }
        }
        return keys
    }

    static func checkpoint(_ data: Data, name: String, trusting keys: [NoteVerifierKey]) throws(VigilError) -> Checkpoint {
        do {
            let note = try Note(parsing: data)
            try note.verify(trusting: keys)
            return try Checkpoint(note)
        } catch {
            throw .verification("\(name): \(error)")
        }
    }
}

/// Verifying a published copy.
extension Pipeline {
    /// Proves one subject's history from a published copy (a folder or an HTTP(S) URL), reading only
    /// that subject's files and the root checkpoint (`vigil log verify-subject`).
    public static func verifySubject(
        _ subject: String, from source: PublishedSource, trust: [String]
    ) throws(VigilError) -> PublishedSubjectLog.Summary {
        let keys = try verifierKeys(trust)
        return try storeCall { () throws(StoreError) in
            try PublishedSubjectLog.verify(subject: subject, trusting: keys) { path throws(StoreError) in try source.read(path) }
        }
    }
}
