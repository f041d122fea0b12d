import Foundation

/// An RFC 6962 consistency proof: the hashes showing that the tree of `size1` leaves is a prefix
/// of the tree of `size2` leaves, i.e. the log only appended.
public struct ConsistencyProof: Sendable, Hashable {
    /// The older (smaller) tree size.
    public let size1: Int
    /// The newer tree size.
    public let size2: Int
    /// The proof hashes in the order of ``ProofPlan/consistency(from:to:)``.
    public let hashes: [Data]

    /// A proof from its parts.
    public init(size1: Int, size2: Int, hashes: [Data]) {
        self.size1 = size1
        self.size2 = size2
        self.hashes = hashes
    }

    /// The proof from the first `size1` leaves to all of `leafHashes` (O(n): builds the tree once).
    public static func make(from size1: Int, leafHashes: [Data]) throws(ProofError) -> ConsistencyProof {
        try MerkleTree(leafHashes: leafHashes).consistencyProof(from: size1)
    }

    /// Checks that `root1` (of ``size1`` leaves) and `root2` (of ``size2`` leaves) are consistent.
    public func verify(root1: Data, root2: Data) throws(ProofError) {
        try Self.verify(size1: size1, size2: size2, proof: hashes, root1: root1, root2: root2)
    }

    /// RFC 9162 §2.1.4.2 for `0 < size1 < size2`, with the conventions of Go's verifiers around it:
    /// `size1 > size2` and `size1 == 0` are rejected; equal sizes need an empty proof and equal roots
    /// (compared as given: nothing is hashed then).
    ///
    /// - Throws: ``ProofError`` naming the first problem found.
    public static func verify(size1: Int, size2: Int, proof: [Data], root1: Data, root2: Data) throws(ProofError) {
        guard size1 <= size2 else { throw .sizesOutOfOrder(size1: size1, size2: size2) }
        guard size1 > 0 else { throw .consistencyFromEmptyTree(size2: size2) }
        if size1 == size2 {
            guard proof.isEmpty else { throw .wrongProofLength(expected: 0, actual: proof.count) }
            guard root1 == root2 else { throw .rootMismatch(computed: root1, expected: root2) }
            return
        }
        let oldRoot = try requireHash(root1, "root1")
        let newRoot = try requireHash(root2, "root2")
        var path = try proof.enumerated().map { (i, hash) throws(ProofError) in try requireHash(hash, "proof[\(i)]") }
        let expectedLength = ProofPlan.consistencyLength(size1: size1, size2: size2)
        guard !path.isEmpty, path.count == expectedLength else {
            throw .wrongProofLength(expected: expectedLength, actual: path.count)
        }

        // When size1 is a power of two the old root is itself a node of the new tree, left out of the proof.
        if size1.nonzeroBitCount == 1 { path.insert(oldRoot, at: 0) }
        var (fn, sn) = (size1 - 1, size2 - 1)
        while fn & 1 == 1 { (fn, sn) = (fn >> 1, sn >> 1) }
        var (fr, sr) = (path[0], path[0])
        for c in path.dropFirst() {
            guard sn != 0 else { throw .wrongProofLength(expected: expectedLength, actual: proof.count) }
            if fn & 1 == 1 || fn == sn {
                (fr, sr) = (Hash32.node(c, fr), Hash32.node(c, sr))
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { (fn, sn) = (fn >> 1, sn >> 1) }
                }
            } else {
                sr = Hash32.node(sr, c)  // a node only the new tree has: it extends the new root alone
            }
            (fn, sn) = (fn >> 1, sn >> 1)
        }
        guard sn == 0 else { throw .wrongProofLength(expected: expectedLength, actual: proof.count) }
        guard fr == oldRoot else { throw .oldRootMismatch(computed: fr.data, expected: root1) }
        guard sr == newRoot else { throw .rootMismatch(computed: sr.data, expected: root2) }
    }
}
