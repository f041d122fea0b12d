import Foundation
import Testing

@testable import MerkleLog

/// `strictBase64` accepts exactly the texts that are the canonical encoding of what they decode to:
/// it decodes on the bytes, and is compared here with Foundation's decoder and encoder.
struct StrictBase64Tests {
    /// What `strictBase64` was: Foundation's decoding, kept only when encoding it gives the text back.
    private func reference(_ text: String) -> Data? {
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
        return data
    }

    @Test func everyCanonicalTextDecodesToItsBytes() {
        var generator = SystemRandomNumberGenerator()
        for count in 0..<70 {
            let bytes = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect(strictBase64(bytes.base64EncodedString()) == bytes)
            #expect(strictBase64(Substring("x" + bytes.base64EncodedString()).dropFirst()) == bytes)
        }
    }

    @Test(arguments: ["QR==", "QUF=", "QUJDRA=x", "A===", "====", "QQ", "QQ=", "QQ==QQ==", "QQ== ", " QQ==", "QQ-_", "Q\u{E9}==", "QQ==\n"])
    func aTextThatIsNotCanonicalIsRefused(text: String) {
        #expect(strictBase64(text) == nil)
        #expect(reference(text) == nil)
    }

    /// Every one-character change, insertion and removal of canonical encodings of hashes and short
    /// values: the two decoders agree on each.
    @Test func mutationsAreJudgedAsFoundationJudgesThem() {
        let replacements: [Character] = ["A", "B", "Q", "g", "w", "/", "+", "=", "-", "_", " ", "\n", "\u{0}", "\u{E9}"]
        var generator = SystemRandomNumberGenerator()
        var (checked, disagreements) = (0, [String]())
        for count in [1, 2, 3, 4, 5, 32, 64] {
            let text = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            let characters = Array(text)
            for position in characters.indices {
                var removed = characters
                removed.remove(at: position)
                var variants = [String(removed)]
                for replacement in replacements {
                    var changed = characters
                    changed[position] = replacement
                    variants.append(String(changed))
                    var inserted = characters
                    inserted.insert(replacement, at: position)
                    variants.append(String(inserted))
                }
                disagreements += variants.filter { strictBase64($0) != reference($0) }
                checked += variants.count
            }
        }
        #expect(disagreements == [])
        #expect(checked > 4_000)
    }
}
