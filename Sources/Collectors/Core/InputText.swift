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
        if let index = firstInvalidUTF8Index(in: bytes) {
            throw input.failure(at: "byte \(index - file.startIndex)", "not UTF-8 text (binary file?)")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw input.failure(at: "byte \(nul - file.startIndex)", "binary data (NUL byte), expected text")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.allSatisfy(\.isWhitespace) { throw input.failure(at: "line 1", "empty file") }
        return text
    }

    /// The index of the first byte that does not decode as UTF-8, or nil when all of them do.
    private static func firstInvalidUTF8Index(in bytes: Data) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var index = bytes.startIndex
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): index += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return index
            }
        }
    }
}
