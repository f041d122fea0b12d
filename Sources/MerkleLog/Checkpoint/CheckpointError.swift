/// Why a checkpoint body was rejected.
public enum CheckpointError: Error, Equatable, Sendable {
    /// The body is empty or does not end in `\n`.
    case missingFinalNewline
    /// The body has a carriage return (checkpoints are LF-only).
    case carriageReturn
    /// Fewer than the three lines origin, size and root hash.
    case tooFewLines(Int)
    /// The origin line is empty.
    case emptyOrigin
    /// The size line is not a decimal without leading zeros that fits in `Int`.
    case invalidSize(String)
    /// The root hash line is not canonical base64 of 32 bytes.
    case invalidRootHash(String)
    /// Extension line `number` (1-based) is empty or holds a newline.
    case invalidExtensionLine(number: Int)
}

extension CheckpointError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingFinalNewline: "checkpoint must be non-empty and end with a newline"
        case .carriageReturn: "checkpoint contains a carriage return (must be LF-only)"
        case let .tooFewLines(count): "checkpoint has \(count) lines, needs origin, size and root hash"
        case .emptyOrigin: "checkpoint origin is empty"
        case let .invalidSize(line): "checkpoint size '\(line)' is not a decimal without leading zeros"
        case let .invalidRootHash(line): "checkpoint root hash '\(line)' is not base64 of 32 bytes"
        case let .invalidExtensionLine(number): "checkpoint extension line \(number) is empty or has a newline"
        }
    }
}
