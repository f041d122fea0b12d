import Foundation
import Testing

@testable import MerkleLog

struct MerkleHashTests {
    @Test func emptyRootIsSHA256OfNothing() {
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func leafHashPrefixesZeroByte() {
        #expect(MerkleHash.leaf(Data("L123456".utf8)).hex == "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56")
        #expect(MerkleHash.leaf(Data()).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    }

    @Test func nodeHashPrefixesOneByte() {
        let node = MerkleHash.node(Data("N123".utf8), Data("N456".utf8))
        #expect(node.hex == "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb")
    }

    @Test func nodeHashOfFullHashesAgreesWithTheByteLevelDefinition() {
        // 32-byte inputs take the inline fast path; a 33-byte left input plus a 31-byte right one
        // hashes the same 65 bytes through the generic path.
        let (l, r) = (MerkleHash.leaf(Data("a".utf8)), MerkleHash.leaf(Data("b".utf8)))
        #expect(MerkleHash.node(l, r) == MerkleHash.node(l + r.prefix(1), r.dropFirst()))
        #expect(MerkleHash.node(l, r) != MerkleHash.node(r, l))
    }
}
