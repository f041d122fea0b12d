import EvidenceModel
import Foundation

/// The text of an input file, checked before any parser sees it: not empty, UTF-8, not binary.
///
/// Parsers report garbage poorly ("unexpected character at line 1"); naming the first bad byte
/// tells the person that they passed the wrong file.
enum InputText {
    static func decode(_ input: CollectorInput) throws(CollectionFailure) -> String {
        let file = input.bytes
        var bytes = file[...]
        // A byte-order mark is legal at the start of UTF-8 files written on Windows; parsers choke on it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let offset = UntrustedText.firstInvalidUTF8Offset(in: bytes) {
            throw input.failure(at: "byte \(bytes.startIndex - file.startIndex + offset)", "not UTF-8 text (binary file?)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw input.failure(at: "byte \(nul - file.startIndex)", "binary data (NUL byte), expected text")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.allSatisfy(\.isWhitespace) { throw input.failure(at: "line 1", "empty file") }
        return text
    }
}
