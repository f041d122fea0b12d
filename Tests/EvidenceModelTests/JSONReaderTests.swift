import Foundation
import Testing
import VigilTestSupport

@testable import EvidenceModel

/// The one JSON parser agrees with JSONDecoder on everything valid, and refuses, with a place, what
/// tools disagree on or what would exhaust the machine.
struct JSONReaderTests {
    /// Bytes known to be UTF-8 (the index's records) read to the same values without checking each
    /// string: multi-byte characters, escapes and surrogate pairs around and between them.
    @Test func knownUTF8BytesReadToTheSameValues() throws {
        let pieces = ["a", "é", "€", "𝄞", "\\n", "\\\"", "\\u00e9", "\\ud834\\udd1e", "x y", String(repeating: "k", count: 20)]
        var random = SeededRandom(seed: 3629)
        var state = random.next()
        for _ in 0..<1_000 {
            var text = "{"
            for member in 0..<Int(state % 5) {
                var value = ""
                for _ in 0..<Int(state % 6) {
                    state = random.next()
                    value += pieces[Int(state >> 33) % pieces.count]
                }
                text += (member > 0 ? "," : "") + "\"k\(member)\(pieces[member])\":[\"\(value)\",1.5]"
            }
            state = random.next()
            let data = Data((text + "}").utf8)
            let checked = try JSONValue.parse(data, limits: .standard, bigIntegers: .double)
            #expect(try JSONValue.parse(data, limits: .standard, bigIntegers: .double, knownUTF8: true) == checked, "\(text)")
        }
    }

    /// Text a collector already decoded reads as the same values (big integers kept exact), its
    /// strings not checked again.
    /// Strings are scanned eight bytes at a time for the end of a run that needs no escape: an escape
    /// (and a raw control character, refused) at every place in and around a word reads as it should.
    @Test func escapesAndControlCharactersAreFoundWhereverTheyFall() throws {
        for special in ["\"", "\\", "\n", "\u{1f}", "\u{7f}", "é", " "] {
            for length in [1, 7, 8, 9, 16, 17, 24] {
                for place in 0..<length {
                    var characters = Array(repeating: "x", count: length)
                    characters[place] = special
                    let text = characters.joined()
                    let written = try CanonicalJSON.string(.string(text))
                    #expect(try JSONValue.parse(Data(written.utf8)) == .string(text), "\(written)")
                    #expect(try JSONValue.parse(Data(written.utf8), limits: .standard, bigIntegers: .double, knownUTF8: true) == .string(text))
                    let raw =
                        Data("\"".utf8) + Data(Array(repeating: UInt8(ascii: "x"), count: place)) + Data([0x01])
                        + Data(Array(repeating: UInt8(ascii: "x"), count: length - place)) + Data("\"".utf8)
                    #expect(throws: (any Error).self, "a raw control character at \(place)") { try JSONValue.parse(raw) }
                }
            }
        }
    }

    @Test func decodedTextReadsAsTheBytesDo() throws {
        let text = #"{"n": 123456789012345678901, "s": "é€𝄞\n", "a": [1.5, true, null]}"#
        #expect(try JSONValue.parse(decodedText: Data(text.utf8)) == JSONValue.parse(Data(text.utf8)))
        #expect(try JSONValue.parse(decodedText: Data(text.utf8))["n"] == "123456789012345678901")
    }

    /// A skipped top-level member is read as JSON, not built: it comes back hollow, the rest as ever;
    /// broken JSON or invalid UTF-8 inside it is still refused.
    @Test func skippedMembersAreCheckedButNotBuilt() throws {
        let text = #"{"a":"x","data":{"k":[1,{"n":"\u00e9"}],"s":"long enough to be allocated"},"list":[1],"z":{"q":2}}"#
        let read = try JSONValue.parse(Data(text.utf8), limits: .standard, bigIntegers: .double, skipping: ["data", "list"])
        #expect(read == ["a": "x", "data": .object([:]), "list": .array([]), "z": ["q": 2]])
        for broken in [#"{"data":{"k":[1,}}"#, #"{"data":{"k":"\q"}}"#, #"{"data":[1.]}"#, #"{"data":{"k":1}"#] {
            #expect(throws: JSONParseError.self, "\(broken)") {
                try JSONValue.parse(Data(broken.utf8), limits: .standard, bigIntegers: .double, skipping: ["data"])
            }
        }
        var invalid = Data(#"{"data":{"k":""#.utf8)
        invalid.append(contentsOf: [0xC3, 0x28])
        invalid.append(contentsOf: Data(#""}}"#.utf8))
        #expect(throws: JSONParseError.self) {
            try JSONValue.parse(invalid, limits: .standard, bigIntegers: .double, skipping: ["data"])
        }
        // Only the top level's members are skipped: one of the same name deeper down is built.
        let nested = try JSONValue.parse(Data(#"{"z":{"data":[1]}}"#.utf8), limits: .standard, bigIntegers: .double, skipping: ["data"])
        #expect(nested == ["z": ["data": [1]]])
    }

    /// Only the kept members of the top-level `data` object are built, each whole; the others are
    /// read, checked and left out. Other members, and `data` objects deeper down, are built as ever.
    @Test func onlyTheKeptMembersOfDataAreBuilt() throws {
        let text =
            #"{"a":{"x":1},"data":{"k":[1,{"n":"\u00e9"}],"keep.dotted":true,"keep":{"deep":{"x":[2]}},"s":"left out"},"#
            + #""z":{"data":{"k":2,"s":3}}}"#
        let read = try JSONValue.parse(Data(text.utf8), limits: .standard, bigIntegers: .double, dataMembers: .only(["keep", "keep.dotted", "absent"]))
        #expect(
            read == [
                "a": ["x": 1], "data": ["keep.dotted": true, "keep": ["deep": ["x": [2]]]], "z": ["data": ["k": 2, "s": 3]],
            ])
        let allBut = try JSONValue.parse(Data(text.utf8), limits: .standard, bigIntegers: .double, dataMembers: .allBut(["k", "s"]))
        #expect(allBut == read)
        let none = try JSONValue.parse(Data(text.utf8), limits: .standard, bigIntegers: .double, dataMembers: .only([]))
        #expect(none["data"] == .object([:]))
        #expect(try JSONValue.parse(Data(text.utf8), limits: .standard, bigIntegers: .double, dataMembers: nil) == JSONValue.parse(Data(text.utf8)))
        // A member left out is still JSON that is checked.
        #expect(throws: JSONParseError.self) {
            try JSONValue.parse(Data(#"{"data":{"k":[1,],"keep":1}}"#.utf8), limits: .standard, bigIntegers: .double, dataMembers: .only(["keep"]))
        }
    }

    /// Two readers of the same records build what either needs.
    @Test func dataMembersUniteAsSetsDo() {
        let members = ["a", "b", "c", "d"]
        let cases: [DataMembers] = [.only([]), .only(["a", "b"]), .only(["b", "c"]), .allBut([]), .allBut(["a"]), .allBut(["a", "c"])]
        for x in cases {
            for y in cases {
                let union = x.union(y)
                for member in members { #expect(union.contains(member) == (x.contains(member) || y.contains(member)), "\(x) ∪ \(y): \(member)") }
            }
        }
        #expect(DataMembers.allBut([]).isAll && !DataMembers.allBut(["a"]).isAll && !DataMembers.only(["a"]).isAll)
    }

    private func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func agrees(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let read = try? JSONValue.parse(Data(text.utf8), limits: .standard, bigIntegers: .double)
        #expect(read != nil, "refused \(text)", sourceLocation: sourceLocation)
        #expect(read == decoded(text), "\(text)", sourceLocation: sourceLocation)
    }

    private func refusal(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONValue.parse(Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"])
    func rfc8785InputsReadAsJSONDecoderReadsThem(file: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Vectors/jcs/input/\(file)", withExtension: nil))
        let data = try Data(contentsOf: url)
        #expect(try JSONValue.parse(data) == (try JSONDecoder().decode(JSONValue.self, from: data)))
    }

    @Test func valuesEscapesAndNumbers() throws {
        for text in [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, " [ 1 , 2 ]\n", #""plain""#, "0", "-0", "-12.5e+3", "1E-7",
            "123456789012345678901234567890", "0.1", #"{}"#, "[]", #"[{}, []]"#,
            #""\" \\ \/ \b \f \n \r \t""#, #""\u00e9\u20ac\ud83d\ude00 mixed é €""#, #""\u0000""#, #""a\u0041b""#,
        ] {
            agrees(text)
        }
        #expect(try JSONValue.parse(Data(#"{"k":"\ud83d\ude00"}"#.utf8)) == .object(["k": .string("😀")]))
    }

    @Test func syntaxErrorsAreNamedByLineAndColumn() {
        let refused = [
            " ", "01", "1.", ".5", "+1", "-", "1e", "1e+", "tru", "nul", #"{"a" 1}"#, "[1,]", "[1 2]", #"{"a":1,}"#,
            "\"tab\there\"", #""\x""#, #""\u12""#, "[1] x", "\"open",
        ]
        for text in refused {
            let error = refusal(text)
            #expect(error?.location.hasPrefix("line 1") == true, "input: [\(text)] \(String(describing: error))")
        }
        #expect(refusal("{\"a\": 1,\n  \"b\": tru }") == JSONParseError(location: "line 2, column 8", reason: "expected true, found 'tru'"))
        #expect(refusal("[1] x") == JSONParseError(location: "line 1, column 5", reason: "text after the end of the document"))
    }

    /// jq, Go and Python keep the last value where Foundation kept the first; a repeat of the same value
    /// (InSpec writes some) means the same to all of them.
    @Test func duplicateKeysAreRefusedNamingTheObjectAndTheKey() throws {
        #expect(try JSONValue.parse(Data(#"{"a": {"b": 1}, "a": {"b": 1}}"#.utf8)) == ["a": ["b": 1]])
        #expect(refusal(#"{"a":1,"a":2}"#) == JSONParseError(location: "$", reason: "duplicate key 'a' with another value (tools disagree on which counts)"))
        let nested = refusal(#"{"data": [{"x": 1}, {"name": "a", "y": {}, "name": "b"}]}"#)
        #expect(nested?.location == "$.data[1]")
        #expect(nested?.reason.hasPrefix("duplicate key 'name'") == true)
    }

    @Test func nonFiniteNumbersAreRefusedAtTheirPath() {
        #expect(
            refusal(#"{"a": {"b": [0, 1e400]}}"#)
                == JSONParseError(location: "$.a.b[1]", reason: "number 1e400 is out of range (beyond ±1.8e308, the largest number JSON tools hold)"))
    }

    @Test func loneSurrogatesAndInvalidUTF8AreRefused() {
        #expect(refusal(#"["\ud83d"]"#)?.reason.hasPrefix("lone surrogate") == true)
        #expect(refusal(#"["\ude00x"]"#)?.reason.hasPrefix("lone surrogate") == true)
        let invalid = try? JSONValue.parse(Data([0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D]))
        #expect(invalid == nil)
    }

    @Test(arguments: [
        ("9007199254740992", JSONValue.number(9_007_199_254_740_992)),
        ("-9007199254740992", JSONValue.number(-9_007_199_254_740_992)),
        ("9007199254740993", JSONValue.string("9007199254740993")),
        ("-9007199254740993", JSONValue.string("-9007199254740993")),
        ("18446744073709551616", JSONValue.string("18446744073709551616")),
        ("1234567890123456", JSONValue.number(1_234_567_890_123_456)),
        ("18446744073709551616.0", JSONValue.number(18_446_744_073_709_551_616)),
        ("1e20", JSONValue.number(1e20)),
    ])
    func integersBeyondTwoToThe53AreKeptAsTheirExactText(literal: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(Data("[\(literal)]".utf8)) == .array([expected]))
        #expect(expected.isExactIntegerText == (expected.stringValue != nil))
    }

    @Test func recordsReadBigIntegersBackAsTheDoublesTheyWereWrittenFrom() throws {
        let value = try JSONValue.parse(Data("[100000000000000000000]".utf8), limits: .standard, bigIntegers: .double)
        #expect(value == [1e20])
    }

    @Test func nestingAndStringLengthAreBounded() {
        var limits = InputLimits()
        limits.nestingDepth = 3
        limits.stringBytes = 4
        let deep = try? JSONValue.parse(Data("[[[1]]]".utf8), limits: limits)
        #expect(deep == [[[1]]])
        #expect(throws: JSONParseError(location: "$[0][0][0]", reason: "nested deeper than 3 levels")) {
            try JSONValue.parse(Data("[[[[1]]]]".utf8), limits: limits)
        }
        #expect(throws: JSONParseError(location: "$.k", reason: "string of 5 bytes is longer than the limit of 4 bytes")) {
            try JSONValue.parse(Data(#"{"k": "12345"}"#.utf8), limits: limits)
        }
        let hostile = Data(String(repeating: "[", count: 100_000).utf8)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(hostile) }
    }

    /// Records are read back at the deepest nesting any configuration allows, on a worker thread's stack.
    @Test func theDeepestAllowedNestingFitsTheStack() throws {
        let depth = InputLimits.deepestNesting
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue.parse(Data(text.utf8), limits: .storedRecords, bigIntegers: .double) != .null)
    }

    @Test func aStoredRecordReadsBackIdentically() throws {
        let record = EvidenceRecord(
            kind: "key", subject: "key:k1", observedAt: Date(timeIntervalSince1970: 1_764_000_000.25), collector: "aws-kms",
            origin: .observed, source: EvidenceSource(name: "k1 \"é\".json", sha256: String(repeating: "a", count: 64)),
            data: ["n": 1.5, "s": "line\nbreak \u{1F600}", "list": [true, nil, -0.0], "big": 1e20])
        #expect(try EvidenceRecord(canonicalData: record.canonicalData) == record)
    }
}
