import Crypto
import Foundation

/// RFC 6962 §2.1 hashing: the leaf and interior-node hash functions of a transparency log.
///
/// The one-byte prefixes (0x00 for leaves, 0x01 for nodes) keep a leaf from ever being
/// mistaken for an interior node (second-preimage resistance).
public enum MerkleHash {
    /// The length of every hash in the tree: SHA-256, 32 bytes.
    public static let byteCount = 32

    /// The root of the empty tree, `SHA-256("")`.
    public static let emptyRoot = Data(SHA256.hash(data: Data()))

    /// The leaf hash `SHA-256(0x00 ‖ data)` of the raw entry bytes (not of a pre-hash).
    public static func leaf(_ data: Data) -> Data {
        var hasher = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { hasher.update(bufferPointer: $0) }
        hasher.update(data: data)
        return Data(hasher.finalize())
    }

    /// The interior-node hash `SHA-256(0x01 ‖ left ‖ right)`.
    public static func node(_ left: Data, _ right: Data) -> Data {
        if let l = Hash32(left), let r = Hash32(right) { return Hash32.node(l, r).data }
        var hasher = SHA256()  // odd-sized inputs only occur in tests of the function itself
        withUnsafeBytes(of: UInt8(0x01)) { hasher.update(bufferPointer: $0) }
        hasher.update(data: left)
        hasher.update(data: right)
        return Data(hasher.finalize())
    }
}
