import EvidenceModel
import Testing

@testable import Reporting

struct PrettyJSONTests {
    @Test func nestedValuesIndentByTwoSpacesWithSortedKeysAndAFinalNewline() {
        let value: JSONValue = ["b": [1, 2.5, nil], "a": ["z": true, "y": "x"], "c": [], "d": [:]]
        let expected = """
            {
              "a": {
                "y": "x",
                "z": true
              },
              "b": [
                1,
                2.5,
                null
              ],
              "c": [],
              "d": {}
            }

            """
        #expect(PrettyJSON.string(value) == expected)
    }

    @Test func stringsEscapeLikeCanonicalJSONAndKeepNonASCIIRaw() {
        let value: JSONValue = ["k\"ey": "line\nbreak \\ tab\t ü €/"]
        #expect(PrettyJSON.string(value) == "{\n  \"k\\\"ey\": \"line\\nbreak \\\\ tab\\t ü €/\"\n}\n")
    }

    @Test func numbersPrintAsECMAScriptDoes() {
        #expect(PrettyJSON.string(42) == "42\n")
        #expect(PrettyJSON.string(-0.5) == "-0.5\n")
        #expect(PrettyJSON.string(1e21) == "1e+21\n")
    }

    @Test func aNonFiniteNumberPrintsAsNullInsteadOfInvalidJSON() {
        #expect(PrettyJSON.string(.number(.infinity)) == "null\n")
    }
}
