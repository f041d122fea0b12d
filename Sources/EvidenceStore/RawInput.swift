import EvidenceModel
import Foundation

/// An input's bytes as the store keeps them (`raw/<sha256>`, beside the records read from them):
/// held in memory, or a file streamed into the pack a chunk at a time (``StreamedFile``).
public enum RawInput: Sendable {
    case bytes(Data)
    case file(StreamedFile)

    /// The SHA-256 its records name as their source.
    var sha256: String {
        switch self {
        case .bytes(let data): SHA256Hex.of(data)
        case .file(let file): file.sha256
        }
    }
}
