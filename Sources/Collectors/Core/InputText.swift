import EvidenceModel
import Foundation

/// The text of an input file, checked before any parser sees it: not empty, UTF-8, not binary.
///
/// Parsers report garbage poorly ("unexpected character at line 1"); naming the first bad byte
/// tells the person that they passed the wrong file. The byte-order mark and UTF-8 rule is the one
/// of every file Vigil reads (``UTF8Text``).
enum InputText {
    static func decode(_ input: CollectorInput) throws(CollectionFailure) -> String {
        let file = input.bytes
        let text: String
        do { text = try UTF8Text.decode(file) } catch { throw input.failure(at: "byte \(error.offset)", error.reason) }
        let nul = file.withUnsafeBytes { bytes -> Int? in
            guard let base = bytes.baseAddress, let found = memchr(base, 0, bytes.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
        if let nul {
            throw input.failure(at: "byte \(nul)", "binary data (NUL byte), expected text")
        }
        if text.allSatisfy(\.isWhitespace) { throw input.failure(at: "line 1", "empty file") }
        return text
    }
}
