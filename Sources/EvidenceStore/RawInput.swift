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

/// Raw inputs handed to the one staging that writes them, out of a closure or a call that would
/// otherwise keep a copy: the staging lets each input's bytes go once written, and any other copy
/// would keep them alive to its end.
final class RawInputsHandOff: @unchecked Sendable {
    private var raws: [RawInput]?

    init(_ raws: consuming [RawInput]) { self.raws = raws }

    /// The inputs, once; the hand-off keeps nothing.
    func take() -> [RawInput] {
        guard let raws = raws.take() else { preconditionFailure("raw inputs taken twice") }
        return raws
    }
}
