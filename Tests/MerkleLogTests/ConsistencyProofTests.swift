import Foundation
import Testing

@testable import MerkleLog

struct ConsistencyProofTests {
    static let probes = Vectors.jsonFiles(under: "merkle/consistency")

    @Test func allGoConsistencyProbesArePresent() {
        #expect(Self.probes.count == 98)
    }

    @Test(arguments: probes)
    func goConsistencyProbeBehavesAsLabelled(path: String) throws {
        let probe = try JSONDecoder().decode(ConsistencyProbe.self, from: Vectors.data(path))
        let outcome = Result { () throws(ProofError) in
            try ConsistencyProof.verify(
                size1: probe.size1, size2: probe.size2, proof: probe.proof ?? [], root1: probe.root1, root2: probe.root2)
        }
        if probe.wantErr {
            #expect(throws: ProofError.self, "\(path): \(probe.desc)") { try outcome.get() }
        } else {
            #expect(throws: Never.self, "\(path): \(probe.desc)") { try outcome.get() }
        }
    }

    @Test func proofsBetweenAllPrefixesOfTheStandardTreeVerify() throws {
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        for size2 in 1...8 {
            for size1 in 1...size2 {
                let proof = try tree.consistencyProof(from: size1, to: size2)
                try proof.verify(root1: RFC6962Vectors.roots[size1], root2: RFC6962Vectors.roots[size2])
            }
        }
    }

    @Test func rejectionsNameTheReason() throws {
        let roots = RFC6962Vectors.roots
        let proof = try ConsistencyProof.make(from: 3, leafHashes: Array(RFC6962Vectors.leafHashes.prefix(7)))
        #expect(proof.hashes.count == 4)
        #expect(throws: ProofError.sizesOutOfOrder(size1: 7, size2: 3)) {
            try ConsistencyProof.verify(size1: 7, size2: 3, proof: proof.hashes, root1: roots[7], root2: roots[3])
        }
        #expect(throws: ProofError.consistencyFromEmptyTree(size2: 7)) {
            try ConsistencyProof.verify(size1: 0, size2: 7, proof: [], root1: roots[0], root2: roots[7])
        }
        #expect(throws: ProofError.wrongHashLength(role: "root1", count: 0)) {
            try ConsistencyProof.verify(size1: 3, size2: 7, proof: proof.hashes, root1: Data(), root2: roots[7])
        }
        #expect(throws: ProofError.wrongProofLength(expected: 4, actual: 3)) {
            try ConsistencyProof.verify(size1: 3, size2: 7, proof: proof.hashes.dropLast(), root1: roots[3], root2: roots[7])
        }
        #expect(throws: ProofError.oldRootMismatch(computed: roots[3], expected: roots[2])) {
            try ConsistencyProof.verify(size1: 3, size2: 7, proof: proof.hashes, root1: roots[2], root2: roots[7])
        }
        #expect(throws: ProofError.rootMismatch(computed: roots[7], expected: roots[6])) {
            try ConsistencyProof.verify(size1: 3, size2: 7, proof: proof.hashes, root1: roots[3], root2: roots[6])
        }
        #expect(throws: ProofError.wrongProofLength(expected: 0, actual: 1)) {
            try ConsistencyProof.verify(size1: 7, size2: 7, proof: [roots[7]], root1: roots[7], root2: roots[7])
        }
    }

    @Test func powerOfTwoOldSizeUsesTheOldRootAsTheSeed() throws {
        // Commenting out RFC 9162 step 2 ("prepend first_hash") breaks exactly these cases.
        let tree = try MerkleTree(leafHashes: RFC6962Vectors.leafHashes)
        let proof = try tree.consistencyProof(from: 4, to: 7)
        #expect(proof.hashes == [tree.hash(of: NodeID(begin: 4, end: 7))])
        try proof.verify(root1: RFC6962Vectors.roots[4], root2: RFC6962Vectors.roots[7])
    }

    @Test func everyGeneratedProofVerifiesAndEveryMutationFails() throws {
        var generator = SeededGenerator(state: 6962)
        for _ in 0..<300 {
            let size2 = Int.random(in: 2...300, using: &generator)
            let size1 = Int.random(in: 1..<size2, using: &generator)
            let tree = try MerkleTree(leafHashes: randomLeafHashes(size2, using: &generator))
            let proof = try tree.consistencyProof(from: size1)
            let (root1, root2) = (try tree.root(atSize: size1), tree.root)
            try proof.verify(root1: root1, root2: root2)

            let bit = Int.random(in: 0..<256, using: &generator)
            let i = Int.random(in: 0..<proof.hashes.count, using: &generator)
            var flipped = proof.hashes
            flipped[i] = flipped[i].flippingBit(bit)
            var dropped = proof.hashes
            dropped.remove(at: i)
            let mutants: [(String, Int, Int, [Data], Data, Data)] = [
                ("proof[\(i)] bit flipped", size1, size2, flipped, root1, root2),
                ("proof[\(i)] dropped", size1, size2, dropped, root1, root2),
                ("hash added", size1, size2, proof.hashes + [root1], root1, root2),
                ("root1 bit flipped", size1, size2, proof.hashes, root1.flippingBit(bit), root2),
                ("root2 bit flipped", size1, size2, proof.hashes, root1, root2.flippingBit(bit)),
                ("roots swapped", size1, size2, proof.hashes, root2, root1),
                ("size1 + 1", size1 + 1, size2, proof.hashes, root1, root2),
                ("size1 - 1", size1 - 1, size2, proof.hashes, root1, root2),
                (
                    "size2 beyond the proof's shape", size1, 1 << (Int.bitWidth - size2.leadingZeroBitCount) + 1,
                    proof.hashes, root1, root2
                ),
            ]
            for (name, s1, s2, hashes, r1, r2) in mutants {
                #expect(throws: ProofError.self, "\(size1) → \(size2): \(name)") {
                    try ConsistencyProof.verify(size1: s1, size2: s2, proof: hashes, root1: r1, root2: r2)
                }
            }
        }
    }
}
