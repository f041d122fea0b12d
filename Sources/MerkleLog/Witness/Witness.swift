import Foundation

/// The decision of a c2sp.org/tlog-witness witness about one add-checkpoint request, without any I/O:
/// the caller passes what it remembers for the origin and stores what this returns.
public enum Witness {
    /// Checks `request` against the log's keys and the last checkpoint this witness cosigned for its
    /// origin (`known`, nil when it has none: size 0), then cosigns it at `timestamp`.
    ///
    /// - Returns: the new checkpoint (to remember) and the cosignature line.
    /// - Throws: ``WitnessError`` carrying the protocol's answer (404, 403, 409, 422, 400).
    public static func addCheckpoint(
        _ request: AddCheckpointRequest, logKeys: [NoteVerifierKey], known: Checkpoint?,
        key: NoteCosignerKey, timestamp: UInt64
    ) throws(WitnessError) -> (checkpoint: Checkpoint, cosignature: Note.Signature) {
        let checkpoint: Checkpoint
        do { checkpoint = try Checkpoint(request.checkpoint) } catch { throw .malformed("the checkpoint: \(error)") }
        // Only keys named after the origin may speak for it: the witness is configured per log.
        let originKeys = logKeys.filter { $0.name == checkpoint.origin }
        guard !originKeys.isEmpty else { throw .unknownOrigin(checkpoint.origin) }
        do { try request.checkpoint.verify(trusting: originKeys) } catch { throw .untrusted("\(error)") }
        if let known, known.origin != checkpoint.origin { throw .malformed("the remembered checkpoint is of \(known.origin)") }
        let knownSize = known?.size ?? 0
        guard request.oldSize == knownSize else { throw .conflict(knownSize: knownSize) }
        guard checkpoint.size >= knownSize else {
            throw .malformed("the checkpoint's size \(checkpoint.size) is smaller than its old size \(knownSize)")
        }
        if let known, known.size > 0 {
            do {
                try ConsistencyProof.verify(
                    size1: known.size, size2: checkpoint.size, proof: request.proof,
                    root1: known.rootHash, root2: checkpoint.rootHash)
            } catch {
                throw .inconsistent("size \(known.size) (root \(known.rootHash.base64EncodedString())) is not a prefix of size \(checkpoint.size): \(error)")
            }
        } else {
            guard request.proof.isEmpty else { throw .inconsistent("a proof from size 0 must be empty") }
            if checkpoint.size == 0, checkpoint.rootHash != MerkleHash.emptyRoot {
                throw .inconsistent("size 0 with a root that is not the empty tree's")
            }
        }
        do { return (checkpoint, try key.cosign(checkpointBody: request.checkpoint.text, timestamp: timestamp)) } catch {
            throw .signing("\(error)")
        }
    }
}

/// Why a witness refused to cosign, with the tlog-witness HTTP status it stands for.
public enum WitnessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 404: no trusted key for this origin.
    case unknownOrigin(String)
    /// 403: the checkpoint carries no valid signature by the origin's key.
    case untrusted(String)
    /// 409: the request's old size is not the size the witness knows (the response body).
    case conflict(knownSize: Int)
    /// 422: the proof does not show the new checkpoint extends the remembered one: a fork or a rewrite.
    case inconsistent(String)
    /// 400: the request cannot be understood.
    case malformed(String)
    /// The witness could not sign (its key).
    case signing(String)

    public var status: Int {
        switch self {
        case .unknownOrigin: 404
        case .untrusted: 403
        case .conflict: 409
        case .inconsistent: 422
        case .malformed, .signing: 400
        }
    }

    public var description: String {
        switch self {
        case let .unknownOrigin(origin): "unknown log origin '\(origin)': no --origin-key is named after it (404)"
        case let .untrusted(reason): "the checkpoint is not signed by the origin's key: \(reason) (403)"
        case let .conflict(size): "the request's old size is not the size this witness last cosigned, \(size) (409)"
        case let .inconsistent(reason): "refused to cosign: \(reason) (422)"
        case let .malformed(reason): "bad request: \(reason) (400)"
        case let .signing(reason): "cannot cosign: \(reason)"
        }
    }
}
