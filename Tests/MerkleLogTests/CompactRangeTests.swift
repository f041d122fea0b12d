import Foundation
import Testing

@testable import MerkleLog

struct CompactRangeTests {
    @Test func rootAfterEachAppendMatchesRFC6962Vectors() throws {
        var range = CompactRange()
        #expect(range.root == MerkleHash.emptyRoot && range.size == 0)
        for (i, leaf) in RFC6962Vectors.leafHashes.enumerated() {
            try range.append(leafHash: leaf)
            #expect(range.size == i + 1)
            #expect(range.root == RFC6962Vectors.roots[i + 1])
        }
    }

    @Test func frontierHoldsOnePerfectSubtreePerSetBitOfTheSize() throws {
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        let range = try CompactRange(leafHashes: Array(RFC6962Vectors.leafHashes.prefix(7)))
        #expect(CompactRange.frontierNodes(size: 7) == [NodeID(level: 2, index: 0), NodeID(level: 1, index: 2), NodeID(level: 0, index: 6)])
        #expect(range.hashes == CompactRange.frontierNodes(size: 7).map(tree.hash(of:)))
    }

    @Test func appendReportsEverySubtreeItCompletes() throws {
        var range = try CompactRange(leafHashes: Array(RFC6962Vectors.leafHashes.prefix(7)))
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        let completed = try range.appendReportingSubtrees(leafHash: RFC6962Vectors.leafHashes[7])
        #expect(completed.map(\.node) == [NodeID(level: 0, index: 7), NodeID(level: 1, index: 3), NodeID(level: 2, index: 1), NodeID(level: 3, index: 0)])
        #expect(completed.map(\.hash) == completed.map { tree.hash(of: $0.node) })
    }

    /// Reporting every 8th level hands over exactly the subtrees of those levels that the full
    /// report lists, in its order, and nothing else.
    @Test(arguments: [1, 2, 8])
    func appendReportingEveryFewLevelsKeepsOnlyThoseOfTheFullReport(levels: Int) throws {
        var generator = SeededGenerator(state: 5)
        let hashes = randomLeafHashes(600, using: &generator)
        var everything = CompactRange()
        var some = CompactRange()
        var expected: [CompactRange.CompletedSubtree] = []
        var reported: [CompactRange.CompletedSubtree] = []
        for hash in hashes {
            expected += try everything.appendReportingSubtrees(leafHash: hash).filter { ($0.node.level ?? 1) % levels == 0 }
            try some.append(leafHash: hash, reportingEvery: levels) { reported.append(.init(node: $0, hash: $1)) }
        }
        #expect(reported == expected && !reported.isEmpty)
        #expect(some == everything)
        if levels == 8 { #expect(reported.count == 600 + 2) }  // every leaf, and two subtrees of 256
    }

    @Test func completedSubtreesFillTilesExactlyAsTheTreeDoes() throws {
        var generator = SeededGenerator(state: 11)
        let hashes = randomLeafHashes(700, using: &generator)
        var range = CompactRange()
        var level0 = Data()
        var level1 = Data()
        for hash in hashes {
            for subtree in try range.appendReportingSubtrees(leafHash: hash) {
                switch TileLayout.position(of: subtree.node)?.level {
                case 0?: level0.append(subtree.hash)
                case 1?: level1.append(subtree.hash)
                default: break
                }
            }
        }
        let tree = try MerkleTree(leafHashes: hashes)
        #expect(level0 == hashes.reduce(Data(), +))
        #expect(level1 == tree.content(of: TileID(level: 1, index: 0, width: 2)))
    }

    @Test func textFormRoundTripsAndResumesAppending() throws {
        var generator = SeededGenerator(state: 12)
        let hashes = randomLeafHashes(45, using: &generator)
        let stored = try CompactRange(leafHashes: Array(hashes.prefix(13))).text
        let lines = stored.split(separator: "\n")
        #expect(lines.count == 4 && lines[0] == "size 13" && stored.hasSuffix("\n"))
        var resumed = try #require(CompactRange(text: stored))
        #expect(resumed.text == stored)
        for hash in hashes.dropFirst(13) { try resumed.append(leafHash: hash) }
        #expect(resumed.root == MerkleTree.root(leafHashes: hashes))
        #expect(CompactRange(text: CompactRange().text) == CompactRange())
    }

    @Test(arguments: [
        "size 13\n", "size 1\n", "size 01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", "size 1\nAAAA\n",
        "size 1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "count 1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
        "size 1\r\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
    ])
    func malformedTextIsRejected(text: String) {
        #expect(CompactRange(text: text) == nil)
    }

    @Test func leafHashesMustBe32Bytes() {
        var range = CompactRange()
        #expect(throws: ProofError.wrongHashLength(role: "leaf hash", count: 0)) { try range.append(leafHash: Data()) }
        #expect(range.size == 0)
    }

    @Test func restoringFromFetchedFrontierHashesNeedsOnePerSubtree() throws {
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        let hashes = CompactRange.frontierNodes(size: 6).map(tree.hash(of:))
        #expect(try CompactRange(size: 6, hashes: hashes).root == RFC6962Vectors.roots[6])
        #expect(throws: ProofError.wrongProofLength(expected: 2, actual: 1)) { try CompactRange(size: 6, hashes: [hashes[0]]) }
    }
}
