/// Why a c2sp.org/tlog-proof was rejected.
public enum TlogProofError: Error, Equatable, Sendable {
    /// Line `line` (1-based) of the proof header is not what the format requires.
    case malformed(line: Int, reason: String)
    /// The embedded checkpoint note is malformed or not signed by a trusted key.
    case note(NoteError)
    /// The checkpoint's text is not a valid checkpoint.
    case checkpoint(CheckpointError)
    /// The inclusion proof does not lead to the checkpoint's root.
    case inclusion(ProofError)
}

extension TlogProofError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .malformed(line, reason): "tlog-proof line \(line): \(reason)"
        case let .note(error): "tlog-proof checkpoint: \(error)"
        case let .checkpoint(error): "tlog-proof checkpoint: \(error)"
        case let .inclusion(error): "tlog-proof inclusion: \(error)"
        }
    }
}
