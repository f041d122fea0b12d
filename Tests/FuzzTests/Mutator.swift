import Foundation
import VigilTestSupport

/// Mutates corpus files the way hostile or broken inputs differ from good ones: flipped bits, cuts,
/// repeats, splices of two files, control characters, numbers no type holds, deep nesting, and the
/// bytes every format treats specially.
struct Mutator {
    let corpus: [Data]

    /// Byte strings worth planting: numbers beyond Int64 and Double, nesting, YAML anchors and
    /// aliases, a BOM, a lone UTF-8 lead byte, separators of the line formats.
    static let tokens: [Data] =
        [
            "1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "99999999999999999999999999", "1e300",
            "NaN", "0x7fffffff", "-0", "2026-13-45T99:99:99Z", "\u{FEFF}", "\u{1B}[2J", "\u{2028}", "\u{202E}",
            "\"", "\\", ":", ",", "\n", "\r\n", "\t", "---\n", "&a ", "*a", "!!binary ", "<<: *a\n", "{", "}", "[", "]",
            "-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n", " JSON=", "[AUDIT] ", "— ",
        ].map { Data($0.utf8) } + [Data([0xC3]), Data([0xFF, 0xFE]), Data([0x00]), Data([0xED, 0xA0, 0x80])]

    /// One mutant of a corpus file: one to four mutations stacked.
    func mutant(using random: inout SeededRandom) -> Data {
        var bytes = corpus.randomElement(using: &random) ?? Data()
        for _ in 0..<Int.random(in: 1...4, using: &random) { bytes = mutate(bytes, using: &random) }
        return bytes
    }

    private func mutate(_ input: Data, using random: inout SeededRandom) -> Data {
        var bytes = [UInt8](input)
        let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<9, using: &random) {
        case 0 where !bytes.isEmpty:  // flip bits in a few bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            }
        case 1:  // cut
            bytes = Array(bytes.prefix(at))
        case 2 where at < bytes.count:  // repeat a slice, up to 64 times
            let end = min(bytes.count, at + Int.random(in: 1...256, using: &random))
            let slice = bytes[at..<end]
            bytes.insert(contentsOf: Array(repeating: slice, count: Int.random(in: 1...64, using: &random)).joined(), at: at)
        case 3:  // splice: this file's head, another file's tail
            let other = [UInt8](corpus.randomElement(using: &random) ?? Data())
            let from = other.isEmpty ? 0 : Int.random(in: 0..<other.count, using: &random)
            bytes = Array(bytes.prefix(at)) + other[from...]
        case 4:  // control characters
            let controls: [UInt8] = [0x00, 0x01, 0x07, 0x08, 0x0B, 0x0C, 0x0D, 0x1B, 0x7F, 0x85]
            bytes.insert(
                contentsOf: (0..<Int.random(in: 1...4, using: &random)).map { _ in
                    controls.randomElement(using: &random) ?? 0
                }, at: at)
        case 5:  // a special token
            bytes.insert(contentsOf: Self.tokens.randomElement(using: &random) ?? Data(), at: at)
        case 6:  // deep nesting, JSON or YAML
            let depth = Int.random(in: 100...3000, using: &random)
            let nest = [#"["#, #"{"a":"#, "- ", "[{"].randomElement(using: &random) ?? "["
            bytes.insert(contentsOf: Array(String(repeating: nest, count: depth).utf8), at: at)
        case 7 where at < bytes.count:  // delete a slice
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...512, using: &random)))
        default:  // a random byte
            bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
        }
        return Data(bytes)
    }
}
