import EvidenceModel
import Foundation
import Testing
import VigilTestSupport

@testable import Collectors

/// `JSONDocuments.forEachValue` parses an inventory's array element by element; what it hands over,
/// and how it fails, must be exactly what parsing each document whole gives.
struct JSONValuesOneAtATimeTests {
    static func input(_ text: String, limits: InputLimits = .standard) -> CollectorInput {
        CollectorInput(fileName: "inventory.json", bytes: Data(text.utf8), subject: nil, observedAt: Date(timeIntervalSince1970: 0), limits: limits)
    }

    /// A whole parse, as the collectors did: each document, an array document's elements.
    static func whole(_ input: CollectorInput) -> Result<[String], CollectionFailure> {
        Result { () throws(CollectionFailure) in
            var values: [String] = []
            for document in try JSONDocuments.parse(input) {
                for node in document.value.arrayValue != nil ? try document.elements() : [document] {
                    values.append(node.path + " " + ((try? CanonicalJSON.string(node.value)) ?? "?"))
                }
            }
            return values
        }
    }

    static func oneAtATime(_ input: CollectorInput) -> Result<[String], CollectionFailure> {
        Result { () throws(CollectionFailure) in
            var values: [String] = []
            try JSONDocuments.forEachValue(in: input) { node, held in
                // What is held reads again as the value handed over.
                let again = (try? held.value(in: input)) == node.value ? "" : " (held differs)"
                values.append(node.path + " " + ((try? CanonicalJSON.string(node.value)) ?? "?") + again)
            }
            return values
        }
    }

    static let texts = [
        "\u{FEFF}" + #"{"a": "\u00e9"}"# + "\n" + #"[{"b": [1]}, {"c": {"d": null}}]"#,
        #"[{"KeyMetadata": {"KeyId": "a"}}, {"KeyMetadata": {"KeyId": "b"}}]"#,
        "[\n  {\"a\": [1, 2, {\"b\": \"],[\"}]},\n  \"x\\\"]\",\n  3.5e2, true, null, [] , {}\n]\n",
        "\u{FEFF}[1, 2]",
        "[]",
        " [ ] ",
        #"{"KeyRotationEnabled": true, "KeyId": "a"}"# + "\n" + #"[{"n": 1}]"# + "\n" + #"{"Rotations": []}"#,
        #"[{"s": "\u005d\\"}, "\\\\", "é ✓ 🔑"]"#,
        #"[[["deep"]]]"#,
        "[]\n" + #"{"a": 1}"# + "\n[ ]\n[2, [3]]",
    ]

    @Test(arguments: texts)
    func handsOverWhatAWholeParseGives(text: String) {
        let input = Self.input(text)
        let whole = Self.whole(input)
        #expect((try? whole.get()) != nil, "\(whole)")
        #expect("\(Self.oneAtATime(input))" == "\(whole)")
    }

    static let broken = [
        "[1, 2",  // no end
        "[1,, 2]",
        "[, 1]",
        "[1, 2,]",
        "[1 2]",
        #"[{"a": 1}, {"a": }]"#,  // an element that does not parse
        #"[{"a": 1, "a": 2}]"#,  // a duplicate key
        "[1] x",
        "[1]]",
        #"[{"a": 1}} ]"#,
        "[\"open]",
        "",
        "   ",
    ]

    @Test(arguments: broken)
    func failsAsAWholeParseFails(text: String) {
        let input = Self.input(text)
        let whole = Self.whole(input)
        #expect(throws: (any Error).self) { try whole.get() }
        #expect("\(Self.oneAtATime(input))" == "\(whole)", "\(text)")
    }

    /// An element nested exactly to the limit inside the array is one level too deep for the whole.
    @Test func theNestingLimitCountsTheArray() {
        var limits = InputLimits.standard
        limits.nestingDepth = 3
        for text in ["[[[1]]]", "[[[[1]]]]", "[[1], [[2]]]"] {
            let input = Self.input(text, limits: limits)
            #expect("\(Self.oneAtATime(input))" == "\(Self.whole(input))", "\(text)")
        }
    }

    /// Input bytes that are a slice of a larger buffer (their first index not 0) are held and read
    /// again at the right place.
    @Test func aSlicedInputIsHeldAtTheRightPlace() {
        let text = "\u{FEFF}" + #"[{"a": 1}, {"b": [2, 3]}]"# + "\n" + #"{"c": "d"}"#
        let sliced = Data(("prefix" + text).utf8).dropFirst(6)
        let input = CollectorInput(fileName: "inventory.json", bytes: sliced, subject: nil, observedAt: Date(timeIntervalSince1970: 0))
        #expect(sliced.startIndex == 6)
        #expect("\(Self.oneAtATime(input))" == "\(Self.whole(Self.input(text)))")
    }
}
