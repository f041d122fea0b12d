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
}
