/// A node of a log's Merkle tree, named by the half-open range of leaves `[begin, end)` it covers.
///
/// Its hash is the RFC 6962 `MTH(D[begin:end])`. A node is *perfect* when it covers `2^level`
/// leaves starting at a multiple of `2^level`; perfect nodes never change once complete and are
/// what tiles and ``CompactRange`` store, addressed by `(level, index)`.
///
/// Every node a ``ProofPlan`` returns starts at a multiple of a power of two at least its width,
/// so a non-perfect one (on the tree's right border) is the hash of its ``perfectSubtrees``
/// folded right to left: `node(s0, node(s1, … s_last))`. ``MerkleTree/hash(of:)`` does exactly that.
public struct NodeID: Sendable, Hashable {
    /// Index of the first leaf covered.
    public let begin: Int
    /// Index one past the last leaf covered.
    public let end: Int

    /// The node covering leaves `[begin, end)`; requires `0 <= begin < end`.
    public init(begin: Int, end: Int) {
        precondition(0 <= begin && begin < end, "NodeID needs 0 <= begin < end, got [\(begin), \(end))")
        self.begin = begin
        self.end = end
    }

    /// The perfect node at `level` (height; leaves are level 0) and `index` within that level.
    public init(level: Int, index: Int) {
        precondition(level >= 0 && level < Int.bitWidth - 1 && index >= 0, "bad perfect node (\(level), \(index))")
        self.init(begin: index << level, end: (index + 1) << level)
    }

    /// The number of leaves covered.
    public var width: Int { end - begin }

    /// Whether the node covers `2^level` leaves aligned to `2^level`.
    public var isPerfect: Bool { width.nonzeroBitCount == 1 && begin % width == 0 }

    /// The height of a perfect node, `nil` otherwise.
    public var level: Int? { isPerfect ? width.trailingZeroBitCount : nil }

    /// The position of a perfect node within its level, `nil` otherwise.
    public var index: Int? { isPerfect ? begin / width : nil }

    /// The perfect nodes that tile `[begin, end)`, left to right, each as large as alignment allows.
    public var perfectSubtrees: [NodeID] {
        var nodes: [NodeID] = []
        var start = begin
        while start < end {
            let span = end - start
            var size = 1 << (Int.bitWidth - 1 - span.leadingZeroBitCount)  // largest power of two <= span
            if start != 0 { size = min(size, 1 << start.trailingZeroBitCount) }
            nodes.append(NodeID(begin: start, end: start + size))
            start += size
        }
        return nodes
    }
}

extension NodeID: CustomStringConvertible {
    public var description: String {
        if let level, let index { return "node(level \(level), index \(index))" }
        return "node[\(begin), \(end))"
    }
}

/// The largest power of two strictly smaller than `n` (`n >= 2`): RFC 6962's split point `k`.
@inline(__always)
func largestPowerOfTwo(below n: Int) -> Int {
    1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
}
