import Crypto
import EvidenceModel
import Foundation
import Testing

@testable import EvidenceStore

/// A waiting record's id is kept in 32 bytes and given back as the same text; text that is not a
/// lowercase hex SHA-256 is not packed (and so kept as it is).
struct PackedRecordIDTests {
    @Test func idsComeBackAsTheSameText() {
        for n in 0..<2_000 {
            let id = SHA256Hex.of("record \(n)")
            #expect(PackedRecordID(hex: id)?.hex == id)
        }
        #expect(PackedRecordID(hex: String(repeating: "0", count: 64))?.hex == String(repeating: "0", count: 64))
        #expect(PackedRecordID(hex: String(repeating: "f", count: 64))?.hex == String(repeating: "f", count: 64))
        #expect(PackedRecordID(hex: SHA256Hex.of("a")) != PackedRecordID(hex: SHA256Hex.of("b")))
    }

    /// Packed digests sort as their hex does (the v3 subject map's buckets are sorted so).
    @Test func packedIDsSortAsTheirText() throws {
        var ids = (0..<2_000).map { SHA256Hex.of("subject \($0)") }
        ids += ["0" + String(repeating: "f", count: 63), "1" + String(repeating: "0", count: 63), String(repeating: "f", count: 64)]
        let packed = try ids.map { try #require(PackedRecordID(hex: $0)) }
        #expect(packed.sorted().map(\.hex) == ids.sorted())
    }

    /// A digest packs straight from its bytes as it does from its hex.
    @Test func aDigestPacksAsItsHex() {
        for text in ["", "a", "example.com", "key:arn:aws:kms:us-east-1:111122223333:key/1234abcd"] + (0..<500).map({ "subject \($0)" }) {
            let digest = SHA256.hash(data: Data(text.utf8))
            #expect(PackedRecordID(digest: digest) == PackedRecordID(hex: SHA256Hex.of(text)))
            #expect(PackedRecordID(digest: digest).hex == SHA256Hex.of(text))
        }
    }

    @Test(arguments: [
        "", String(repeating: "a", count: 63), String(repeating: "a", count: 65), String(repeating: "A", count: 64),
        String(repeating: "g", count: 64), String(repeating: "é", count: 32), " " + String(repeating: "a", count: 63),
    ])
    func otherTextIsNotPacked(text: String) {
        #expect(PackedRecordID(hex: text) == nil)
    }
}
