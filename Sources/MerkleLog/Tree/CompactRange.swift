import Foundation

/// The right-hand frontier of a log: the roots of the perfect subtrees that make up the tree of
/// ``size`` leaves, largest (leftmost) first — one per set bit of `size`.
///
/// That is all a writer needs to keep: appending a leaf is O(log n) node hashes and the root is the
/// frontier folded right to left, without reading old leaves. Persist it with ``text``; restore it
/// with ``init(text:)`` or from fetched hashes of ``frontierNodes(size:)``.
public struct CompactRange: Sendable, Hashable {
    /// The number of leaves appended so far.
    public private(set) var size: Int
    private(set) var frontier: [Hash32]  // internal for the text form

    /// A perfect subtree that an append completed, for writing tiles incrementally.
    public struct CompletedSubtree: Sendable, Hashable {
        /// The subtree, with `node.level` and `node.index` set (it is perfect).
        public let node: NodeID
        /// Its hash (for level 0, the appended leaf hash itself).
        public let hash: Data
    }

    /// The empty range (tree size 0).
    public init() {
        size = 0
        frontier = []
    }

    /// The range of a tree of `leafHashes.count` leaves.
    public init(leafHashes: [Data]) throws(ProofError) {
        self.init()
        for (i, leafHash) in leafHashes.enumerated() {
            append(try requireHash(leafHash, "leaf hash \(i)")) { _, _ in }
        }
    }

    /// Restores a range from the hashes of ``frontierNodes(size:)``, in that order.
    public init(size: Int, hashes: [Data]) throws(ProofError) {
        guard size >= 0 else { throw .invalidSize(size, reason: "negative") }
        guard hashes.count == size.nonzeroBitCount else {
            throw .wrongProofLength(expected: size.nonzeroBitCount, actual: hashes.count)
        }
        self.size = size
        frontier = []
        for (i, hash) in hashes.enumerated() { frontier.append(try requireHash(hash, "frontier hash \(i)")) }
    }

    /// The perfect subtrees whose hashes make up the frontier of a tree of `size` leaves, left to right.
    public static func frontierNodes(size: Int) -> [NodeID] {
        size <= 0 ? [] : NodeID(begin: 0, end: size).perfectSubtrees
    }

    /// The frontier hashes, largest subtree first (the order of ``frontierNodes(size:)``).
    public var hashes: [Data] { frontier.map(\.data) }

    /// The RFC 6962 root of the tree of ``size`` leaves.
    public var root: Data {
        guard var root = frontier.last else { return MerkleHash.emptyRoot }
        for left in frontier.dropLast().reversed() { root = Hash32.node(left, root) }
        return root.data
    }

    /// Appends a 32-byte leaf hash: O(log n) node hashes, no allocation beyond the frontier.
    public mutating func append(leafHash: Data) throws(ProofError) {
        append(try requireHash(leafHash, "leaf hash")) { _, _ in }
    }

    /// Appends a 32-byte leaf hash and says which perfect subtrees it completed.
    ///
    /// - Returns: the completed subtrees from the leaf itself (level 0) upwards: exactly the new
    ///   hashes a tile writer must record.
    public mutating func appendReportingSubtrees(leafHash: Data) throws(ProofError) -> [CompletedSubtree] {
        let leaf = try requireHash(leafHash, "leaf hash")
        var completed: [CompletedSubtree] = []
        append(leaf) { node, hash in completed.append(CompletedSubtree(node: node, hash: hash.data)) }
        return completed
    }

    /// Appends a 32-byte leaf hash and hands `report` the perfect subtrees it completed whose level
    /// is a multiple of `levels`, from the leaf up: a reader that keeps only the tile levels' hashes
    /// makes nothing of the others.
    public mutating func append(leafHash: Data, reportingEvery levels: Int, _ report: (NodeID, Data) -> Void) throws(ProofError) {
        precondition(levels > 0, "report every level (1) or every few, never none")
        append(try requireHash(leafHash, "leaf hash")) { node, hash in
            if let level = node.level, level % levels == 0 { report(node, hash.data) }
        }
    }

    mutating func append(_ leaf: Hash32, report: (NodeID, Hash32) -> Void) {
        var hash = leaf
        var level = 0
        report(NodeID(level: 0, index: size), leaf)
        while (size >> level) & 1 == 1 {  // a left sibling of this height waits on the frontier
            hash = Hash32.node(frontier.removeLast(), hash)
            level += 1
            report(NodeID(level: level, index: size >> level), hash)
        }
        frontier.append(hash)
        size += 1
    }
}
