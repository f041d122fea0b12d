import Foundation
import Testing

@testable import MerkleLog

struct InclusionProofTests {
    static let probes = Vectors.jsonFiles(under: "merkle/inclusion")

    @Test func allGoInclusionProbesArePresent() {
        #expect(Self.probes.count == 98)
    }

    @Test(arguments: probes)
    func goInclusionProbeBehavesAsLabelled(path: String) throws {
        let probe = try JSONDecoder().decode(InclusionProbe.self, from: Vectors.data(path))
        let outcome = Result { () throws(ProofError) in
            try InclusionProof.verify(
                leafHash: probe.leafHash, index: probe.leafIdx, size: probe.treeSize, proof: probe.proof ?? [], root: probe.root)
        }
        if probe.wantErr {
            #expect(throws: ProofError.self, "\(path): \(probe.desc)") { try outcome.get() }
        } else {
            #expect(throws: Never.self, "\(path): \(probe.desc)") { try outcome.get() }
        }
    }

    @Test func rejectionsNameTheReason() throws {
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        let proof = try tree.inclusionProof(index: 4, size: 5)
        let leaf = RFC6962Vectors.leafHashes[4]
        let root = RFC6962Vectors.roots[5]
        #expect(throws: Never.self) { try proof.verify(leafHash: leaf, root: root) }
        #expect(throws: ProofError.indexOutOfRange(index: 5, size: 5)) {
            try InclusionProof.verify(leafHash: leaf, index: 5, size: 5, proof: proof.hashes, root: root)
        }
        #expect(throws: ProofError.wrongHashLength(role: "leaf hash", count: 31)) {
            try InclusionProof.verify(leafHash: leaf.dropLast(), index: 4, size: 5, proof: proof.hashes, root: root)
        }
        #expect(throws: ProofError.wrongHashLength(role: "proof[0]", count: 33)) {
            try InclusionProof.verify(leafHash: leaf, index: 4, size: 5, proof: [proof.hashes[0] + Data([0])], root: root)
        }
        #expect(throws: ProofError.wrongProofLength(expected: 1, actual: 2)) {
            try InclusionProof.verify(leafHash: leaf, index: 4, size: 5, proof: proof.hashes + [leaf], root: root)
        }
        #expect(throws: ProofError.rootMismatch(computed: root, expected: RFC6962Vectors.roots[6])) {
            try proof.verify(leafHash: leaf, root: RFC6962Vectors.roots[6])
        }
    }

    @Test func proofForTheLastLeafOfAnUnbalancedTreeVerifies() throws {
        // (4, 5) needs RFC 9162's inner shift loop; omitting it is a known reimplementation bug.
        let proof = try InclusionProof.make(index: 4, leafHashes: Array(RFC6962Vectors.leafHashes.prefix(5)))
        #expect(proof.hashes == [RFC6962Vectors.roots[4]])
        try proof.verify(leafHash: RFC6962Vectors.leafHashes[4], root: RFC6962Vectors.roots[5])
    }

    @Test func everyGeneratedProofVerifiesAndEveryMutationFails() throws {
        var generator = SeededGenerator(state: 2026)
        for _ in 0..<300 {
            let size = Int.random(in: 1...300, using: &generator)
            let tree = try MerkleTree(leafHashes: randomLeafHashes(size, using: &generator))
            let index = Int.random(in: 0..<size, using: &generator)
            let proof = try tree.inclusionProof(index: index)
            let leaf = tree.hash(of: NodeID(level: 0, index: index))
            let root = tree.root
            try proof.verify(leafHash: leaf, root: root)

            for mutant in Self.mutations(of: proof, leaf: leaf, root: root, using: &generator) {
                #expect(throws: ProofError.self, "size \(size) index \(index): \(mutant.name)") {
                    try InclusionProof.verify(
                        leafHash: mutant.leaf, index: mutant.index, size: mutant.size, proof: mutant.hashes, root: mutant.root)
                }
            }
        }
    }

    private struct Mutant {
        let name: String
        var leaf: Data, index: Int, size: Int, hashes: [Data], root: Data
    }

    private static func mutations(
        of proof: InclusionProof, leaf: Data, root: Data, using generator: inout SeededGenerator
    ) -> [Mutant] {
        let original = Mutant(name: "", leaf: leaf, index: proof.index, size: proof.size, hashes: proof.hashes, root: root)
        func mutant(_ name: String, _ change: (inout Mutant) -> Void) -> Mutant {
            var m = original
            change(&m)
            return Mutant(name: name, leaf: m.leaf, index: m.index, size: m.size, hashes: m.hashes, root: m.root)
        }
        let bit = Int.random(in: 0..<256, using: &generator)
        var result = [
            mutant("leaf bit flipped") { $0.leaf = $0.leaf.flippingBit(bit) },
            mutant("root bit flipped") { $0.root = $0.root.flippingBit(bit) },
            mutant("hash added") { $0.hashes.append(leaf) },
            mutant("index + 1") { $0.index += 1 },
            mutant("size + 1 beyond the proof's shape") { $0.size = 1 << (Int.bitWidth - $0.size.leadingZeroBitCount) + 1 },
            mutant("wrong root (empty tree)") { $0.root = MerkleHash.emptyRoot },
        ]
        if proof.index > 0 { result.append(mutant("index - 1") { $0.index -= 1 }) }
        if !proof.hashes.isEmpty {
            let i = Int.random(in: 0..<proof.hashes.count, using: &generator)
            result.append(mutant("proof[\(i)] bit flipped") { $0.hashes[i] = $0.hashes[i].flippingBit(bit) })
            result.append(mutant("proof[\(i)] dropped") { $0.hashes.remove(at: i) })
            if proof.hashes.count > 1 { result.append(mutant("proof reversed") { $0.hashes.reverse() }) }
        }
        return result
    }
}

struct InclusionProofRootTests {
    @Test func rootFromAProofIsTheTreeRootAndChangesWithTheLeaf() throws {
        let leaves = (0..<37).map { MerkleHash.leaf(Data("leaf \($0)".utf8)) }
        let tree = try MerkleTree(leafHashes: leaves)
        for index in [0, 1, 17, 36] {
            let proof = try tree.inclusionProof(index: index)
            #expect(try proof.root(leafHash: leaves[index]) == tree.root)
            #expect(try proof.root(leafHash: leaves[(index + 1) % 37]) != tree.root)
        }
        let short = InclusionProof(index: 3, size: 37, hashes: [])
        #expect(throws: ProofError.self) { try short.root(leafHash: leaves[3]) }
    }
}
