import EvidenceModel
import Foundation
import Testing

@testable import Collectors

struct ExactJSONTests {
    private func decode(_ text: String) -> JSONValue? { ExactJSON.decode(Data(text.utf8)) }

    @Test func valuesDecodeAsJSONValueDoes() {
        let text = #"{"a":[true,false,null,"s",1,-2,0.25,{"b":[]}]}"#
        #expect(decode(text) == (try? JSONValue.parse(Data(text.utf8))))
    }

    @Test(arguments: [
        ("9007199254740992", JSONValue.number(9_007_199_254_740_992)),
        ("9007199254740993", JSONValue.string("9007199254740993")),
        ("-9007199254740993", JSONValue.string("-9007199254740993")),
        ("18446744073709551615", JSONValue.string("18446744073709551615")),
    ])
    func integersBeyondTwoToThe53BecomeExactStrings(literal: String, expected: JSONValue) {
        #expect(decode("[\(literal)]") == .array([expected]))
    }

    @Test func invalidJSONDecodesToNothing() {
        #expect(decode("{") == nil)
    }
}
