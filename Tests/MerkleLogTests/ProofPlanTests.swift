import Testing

@testable import MerkleLog

struct ProofPlanTests {
    @Test func inclusionPlanRunsFromTheLeafsSiblingToTheRootsChild() throws {
        // Leaf 6 of 13: sibling 7, then [4,6), [0,4), then the right border [8,13).
        #expect(
            try ProofPlan.inclusion(index: 6, size: 13) == [
                NodeID(begin: 7, end: 8), NodeID(begin: 4, end: 6), NodeID(begin: 0, end: 4), NodeID(begin: 8, end: 13),
            ])
        #expect(try ProofPlan.inclusion(index: 0, size: 1) == [])
    }

    @Test func inclusionPlanRejectsAnIndexOutsideTheTree() {
        #expect(throws: ProofError.indexOutOfRange(index: 5, size: 5)) { try ProofPlan.inclusion(index: 5, size: 5) }
        #expect(throws: ProofError.indexOutOfRange(index: -1, size: 5)) { try ProofPlan.inclusion(index: -1, size: 5) }
    }

    @Test func consistencyPlanFollowsRFC6962SubproofExamples() throws {
        // RFC 6962 §2.1.3 examples over the 7-leaf tree: PROOF(3) = [c, d, g, l], PROOF(4) = [l], PROOF(6) = [i, j, k, l].
        #expect(
            try ProofPlan.consistency(from: 3, to: 7) == [
                NodeID(begin: 2, end: 3), NodeID(begin: 3, end: 4), NodeID(begin: 0, end: 2), NodeID(begin: 4, end: 7),
            ])
        #expect(try ProofPlan.consistency(from: 4, to: 7) == [NodeID(begin: 4, end: 7)])
        #expect(
            try ProofPlan.consistency(from: 6, to: 7) == [
                NodeID(begin: 4, end: 6), NodeID(begin: 6, end: 7), NodeID(begin: 0, end: 4),
            ])
        #expect(try ProofPlan.consistency(from: 7, to: 7) == [])
    }

    @Test func consistencyPlanRejectsShrinkingAndEmptyTrees() {
        #expect(throws: ProofError.sizesOutOfOrder(size1: 8, size2: 7)) { try ProofPlan.consistency(from: 8, to: 7) }
        #expect(throws: ProofError.consistencyFromEmptyTree(size2: 7)) { try ProofPlan.consistency(from: 0, to: 7) }
    }

    @Test func plannedLengthsMatchTheVerifiersExpectations() throws {
        for size in 1...70 {
            for index in 0..<size {
                #expect(try ProofPlan.inclusion(index: index, size: size).count == ProofPlan.inclusionLength(index: index, size: size))
            }
            for size1 in 1..<size {
                #expect(try ProofPlan.consistency(from: size1, to: size).count == ProofPlan.consistencyLength(size1: size1, size2: size))
            }
        }
    }

    @Test func everyPlannedNodeStartsAlignedToItsWidth() throws {
        for size in 1...70 {
            let nodes =
                try (0..<size).flatMap { index throws in try ProofPlan.inclusion(index: index, size: size) }
                + (1..<size).flatMap { size1 throws in try ProofPlan.consistency(from: size1, to: size) }
            for node in nodes {
                let span = 1 << (Int.bitWidth - (node.width - 1).leadingZeroBitCount)  // power of two >= width
                #expect(node.begin % span == 0, "\(node)")
            }
        }
    }
}
