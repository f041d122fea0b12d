import Foundation
import Testing

@testable import EvidenceModel

struct UTF8TextTests {
    @Test func leadingByteOrderMarkIsSkipped() throws {
        #expect(try UTF8Text.decode(Data([0xEF, 0xBB, 0xBF]) + Data("a: 1\n".utf8)) == "a: 1\n")
        #expect(try UTF8Text.decode(Data("a: 1\n".utf8)) == "a: 1\n")
    }

    @Test func invalidUTF8IsRefusedNamingTheOffsetInTheFile() {
        #expect(throws: UTF8Text.InvalidByte(offset: 4)) { try UTF8Text.decode(Data("w: w".utf8) + Data([0xFF]) + Data("s\n".utf8)) }
        #expect(throws: UTF8Text.InvalidByte(offset: 7)) {
            try UTF8Text.decode(Data(UTF8Text.byteOrderMark) + Data("w: w".utf8) + Data([0xC3]))
        }
        #expect(UTF8Text.InvalidByte(offset: 7).description == "byte 7: not UTF-8 text (binary file?)")
    }

    @Test func offsetsCountFromTheStartOfASlice() {
        let bytes = (Data("xx".utf8) + Data("ok".utf8) + Data([0x80])).dropFirst(2)
        #expect(throws: UTF8Text.InvalidByte(offset: 2)) { try UTF8Text.decode(bytes) }
    }

    /// Checking in place refuses exactly what decoding refuses, naming the same byte, and says where
    /// the text starts.
    @Test(arguments: [
        Data("a: 1\n".utf8), Data(UTF8Text.byteOrderMark) + Data("é ✓ 🔑".utf8), Data(), Data(UTF8Text.byteOrderMark),
        Data("w: w".utf8) + Data([0xFF]), Data(UTF8Text.byteOrderMark) + Data("w".utf8) + Data([0xC3]),
        Data([0xED, 0xA0, 0x80]), Data([0xF4, 0x90, 0x80, 0x80]), Data([0xC0, 0xAF]),
        (Data("xx".utf8) + Data("ok".utf8) + Data([0x80])).dropFirst(2), (Data("xx".utf8) + Data(UTF8Text.byteOrderMark) + Data("k".utf8)).dropFirst(2),
    ])
    func validatingInPlaceAgreesWithDecoding(bytes: Data) {
        let decoded = Result { () throws(UTF8Text.InvalidByte) in try UTF8Text.decode(bytes) }
        let validated = Result { () throws(UTF8Text.InvalidByte) in try UTF8Text.validate(bytes) }
        switch (decoded, validated) {
        case (.success(let text), .success(let start)): #expect(String(decoding: bytes.dropFirst(start), as: UTF8.self) == text)
        case (.failure(let one), .failure(let other)): #expect(one == other)
        default: Issue.record("decode \(decoded), validate \(validated)")
        }
    }
}
