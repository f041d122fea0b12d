import Foundation

/// An in-memory RFC 6962 Merkle tree that keeps every perfect subtree, so any node hash,
/// root of an earlier size, or proof is O(log n) lookups instead of rehashing leaves.
///
/// Use it for tests, benchmarks and small logs; a persistent log keeps a ``CompactRange``
/// plus tiles instead. The static helpers compute `MTH` without building a tree.
public struct MerkleTree: Sendable {
    /// `levels[h]` holds the hashes of the complete perfect subtrees of height `h`, left to right
    /// (there are `size >> h` of them).
    private var levels: [[Hash32]] = [[]]

    /// The empty tree.
    public init() {}

    /// The tree over these leaf hashes (each 32 bytes), in order.
    ///
    /// - Throws: ``ProofError/wrongHashLength(role:count:)`` naming the first bad leaf hash.
    public init(leafHashes: [Data]) throws(ProofError) {
        levels[0].reserveCapacity(leafHashes.count)
        for (i, leafHash) in leafHashes.enumerated() {
            append(try requireHash(leafHash, "leaf hash \(i)"))
        }
    }

    /// The number of leaves.
    public var size: Int { levels[0].count }

    /// The root hash of the whole tree (``MerkleHash/emptyRoot`` when empty).
    public var root: Data { size == 0 ? MerkleHash.emptyRoot : hash(of: NodeID(begin: 0, end: size)) }

    /// Appends one leaf hash (32 bytes); amortised O(1) node hashes.
    public mutating func append(leafHash: Data) throws(ProofError) {
        append(try requireHash(leafHash, "leaf hash"))
    }

    mutating func append(_ leaf: Hash32) {
        levels[0].append(leaf)
        var level = 0
        while levels[level].count % 2 == 0 {  // a new pair completes a perfect subtree one level up
            let count = levels[level].count
            let parent = Hash32.node(levels[level][count - 2], levels[level][count - 1])
            if levels.count == level + 1 { levels.append([]) }
            levels[level + 1].append(parent)
            level += 1
        }
    }

    /// The root of the tree as it was at an earlier `size` (`0...self.size`).
    public func root(atSize size: Int) throws(ProofError) -> Data {
        guard size >= 0, size <= self.size else {
            throw .invalidSize(size, reason: "the tree has \(self.size) leaves")
        }
        return size == 0 ? MerkleHash.emptyRoot : hash(of: NodeID(begin: 0, end: size))
    }

    /// `MTH` of the leaves the node covers; requires `node.end <= size`.
    public func hash(of node: NodeID) -> Data { hash32(of: node).data }

    func hash32(of node: NodeID) -> Hash32 {
        precondition(node.end <= size, "\(node) is beyond a tree of size \(size)")
        if let level = node.level, let index = node.index { return levels[level][index] }
        let split = node.begin + largestPowerOfTwo(below: node.width)
        return Hash32.node(
            hash32(of: NodeID(begin: node.begin, end: split)),
            hash32(of: NodeID(begin: split, end: node.end)))
    }

    /// The inclusion proof for leaf `index` in the tree of `size` leaves (default: the whole tree).
    public func inclusionProof(index: Int, size: Int? = nil) throws(ProofError) -> InclusionProof {
        let size = size ?? self.size
        guard size <= self.size else { throw .invalidSize(size, reason: "the tree has \(self.size) leaves") }
        let plan = try ProofPlan.inclusion(index: index, size: size)
        return InclusionProof(index: index, size: size, hashes: plan.map(hash(of:)))
    }

    /// The consistency proof from the tree of `size1` leaves to the tree of `size2` (default: whole tree).
    public func consistencyProof(from size1: Int, to size2: Int? = nil) throws(ProofError) -> ConsistencyProof {
        let size2 = size2 ?? size
        guard size2 <= size else { throw .invalidSize(size2, reason: "the tree has \(size) leaves") }
        let plan = try ProofPlan.consistency(from: size1, to: size2)
        return ConsistencyProof(size1: size1, size2: size2, hashes: plan.map(hash(of:)))
    }

    /// The bytes of a tlog-tiles tile: its nodes' 32-byte hashes concatenated.
    public func content(of tile: TileID) -> Data {
        var data = Data(capacity: tile.width * MerkleHash.byteCount)
        for node in tile.nodes { data.append(hash(of: node)) }
        return data
    }
}

extension MerkleTree {
    /// RFC 6962 `MTH` over leaf hashes (``MerkleHash/emptyRoot`` for none).
    ///
    /// Hashes of any length are accepted here (the definition allows it), 32-byte ones take the fast path.
    public static func root(leafHashes: [Data]) -> Data {
        if let tree = try? MerkleTree(leafHashes: leafHashes) { return tree.root }
        return hashOfRange(begin: 0, end: leafHashes.count) { leafHashes[$0] }
    }

    /// RFC 6962 `MTH(D[begin:end])` computed from leaf hashes supplied by `leafHash(index)`.
    ///
    /// Calls `leafHash` once per leaf in the range; `begin == end` gives ``MerkleHash/emptyRoot``.
    public static func hashOfRange(begin: Int, end: Int, using leafHash: (Int) -> Data) -> Data {
        precondition(0 <= begin && begin <= end, "bad range [\(begin), \(end))")
        switch end - begin {
        case 0: return MerkleHash.emptyRoot
        case 1: return leafHash(begin)
        case let width:
            let split = begin + largestPowerOfTwo(below: width)
            return MerkleHash.node(
                hashOfRange(begin: begin, end: split, using: leafHash),
                hashOfRange(begin: split, end: end, using: leafHash))
        }
    }
}
