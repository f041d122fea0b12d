import EvidenceModel
import Foundation
import Testing

@testable import Collectors

/// Reading an input line by line refuses what decoding it whole refuses, at the same byte, and
/// gives back the same text.
struct InputTextTests {
    private static let inputs: [(String, [UInt8])] = [
        ("plain", Array("one\ntwo\n".utf8)),
        ("no final newline", Array("one\ntwo".utf8)),
        ("byte-order mark and CRLF", UTF8Text.byteOrderMark + Array("é one\r\n\r\nthree\r\n".utf8)),
        ("invalid byte on line 3", Array("one\ntwo\nthr".utf8) + [0xC3, 0x28] + Array("ee\n".utf8)),
        ("invalid byte after a mark", UTF8Text.byteOrderMark + Array("ok\n".utf8) + [0xFF] + Array("\n".utf8)),
        ("character cut at the end", Array("one\n".utf8) + [0xE2, 0x82]),
        ("character cut by a newline", Array("a".utf8) + [0xE2, 0x0A, 0x82, 0xAC] + Array("\n".utf8)),
        ("NUL byte", Array("one\ntw".utf8) + [0] + Array("o\n".utf8)),
        ("blank lines only", Array(" \n\t\n\n".utf8)),
        ("nothing", []),
    ]

    @Test(arguments: inputs.map(\.0))
    func linesAgreeWithTheWholeText(name: String) throws {
        let bytes = try #require(Self.inputs.first { $0.0 == name }).1
        let input = CollectorInput(fileName: "in.log", bytes: Data(bytes), subject: nil, observedAt: Date(timeIntervalSince1970: 0))
        let whole = Result { () throws(CollectionFailure) in try InputText.decode(input) }
        var lines: [String] = []
        let byLine = Result { () throws(CollectionFailure) in
            try InputText.forEachLine(of: input) { line, number, terminated in
                #expect(number == lines.count + 1)
                lines.append(String(line) + (terminated ? "\n" : ""))
            }
        }
        switch (whole, byLine) {
        case (.success(let text), .success): #expect(lines.joined() == text)
        case (.failure(let expected), .failure(let failure)): #expect(failure == expected)
        default: Issue.record("whole: \(whole), by line: \(byLine)")
        }
    }

    /// Text that is only whitespace, by Unicode's rule as a String's characters read it (no-break
    /// space, line separator, a byte-order mark before it), is an empty file; one other character
    /// anywhere is not. The check reads the bytes in place.
    @Test func onlyWhitespaceIsAnEmptyFile() throws {
        let blank = ["", " \n\t", "\u{00A0}\u{2028}\r\n", "\u{FEFF}  "]
        for text in blank {
            let input = CollectorInput(fileName: "in.json", bytes: Data(text.utf8), subject: nil, observedAt: Date(timeIntervalSince1970: 0))
            #expect(throws: CollectionFailure(file: "in.json", location: "line 1", reason: "empty file")) { try InputText.check(input) }
        }
        for text in ["  x", "\u{00A0}\u{2028}é", "\u{FEFF}\n{}"] {
            let input = CollectorInput(fileName: "in.json", bytes: Data(text.utf8), subject: nil, observedAt: Date(timeIntervalSince1970: 0))
            let start = try InputText.check(input)
            #expect(start == (text.hasPrefix("\u{FEFF}") ? 3 : 0))
            #expect(try InputText.decode(input) == String(text.drop { $0 == "\u{FEFF}" }))
        }
    }
}
