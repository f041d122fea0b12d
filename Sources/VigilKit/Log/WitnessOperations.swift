import EvidenceModel
import EvidenceStore
import Foundation
import MerkleLog

/// What a witness answered an add-checkpoint request.
public enum WitnessAnswer: Sendable, Equatable {
    /// The cosignature line(s), for stdout (the HTTP 200 body).
    case cosigned(String)
    /// 409: the request's old size is not the one the witness knows; it is the body for stdout.
    case conflict(knownSize: Int, message: String)
}

/// The witness role (c2sp.org/tlog-witness): an auditor's key and, per log origin, the last
/// checkpoint it cosigned.
public enum WitnessOperations {
    /// Makes a cosignature/v1 key in `folder` (`witness.key`, mode 0600, never overwritten, and
    /// `witness.vkey`); returns the vkey auditors pass as `--witness`.
    public static func generateKey(name: String, in folder: URL) throws(VigilError) -> String {
        let key: NoteCosignerKey
        do { key = try NoteCosignerKey.generate(name: name) } catch { throw .usage("cannot make a witness key named '\(name)': \(error)") }
        let keyFile = folder.appendingPathComponent("witness.key")
        guard !FileManager.default.fileExists(atPath: keyFile.path) else {
            throw .usage("\(keyFile.path) already exists: a witness keeps its key (remove it first to make a new one)")
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) } catch {
            throw .io("cannot create \(folder.path): \(FileProblem(error, path: folder.path))")
        }
        try AtomicFile.write(Data((key.skey + "\n").utf8), to: keyFile, mode: 0o600)
        try AtomicFile.write(Data((key.verifierKey.vkey + "\n").utf8), to: folder.appendingPathComponent("witness.vkey"))
        return key.verifierKey.vkey
    }

    /// Answers one add-checkpoint request body; on success the cosigned checkpoint replaces the
    /// remembered one for its origin (nothing is stored otherwise).
    public static func addCheckpoint(
        _ body: Data, name: String, keyFile: URL, state: URL, originKeys: [String], at now: Date
    ) throws(VigilError) -> WitnessAnswer {
        let key = try loadKey(keyFile)
        let logKeys = try Pipeline.verifierKeys(originKeys, option: "--origin-key")
        let request: AddCheckpointRequest
        do { request = try AddCheckpointRequest(parsing: body) } catch { throw .input(file: name, reason: "\(error)") }
        let origin: String
        do { origin = try Checkpoint(request.checkpoint).origin } catch { throw .input(file: name, reason: "checkpoint: \(error)") }
        // One request at a time: two racing requests could each extend the same remembered checkpoint
        // and get a split view cosigned.
        do { try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true) } catch {
            throw .io("cannot create \(state.path): \(FileProblem(error, path: state.path))")
        }
        let lock = try WorkspaceLock(at: state.appendingPathComponent("lock"), timeout: 30)
        defer { withExtendedLifetime(lock) {} }
        let stateFile = OriginState.file(for: origin, in: state)
        var known: Checkpoint?
        if let stored = FileManager.default.contents(atPath: stateFile.path) {
            do { known = try Checkpoint(try Note(parsing: stored)) } catch {
                throw .input(file: stateFile.path, reason: "not a remembered checkpoint: \(error)")
            }
        }
        let timestamp = UInt64(max(0, now.timeIntervalSince1970.rounded(.down)))
        let result: (checkpoint: Checkpoint, cosignature: Note.Signature)
        do {
            result = try Witness.addCheckpoint(request, logKeys: logKeys, known: known, key: key, timestamp: timestamp)
        } catch .conflict(let size) {
            return .conflict(knownSize: size, message: "\(name): \(WitnessError.conflict(knownSize: size))")
        } catch {
            switch error {
            case .unknownOrigin, .malformed: throw .usage("\(name): \(error)")
            case .signing: throw .io("\(name): \(error)")
            default: throw .verification("\(name): \(error)")
            }
        }
        // Remember only growth: re-cosigning the same checkpoint leaves the state as it is.
        if known?.size != result.checkpoint.size || known?.rootHash != result.checkpoint.rootHash {
            try AtomicFile.write(request.checkpoint.serializedData, to: stateFile)
        }
        return .cosigned(result.cosignature.line + "\n")
    }

    private static func loadKey(_ url: URL) throws(VigilError) -> NoteCosignerKey {
        var info = stat()
        guard stat(url.path, &info) == 0 else { throw .usage("cannot read \(url.path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & 0o077 == 0 else {
            throw .usage("\(url.path) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run: chmod 600 \(url.path)")
        }
        let text = try KeyRing.text(of: url)
        do { return try NoteCosignerKey(skey: text.trimmingCharacters(in: .whitespacesAndNewlines)) } catch {
            throw .input(file: url.path, reason: "not a witness key: \(error)")
        }
    }
}

/// The log's side of witnessing.
extension Pipeline {
    /// The add-checkpoint body for a witness that last cosigned size `oldSize`: the consistency
    /// proof from that size to the current checkpoint, read from the tiles, then the checkpoint.
    public func witnessRequest(oldSize: Int) throws(VigilError) -> String {
        let store = try workspace.openStore()
        guard let note = try storeCall({ () throws(StoreError) in try store.checkpoint() }) else { throw .io("the store has no checkpoint") }
        let current: Checkpoint
        do { current = try Checkpoint(note) } catch { throw .verification("the store's checkpoint: \(error)") }
        guard (0...current.size).contains(oldSize) else {
            throw .usage("--old-size \(oldSize) is not between 0 and the current size \(current.size)")
        }
        var hashes: [Data] = []
        if oldSize > 0 && oldSize < current.size {
            let (proof, provenNote) = try storeCall { () throws(StoreError) in try store.consistencyProof(from: oldSize) }
            guard provenNote == note else { throw .io("the checkpoint moved while the proof was read; run again") }
            hashes = proof.hashes
        }
        return AddCheckpointRequest(oldSize: oldSize, proof: hashes, checkpoint: note).text
    }

    /// The size of a saved checkpoint (signed by this workspace's keys): what `--old` names.
    public func checkpointSize(_ data: Data, name: String) throws(VigilError) -> Int {
        try Self.checkpoint(data, name: name, trusting: try workspace.trustedKeys()).size
    }

    /// The workspace's current checkpoint against a witness policy (`vigil log verify --witness`).
    public func checkWitnesses(_ quorum: WitnessQuorum?) throws(VigilError) -> Int? {
        guard quorum != nil else { return nil }  // an old-format store verifies without opening it for writing
        return try Self.require(quorum, of: try currentCheckpoint(), name: "the current checkpoint")
    }
}
