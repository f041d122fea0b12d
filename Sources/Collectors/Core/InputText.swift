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

extension InputText {
    /// Calls `body` with each line of the input (without its newline), its number, and whether a
    /// newline ended it, refusing what ``decode(_:)`` refuses, but never holding the whole text: a
    /// 128 MB log was held twice, as bytes and as their String.
    ///
    /// UTF-8 never continues a character across a newline byte, so validating line by line refuses
    /// exactly the files that validating the whole would, naming the same byte; a fault in an
    /// earlier line is reported first, though.
    static func forEachLine(
        of input: CollectorInput, _ body: (_ line: Substring, _ number: Int, _ terminated: Bool) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        var failure: CollectionFailure?
        var blank = true
        input.bytes.withUnsafeBytes { (file: UnsafeRawBufferPointer) in
            let bytes = file.assumingMemoryBound(to: UInt8.self)
            if let base = file.baseAddress, let nul = memchr(base, 0, file.count) {
                failure = input.failure(at: "byte \(base.distance(to: UnsafeRawPointer(nul)))", "binary data (NUL byte), expected text")
                return
            }
            var start = bytes.starts(with: UTF8Text.byteOrderMark) ? UTF8Text.byteOrderMark.count : 0
            var number = 0
            while start < bytes.count {
                number += 1
                let rest = UnsafeRawBufferPointer(rebasing: file[start...])
                let end = rest.baseAddress.flatMap { base in
                    memchr(base, Int32(UInt8(ascii: "\n")), rest.count).map { start + base.distance(to: UnsafeRawPointer($0)) }
                }
                let lineBytes = UnsafeBufferPointer(rebasing: bytes[start..<(end ?? bytes.count)])
                guard let line = String(validating: lineBytes, as: UTF8.self) else {
                    let offset = UntrustedText.firstInvalidUTF8Offset(in: Data(lineBytes)) ?? 0
                    failure = input.failure(at: "byte \(start + offset)", UTF8Text.InvalidByte(offset: start + offset).reason)
                    return
                }
                if blank, !line.allSatisfy(\.isWhitespace) { blank = false }
                do throws(CollectionFailure) { try body(Substring(line), number, end != nil) } catch {
                    failure = error
                    return
                }
                guard let end else { break }
                start = end + 1
            }
        }
        if let failure { throw failure }
        if blank { throw input.failure(at: "line 1", "empty file") }
    }
}
