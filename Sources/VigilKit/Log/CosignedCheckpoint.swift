import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

extension Workspace {
    /// The latest checkpoint with the witnesses' cosignatures added (`vigil log cosign --add`). Kept
    /// beside the store, not in it: cosignatures arrive after the commit that signed the checkpoint.
    public var cosignedCheckpointURL: URL { home.appendingPathComponent("checkpoint.cosigned") }
}

extension Pipeline {
    /// The store's signed checkpoint, with the cosignatures kept for exactly that checkpoint (same
    /// text) appended after the log's own signature lines, which stay as signed.
    public func currentCheckpoint() throws(VigilError) -> Note {
        let store = try workspace.openStore()
        guard let stored = try storeCall({ () throws(StoreError) in try store.checkpoint() }) else {
            throw .io("the store has no checkpoint")
        }
        guard let data = FileManager.default.contents(atPath: workspace.cosignedCheckpointURL.path),
            let cosigned = try? Note(parsing: data), cosigned.text == stored.text
        else { return stored }  // none yet, or for an older checkpoint: the log has moved on
        return try Self.adding(cosigned.signatures, to: stored, protecting: stored.signatures)
    }

    /// Adds cosignature lines (as `vigil witness add-checkpoint` prints them) to the current
    /// checkpoint; every line must verify with one of `witnesses` over this very checkpoint.
    /// - Returns: the cosigned note, as `vigil log checkpoint` now prints it.
    @discardableResult
    public func addCosignatures(_ lines: Data, name: String, witnesses: [String]) throws(VigilError) -> Note {
        let keys = try Self.verifierKeys(witnesses, option: "--witness")
        let lock = try workspace.lock(timeout: lockTimeout)  // two runs adding lines must not lose one's
        defer { withExtendedLifetime(lock) {} }
        let current = try currentCheckpoint()
        let text = String(decoding: lines, as: UTF8.self).split(separator: "\n").filter { !$0.isEmpty }.map { $0 + "\n" }.joined()
        guard !text.isEmpty else { throw .usage("\(name): no cosignature lines") }
        let received: Note
        do { received = try Note(parsing: Data((current.text + "\n" + text).utf8)) } catch { throw .input(file: name, reason: "\(error)") }
        for (number, signature) in received.signatures.enumerated() {
            let one: Note
            do { one = try Note(text: current.text, signatures: [signature]) } catch { throw .input(file: name, reason: "\(error)") }
            do { try WitnessQuorum(witnesses: keys, required: 1).check(one) } catch {
                throw .verification(
                    "\(name) line \(number + 1) (\(signature.name)): not a valid cosignature of the current checkpoint "
                        + "by a --witness key: \(error)")
            }
        }
        let note = try Self.adding(received.signatures, to: current)
        try AtomicFile.write(note.serializedData, to: workspace.cosignedCheckpointURL)
        return note
    }

    /// `note` with `signatures` appended, each replacing an earlier line of the same key, except the
    /// lines of `protected` keys (the log's own signatures), which stay as signed.
    private static func adding(
        _ signatures: [Note.Signature], to note: Note, protecting protected: [Note.Signature] = []
    ) throws(VigilError) -> Note {
        let sameKey = { (a: Note.Signature, b: Note.Signature) in a.name == b.name && a.keyID == b.keyID }
        var all = note.signatures
        for signature in signatures where !protected.contains(where: { sameKey($0, signature) }) {
            if let same = all.firstIndex(where: { sameKey($0, signature) }) { all[same] = signature } else { all.append(signature) }
        }
        do { return try Note(text: note.text, signatures: all) } catch { throw .io("cannot add cosignatures: \(error)") }
    }

    /// `--witness` keys and `--witnesses-required`: nil when no witness policy was asked for.
    public static func witnessQuorum(_ witnesses: [String], required: Int?) throws(VigilError) -> WitnessQuorum? {
        guard !witnesses.isEmpty || required != nil else { return nil }
        guard !witnesses.isEmpty else { throw .usage("--witnesses-required needs --witness VKEY (repeatable)") }
        do { return try WitnessQuorum(witnesses: try verifierKeys(witnesses, option: "--witness"), required: required ?? 1) } catch {
            throw .usage("\(error)")
        }
    }

    /// Applies `quorum` to a checkpoint note; the message names how many cosignatures were valid.
    static func require(_ quorum: WitnessQuorum?, of note: Note, name: String) throws(VigilError) -> Int? {
        guard let quorum else { return nil }
        do { return try quorum.check(note).count } catch { throw .verification("\(name): \(error)") }
    }
}
