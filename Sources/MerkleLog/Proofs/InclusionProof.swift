import Foundation

/// An RFC 6962 inclusion proof (audit path): the hashes linking leaf `index` to the root of the
/// tree of `size` leaves, the leaf's sibling first.
///
/// The proof binds the leaf to the *root*; trust `size` only when it comes from the same signed
/// checkpoint as the root.
public struct InclusionProof: Sendable, Hashable {
    /// The zero-based index of the proven leaf.
    public let index: Int
    /// The size of the tree the proof is for.
    public let size: Int
    /// The audit path, leaf's sibling first, root's child last.
    public let hashes: [Data]

    /// A proof from its parts (fetched in the order of ``ProofPlan/inclusion(index:size:)``).
    public init(index: Int, size: Int, hashes: [Data]) {
        self.index = index
        self.size = size
        self.hashes = hashes
    }

    /// The proof for leaf `index` in the tree over all of `leafHashes` (O(n): builds the tree once).
    public static func make(index: Int, leafHashes: [Data]) throws(ProofError) -> InclusionProof {
        try MerkleTree(leafHashes: leafHashes).inclusionProof(index: index)
    }

    /// Checks that `leafHash` sits at ``index`` in the tree of ``size`` leaves whose root is `root`.
    public func verify(leafHash: Data, root: Data) throws(ProofError) {
        try Self.verify(leafHash: leafHash, index: index, size: size, proof: hashes, root: root)
    }

    /// RFC 9162 §2.1.3.2, step for step.
    ///
    /// - Throws: ``ProofError/indexOutOfRange(index:size:)``, ``ProofError/wrongHashLength(role:count:)``,
    ///   ``ProofError/wrongProofLength(expected:actual:)`` or ``ProofError/rootMismatch(computed:expected:)``.
    public static func verify(leafHash: Data, index: Int, size: Int, proof: [Data], root: Data) throws(ProofError) {
        let expectedRoot = try requireHash(root, "root")
        let computed = try rootHash(leafHash: leafHash, index: index, size: size, proof: proof)
        guard computed == expectedRoot else { throw .rootMismatch(computed: computed.data, expected: root) }
    }

    /// The root this proof leads to from `leafHash`: for two-level logs, where the lower tree's
    /// root is itself a leaf of the upper one and is checked there.
    public func root(leafHash: Data) throws(ProofError) -> Data {
        try Self.rootHash(leafHash: leafHash, index: index, size: size, proof: hashes).data
    }

    /// The walk of RFC 9162 §2.1.3.2 up to, not including, the final comparison.
    static func rootHash(leafHash: Data, index: Int, size: Int, proof: [Data]) throws(ProofError) -> Hash32 {
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, size: size) }
        var r = try requireHash(leafHash, "leaf hash")
        let path = try proof.enumerated().map { (i, hash) throws(ProofError) in try requireHash(hash, "proof[\(i)]") }
        let expectedLength = ProofPlan.inclusionLength(index: index, size: size)
        guard path.count == expectedLength else { throw .wrongProofLength(expected: expectedLength, actual: path.count) }

        var (fn, sn) = (index, size - 1)
        for p in path {
            guard sn != 0 else { throw .wrongProofLength(expected: expectedLength, actual: path.count) }
            if fn & 1 == 1 || fn == sn {
                r = Hash32.node(p, r)
                if fn & 1 == 0 {  // on the right border: skip the levels where this node has no sibling
                    while fn & 1 == 0 && fn != 0 { (fn, sn) = (fn >> 1, sn >> 1) }
                }
            } else {
                r = Hash32.node(r, p)
            }
            (fn, sn) = (fn >> 1, sn >> 1)
        }
        guard sn == 0 else { throw .wrongProofLength(expected: expectedLength, actual: path.count) }
        return r
    }
}
