import Crypto
import Foundation

/// A SHA-256 value held inline in four words.
///
/// Trees and frontiers store thousands of hashes; keeping them inline avoids one heap allocation
/// per node that `Data` would cost. Public API speaks `Data`; this type stays internal.
struct Hash32: Sendable {
    typealias Words = (UInt64, UInt64, UInt64, UInt64)
    var words: Words

    init(words: Words) { self.words = words }

    /// Reads 32 bytes; `nil` for any other length.
    init?(_ data: Data) {
        guard data.count == MerkleHash.byteCount else { return nil }
        words = data.withUnsafeBytes { $0.loadUnaligned(as: Words.self) }
    }

    init(_ digest: SHA256Digest) {
        words = digest.withUnsafeBytes { $0.loadUnaligned(as: Words.self) }
    }

    var data: Data { withUnsafeBytes(of: words) { Data($0) } }

    /// RFC 6962 interior node: SHA-256(0x01 ‖ left ‖ right), hashed from one stack buffer.
    static func node(_ left: Hash32, _ right: Hash32) -> Hash32 {
        withUnsafeTemporaryAllocation(byteCount: 65, alignment: 8) { buffer in
            buffer.storeBytes(of: 0x01 as UInt8, toByteOffset: 0, as: UInt8.self)
            buffer.storeBytes(of: left.words, toByteOffset: 1, as: Words.self)
            buffer.storeBytes(of: right.words, toByteOffset: 33, as: Words.self)
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return Hash32(hasher.finalize())
        }
    }
}

extension Hash32: Equatable {
    static func == (lhs: Hash32, rhs: Hash32) -> Bool {
        lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3
    }
}

extension Hash32: Hashable {
    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
