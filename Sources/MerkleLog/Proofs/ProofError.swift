import Foundation

/// Why a Merkle proof, a proof plan or a tree operation was rejected.
public enum ProofError: Error, Equatable, Sendable {
    /// A leaf index that is not inside the tree (`index >= size`, or negative).
    case indexOutOfRange(index: Int, size: Int)
    /// A tree size that is negative, or larger than the tree at hand.
    case invalidSize(Int, reason: String)
    /// A consistency proof whose first size exceeds its second.
    case sizesOutOfOrder(size1: Int, size2: Int)
    /// A consistency proof from the empty tree: it proves nothing, so it is rejected
    /// (the witness protocol handles "old size 0" itself).
    case consistencyFromEmptyTree(size2: Int)
    /// A hash that is not 32 bytes long; `role` says which (e.g. "leaf hash", "proof[3]").
    case wrongHashLength(role: String, count: Int)
    /// A proof with the wrong number of hashes for its index and sizes.
    case wrongProofLength(expected: Int, actual: Int)
    /// The root recomputed from the proof differs from the expected (new) root.
    case rootMismatch(computed: Data, expected: Data)
    /// A consistency proof that does not reproduce the old tree's root.
    case oldRootMismatch(computed: Data, expected: Data)
}

extension ProofError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .indexOutOfRange(index, size):
            "leaf index \(index) is outside a tree of size \(size)"
        case let .invalidSize(size, reason):
            "invalid tree size \(size): \(reason)"
        case let .sizesOutOfOrder(size1, size2):
            "consistency proof from size \(size1) to the smaller size \(size2)"
        case let .consistencyFromEmptyTree(size2):
            "consistency proof from the empty tree to size \(size2) proves nothing"
        case let .wrongHashLength(role, count):
            "\(role) is \(count) bytes, expected \(MerkleHash.byteCount)"
        case let .wrongProofLength(expected, actual):
            "proof has \(actual) hashes, expected \(expected)"
        case let .rootMismatch(computed, expected):
            "proof leads to root \(computed.base64EncodedString()), expected \(expected.base64EncodedString())"
        case let .oldRootMismatch(computed, expected):
            "proof leads to old root \(computed.base64EncodedString()), expected \(expected.base64EncodedString())"
        }
    }
}

/// Reads a 32-byte hash or throws ``ProofError/wrongHashLength(role:count:)`` naming it.
func requireHash(_ data: Data, _ role: @autoclosure () -> String) throws(ProofError) -> Hash32 {
    guard let hash = Hash32(data) else { throw .wrongHashLength(role: role(), count: data.count) }
    return hash
}
