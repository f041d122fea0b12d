import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceModel

struct CanonicalJSONTests {
    static let vectorNames = ["arrays", "french", "structures", "unicode", "values", "weird"]

    static func vector(_ folder: String, _ file: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Vectors/jcs/\(folder)/\(file)", withExtension: nil))
        return try Data(contentsOf: url)
    }

    @Test(arguments: vectorNames)
    func rfc8785VectorCanonicalizesToExpectedBytes(name: String) throws {
        let input = try JSONValue.parse(try Self.vector("input", "\(name).json"))
        let expected = try Self.vector("output", "\(name).json")
        #expect(try CanonicalJSON.data(input) == expected)
    }

    @Test(arguments: vectorNames)
    func expectedOutputMatchesItsHexForm(name: String) throws {
        let hex = String(decoding: try Self.vector("outhex", "\(name).txt"), as: UTF8.self)
        let bytes = hex.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
        #expect(Data(bytes) == (try Self.vector("output", "\(name).json")))
    }

    @Test func es6NumberSamplesFromTheRFCAuthorSerializeExactly() throws {
        let csv = String(decoding: try Self.vector("", "es6-number-samples.csv"), as: UTF8.self)
        var checked = 0
        for line in csv.split(separator: "\n") {
            let fields = line.split(separator: ",")
            let bits = try #require(UInt64(fields[0], radix: 16))
            #expect(try ES6Number.string(Double(bitPattern: bits)) == String(fields[1]), "\(line)")
            checked += 1
        }
        #expect(checked == 7)
    }

    @Test(arguments: [
        (1.0, "1"), (-1.5, "-1.5"), (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"), (0.000001, "0.000001"), (123456789.125, "123456789.125"), (Double(bitPattern: 1), "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (-0.0, "0"), (0.1, "0.1"), (333333333.3333333, "333333333.3333333"),
    ])
    func numbersFollowECMAScriptToString(value: Double, expected: String) throws {
        #expect(try ES6Number.string(value) == expected)
    }

    @Test func nonFiniteNumbersAreRejected() {
        #expect(throws: CanonicalJSON.Failure.nonFiniteNumber) { try CanonicalJSON.data(.number(.nan)) }
        #expect(throws: CanonicalJSON.Failure.nonFiniteNumber) { try CanonicalJSON.data(.number(.infinity)) }
    }

    /// Members sort by UTF-16 code units whichever comparison is used: byte order for keys within
    /// the BMP, UTF-16 as soon as one key holds a character beyond it (U+10000 sorts before U+E000).
    @Test func membersSortByUTF16CodeUnitsWithAndWithoutSupplementaryCharacters() {
        let pieces = ["a", "B", "_", "é", "\u{E000}", "\u{FFFD}", "𝄞", "😀", "1", "z"]
        var random = SeededRandom(seed: 1616)
        var state = random.next()
        for round in 0..<500 {
            var members: [String: JSONValue] = [:]
            for _ in 0..<8 {
                var key = ""
                for _ in 0..<3 {
                    state = random.next()
                    // Half the rounds stay within the BMP, taking the byte-order path.
                    let choices = round % 2 == 0 ? pieces.filter { $0.unicodeScalars.first!.value < 0x10000 } : pieces
                    key += choices[Int(state >> 33) % choices.count]
                }
                members[key] = .number(Double(members.count))
            }
            let expected = members.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
            #expect(CanonicalJSON.sortedMembers(members).map(\.key) == expected)
        }
        #expect(CanonicalJSON.sortedMembers(["\u{E000}": JSONValue.null, "😀": .null]).map(\.key) == ["😀", "\u{E000}"])
    }

    /// Escaping copies the runs between escapes: escapes first, last, adjacent, and in strings long
    /// and short agree with escaping byte by byte.
    @Test func escapesAgreeWithAByteByByteEscaperWhereverTheyFall() throws {
        func reference(_ text: String) -> String {
            var out: [UInt8] = [0x22]
            for byte in text.utf8 {
                let short: [UInt8: Character] = [0x22: "\"", 0x5C: "\\", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0C: "f", 0x0D: "r"]
                if let letter = short[byte] {
                    out += [0x5C] + Array(String(letter).utf8)
                } else if byte < 0x20 {
                    out += Array(String(format: "\\u%04x", byte).utf8)
                } else {
                    out.append(byte)
                }
            }
            return String(decoding: out + [0x22], as: UTF8.self)
        }
        let pieces = ["\"", "\\", "\n", "\u{0}", "\u{1f}", "a", "é", "€", "𝄞", String(repeating: "x", count: 40)]
        var random = SeededRandom(seed: 8785)
        var state = random.next()
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(state % 7) {
                state = random.next()
                text += pieces[Int(state >> 33) % pieces.count]
            }
            state = random.next()
            #expect(try CanonicalJSON.string(.string(text)) == reference(text), "\(Array(text.utf8))")
        }
        // Strings are scanned eight bytes at a time: each byte that needs an escape (and its
        // neighbours that do not) at every place in and around a word.
        for special in ["\"", "\\", "\u{0}", "\u{1f}", " ", "!", "#", "[", "]", "\u{7f}", "é"] {
            for length in [1, 7, 8, 9, 16, 17, 24] {
                for place in 0..<length {
                    var text = Array(repeating: "x", count: length)
                    text[place] = special
                    let string = text.joined()
                    var appended: [UInt8] = []
                    CanonicalJSON.append(string: string, to: &appended)
                    #expect(String(decoding: appended, as: UTF8.self) == reference(string), "\(special) at \(place) of \(length)")
                }
            }
        }
    }

    @Test func controlCharactersAreEscapedInLowercaseHexAndOthersStayRaw() throws {
        let value: JSONValue = .string("a\u{1}\u{1f}\"\\\n\u{7f}é€")
        #expect(try CanonicalJSON.string(value) == "\"a\\u0001\\u001f\\\"\\\\\\n\u{7f}é€\"")
    }

    @Test func keysSortByUTF16CodeUnitsNotScalars() throws {
        // U+1F600 (surrogates D83D DE00) sorts before U+FB33 in UTF-16 but after it by scalar value.
        let value: JSONValue = .object(["\u{FB33}": 1, "\u{1F600}": 2, "a": 3])
        #expect(try CanonicalJSON.string(value) == "{\"a\":3,\"\u{1F600}\":2,\"\u{FB33}\":1}")
    }
}
