/// Which node hashes a proof consists of, before any of them is fetched.
///
/// "Plan, then fetch, then verify": the plan is pure, the caller looks the hashes up (from tiles,
/// a ``MerkleTree`` or a store) in the plan's order, and the proof type verifies them. Every node
/// returned starts at a multiple of a power of two at least its width; see ``NodeID`` for how to
/// hash the ones that are not perfect.
public enum ProofPlan {
    /// The RFC 6962 audit path `PATH(index, D[size])`: the leaf's sibling first, the root's child last.
    ///
    /// - Throws: ``ProofError/indexOutOfRange(index:size:)`` unless `0 <= index < size`.
    public static func inclusion(index: Int, size: Int) throws(ProofError) -> [NodeID] {
        guard index >= 0, index < size else { throw .indexOutOfRange(index: index, size: size) }
        var nodes: [NodeID] = []
        path(to: index, begin: 0, end: size, into: &nodes)
        return nodes
    }

    /// The RFC 6962 consistency proof `PROOF(size1, D[size2])`.
    ///
    /// Empty when `size1 == size2`.
    /// - Throws: ``ProofError/sizesOutOfOrder(size1:size2:)`` when `size1 > size2`,
    ///   ``ProofError/consistencyFromEmptyTree(size2:)`` when `size1 == 0`.
    public static func consistency(from size1: Int, to size2: Int) throws(ProofError) -> [NodeID] {
        guard size1 <= size2 else { throw .sizesOutOfOrder(size1: size1, size2: size2) }
        guard size1 > 0 else { throw .consistencyFromEmptyTree(size2: size2) }
        var nodes: [NodeID] = []
        if size1 < size2 { subproof(oldSize: size1, begin: 0, end: size2, isOldTreeWhole: true, into: &nodes) }
        return nodes
    }

    // PATH(m, D[begin:end]): recurse into the half holding m, then add the other half's root.
    private static func path(to index: Int, begin: Int, end: Int, into nodes: inout [NodeID]) {
        guard end - begin > 1 else { return }
        let split = begin + largestPowerOfTwo(below: end - begin)
        if index < split {
            path(to: index, begin: begin, end: split, into: &nodes)
            nodes.append(NodeID(begin: split, end: end))
        } else {
            path(to: index, begin: split, end: end, into: &nodes)
            nodes.append(NodeID(begin: begin, end: split))
        }
    }

    // SUBPROOF(m, D[begin:end], b) with m counted from `begin`; b says whether the old tree's root
    // is this very node, which the verifier already knows and so is left out.
    private static func subproof(
        oldSize: Int, begin: Int, end: Int, isOldTreeWhole: Bool, into nodes: inout [NodeID]
    ) {
        if oldSize == end - begin {
            if !isOldTreeWhole { nodes.append(NodeID(begin: begin, end: end)) }
            return
        }
        let half = largestPowerOfTwo(below: end - begin)
        if oldSize <= half {
            subproof(oldSize: oldSize, begin: begin, end: begin + half, isOldTreeWhole: isOldTreeWhole, into: &nodes)
            nodes.append(NodeID(begin: begin + half, end: end))
        } else {
            subproof(oldSize: oldSize - half, begin: begin + half, end: end, isOldTreeWhole: false, into: &nodes)
            nodes.append(NodeID(begin: begin, end: begin + half))
        }
    }
}

extension ProofPlan {
    /// The number of hashes in an inclusion proof: the steps RFC 9162 §2.1.3.2 takes until `sn` is 0.
    static func inclusionLength(index: Int, size: Int) -> Int {
        var (fn, sn, steps) = (index, size - 1, 0)
        while sn != 0 {
            steps += 1
            if fn & 1 == 0 && fn == sn {
                while fn & 1 == 0 && fn != 0 { (fn, sn) = (fn >> 1, sn >> 1) }
            }
            (fn, sn) = (fn >> 1, sn >> 1)
        }
        return steps
    }

    /// The number of hashes in a consistency proof for `0 < size1 < size2`, per RFC 9162 §2.1.4.2:
    /// the seed (left out when `size1` is a power of two) plus one per step until `sn` is 0.
    static func consistencyLength(size1: Int, size2: Int) -> Int {
        var (fn, sn) = (size1 - 1, size2 - 1)
        while fn & 1 == 1 { (fn, sn) = (fn >> 1, sn >> 1) }
        var steps = size1.nonzeroBitCount == 1 ? 0 : 1
        while sn != 0 {
            steps += 1
            if fn & 1 == 0 && fn == sn {
                while fn & 1 == 0 && fn != 0 { (fn, sn) = (fn >> 1, sn >> 1) }
            }
            (fn, sn) = (fn >> 1, sn >> 1)
        }
        return steps
    }
}
