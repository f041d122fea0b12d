import Foundation
import Testing

@testable import MerkleLog

struct MerkleTreeTests {
    @Test(arguments: 0...8)
    func rootOfTheStandardLeavesMatchesRFC6962Vectors(size: Int) {
        let hashes = Array(RFC6962Vectors.leafHashes.prefix(size))
        #expect(MerkleTree.root(leafHashes: hashes) == RFC6962Vectors.roots[size])
        #expect(MerkleTree.hashOfRange(begin: 0, end: size) { hashes[$0] } == RFC6962Vectors.roots[size])
    }

    @Test func treeRemembersTheRootOfEveryEarlierSize() throws {
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        for size in 0...8 { #expect(try tree.root(atSize: size) == RFC6962Vectors.roots[size]) }
        #expect(throws: ProofError.invalidSize(9, reason: "the tree has 8 leaves")) { try tree.root(atSize: 9) }
    }

    @Test func rootOfFirstNTesseraLeavesIsTheirCheckpointRoot() throws {
        let leaves = try TesseraVectors.leaves()
        #expect(leaves.count == 15)
        for size in 0...15 {
            let checkpoint = try Checkpoint(Note(parsing: Vectors.data(TesseraVectors.checkpointPath(size: size))))
            #expect(MerkleTree.root(leafHashes: leaves.prefix(size).map { MerkleHash.leaf($0) }) == checkpoint.rootHash)
            #expect(checkpoint.size == size)
        }
    }

    @Test func appendingLeafByLeafGivesTheSameRootAsTheRecursiveDefinition() throws {
        var generator = SeededGenerator(state: 7)
        let hashes = randomLeafHashes(300, using: &generator)
        var tree = MerkleTree()
        for (i, hash) in hashes.enumerated() {
            try tree.append(leafHash: hash)
            #expect(tree.root == MerkleTree.hashOfRange(begin: 0, end: i + 1) { hashes[$0] })
        }
    }

    @Test func nodeHashOfAnyRangeIsItsMTH() throws {
        var generator = SeededGenerator(state: 8)
        let hashes = randomLeafHashes(37, using: &generator)
        let tree = try MerkleTree(leafHashes: hashes)
        for begin in 0..<37 {
            for end in (begin + 1)...37 {
                #expect(tree.hash(of: NodeID(begin: begin, end: end)) == MerkleTree.hashOfRange(begin: begin, end: end) { hashes[$0] })
            }
        }
    }

    @Test func leafHashesMustBe32Bytes() {
        #expect(throws: ProofError.wrongHashLength(role: "leaf hash 1", count: 3)) {
            try MerkleTree(leafHashes: [MerkleHash.leaf(Data()), Data([1, 2, 3])])
        }
    }

    @Test func tileContentIsTheConcatenatedHashesOfItsNodes() throws {
        var generator = SeededGenerator(state: 9)
        let hashes = randomLeafHashes(600, using: &generator)
        let tree = try MerkleTree(leafHashes: hashes)
        #expect(tree.content(of: TileID(level: 0, index: 2, width: 88)) == hashes[512..<600].reduce(Data(), +))
        let level1 = tree.content(of: TileID(level: 1, index: 0, width: 2))
        #expect(level1 == MerkleTree.root(leafHashes: Array(hashes[0..<256])) + MerkleTree.root(leafHashes: Array(hashes[256..<512])))
    }
}
