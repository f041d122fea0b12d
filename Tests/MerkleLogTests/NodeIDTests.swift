import Testing

@testable import MerkleLog

struct NodeIDTests {
    @Test func perfectNodeKnowsItsLevelAndIndex() {
        let node = NodeID(level: 3, index: 5)
        #expect((node.begin, node.end) == (40, 48))
        #expect(node.isPerfect && node.level == 3 && node.index == 5)
    }

    @Test func borderNodeIsNotPerfectAndSplitsIntoAlignedSubtrees() {
        let node = NodeID(begin: 8, end: 15)
        #expect(!node.isPerfect && node.level == nil && node.index == nil)
        #expect(node.perfectSubtrees == [NodeID(level: 2, index: 2), NodeID(level: 1, index: 6), NodeID(level: 0, index: 14)])
    }

    @Test func unalignedRangeSplitsIntoTheLargestAlignedPieces() {
        #expect(
            NodeID(begin: 3, end: 9).perfectSubtrees == [
                NodeID(begin: 3, end: 4), NodeID(begin: 4, end: 8), NodeID(begin: 8, end: 9),
            ])
        #expect(NodeID(begin: 0, end: 13).perfectSubtrees.map(\.width) == [8, 4, 1])
    }
}
