import Foundation
import Testing

@testable import EvidenceModel

/// The fast record reader must agree with JSONDecoder on everything it accepts, and hand back the rest.
struct RecordJSONReaderTests {
    private func decoded(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    private func agrees(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = RecordJSONReader.read(Data(text.utf8))
        #expect(fast != nil, "fast reader gave up on \(text)", sourceLocation: sourceLocation)
        #expect(fast == decoded(text), "\(text)", sourceLocation: sourceLocation)
    }

    @Test(arguments: ["arrays.json", "french.json", "structures.json", "unicode.json", "values.json", "weird.json"])
    func rfc8785InputsReadAsJSONDecoderReadsThem(file: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Vectors/jcs/input/\(file)", withExtension: nil))
        let data = try Data(contentsOf: url)
        #expect(RecordJSONReader.read(data) == (try JSONDecoder().decode(JSONValue.self, from: data)))
    }

    @Test func valuesEscapesAndNumbers() {
        for text in [
            #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, " [ 1 , 2 ]\n", #""plain""#, "0", "-0", "-12.5e+3", "1E-7",
            "123456789012345678901234567890", "0.1", #"{}"#, "[]", #"[{}, []]"#,
            #""\" \\ \/ \b \f \n \r \t""#, #""\u00e9\u20ac\ud83d\ude00 mixed é €""#, #""\u0000""#, #""a\u0041b""#,
        ] {
            agrees(text)
        }
        #expect(RecordJSONReader.read(Data(#"{"k":"\ud83d\ude00"}"#.utf8)) == .object(["k": .string("😀")]))
    }

    @Test func anythingUnusualIsLeftToTheFullParser() {
        let refused = [
            "", " ", "01", "1.", ".5", "+1", "-", "1e", "1e+", "1e400", "tru", "nul", #"{"a":1,"a":2}"#, #"{"a" 1}"#,
            "[1,]", "[1 2]", #"{"a":1,}"#, "\"tab\there\"", #""\x""#, #""\ud83d""#, #""\ude00""#, #""\u12""#, "[1] x", "\"open",
        ]
        for text in refused {
            #expect(RecordJSONReader.read(Data(text.utf8)) == nil, "input: [\(text)]")
        }
        #expect(RecordJSONReader.read(Data([0x22, 0xC3, 0x28, 0x22])) == nil)  // invalid UTF-8 is never repaired
    }

    @Test func aStoredRecordReadsBackIdentically() throws {
        let record = EvidenceRecord(
            kind: "key", subject: "key:k1", observedAt: Date(timeIntervalSince1970: 1_764_000_000.25), collector: "aws-kms",
            origin: .observed, source: EvidenceSource(name: "k1 \"é\".json", sha256: String(repeating: "a", count: 64)),
            data: ["n": 1.5, "s": "line\nbreak \u{1F600}", "list": [true, nil, -0.0]])
        let bytes = record.canonicalData
        #expect(RecordJSONReader.read(bytes) == (try JSONValue.parse(bytes)))
        #expect(try EvidenceRecord(canonicalData: bytes) == record)
    }
}
