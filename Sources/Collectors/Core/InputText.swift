import EvidenceModel
import Foundation

/// The text of an input file, checked before any parser sees it: not empty, UTF-8, not binary.
///
/// Parsers report garbage poorly ("unexpected character at line 1"); naming the first bad byte
/// tells the person that they passed the wrong file. The byte-order mark and UTF-8 rule is the one
/// of every file Vigil reads (``UTF8Text``).
enum InputText {
    static func decode(_ input: CollectorInput) throws(CollectionFailure) -> String {
        let start = try check(input)
        return String(decoding: input.bytes.dropFirst(start), as: UTF8.self)
    }

    /// Refuses what ``decode(_:)`` refuses, reading the bytes in place.
    /// - Returns: where the text starts in the input's bytes (after a byte-order mark).
    static func check(_ input: CollectorInput) throws(CollectionFailure) -> Int {
        let file = input.bytes
        let start: Int
        do { start = try UTF8Text.validate(file) } catch { throw input.failure(at: "byte \(error.offset)", error.reason) }
        let blank = file.withUnsafeBytes { raw -> (nul: Int?, isBlank: Bool) in
            guard let base = raw.baseAddress else { return (nil, true) }
            if let found = memchr(base, 0, raw.count) { return (base.distance(to: UnsafeRawPointer(found)), false) }
            let text = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[start...])
            // Valid already; read by Character as a String's `allSatisfy(\.isWhitespace)` would.
            let span = UTF8Span(unchecked: text.span)
            var characters = span.makeCharacterIterator()
            while let character = characters.next() {
                if !character.isWhitespace { return (nil, false) }
            }
            return (nil, true)
        }
        if let nul = blank.nul {
            throw input.failure(at: "byte \(nul)", "binary data (NUL byte), expected text")
        }
        if blank.isBlank { throw input.failure(at: "line 1", "empty file") }
        return start
    }
}

extension InputText {
    /// Calls `body` with each line of the input (without its newline), its number, and whether a
    /// newline ended it, refusing what ``decode(_:)`` refuses, but never holding the whole text: a
    /// 128 MB log was held twice, as bytes and as their String. A streamed input (``CollectorInput/file``)
    /// is read a chunk at a time, and a line longer than `limits.document_size` is refused.
    ///
    /// UTF-8 never continues a character across a newline byte, so validating line by line refuses
    /// exactly the files that validating the whole would, naming the same byte; a fault in an
    /// earlier line is reported first, though.
    static func forEachLine(
        of input: CollectorInput, _ body: (_ line: Substring, _ number: Int, _ terminated: Bool) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        var walk = LineWalk(input: input)
        if let file = input.file {
            try walk.stream(file, body)
        } else {
            input.bytes.withUnsafeBytes { walk.walk($0, base: 0, final: true, body) }
        }
        if let failure = walk.failure { throw failure }
        if walk.blank { throw input.failure(at: "line 1", "empty file") }
    }
}

/// Lines read from windows of an input, each window ending at a newline (or the input's end).
private struct LineWalk {
    let input: CollectorInput
    var number = 0
    var blank = true
    var failure: CollectionFailure?

    init(input: CollectorInput) { self.input = input }

    /// Reads `file` a chunk at a time, handing each run of whole lines to ``walk(_:base:final:_:)``.
    mutating func stream(
        _ file: StreamedFile, _ body: (_ line: Substring, _ number: Int, _ terminated: Bool) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        var carry: [UInt8] = []
        var base = 0
        do throws(StreamedFile.Problem) {
            try file.forEachChunk { chunk in
                let last = chunk.lastIndex(of: UInt8(ascii: "\n"))
                carry.append(contentsOf: chunk[..<(last.map { $0 + 1 } ?? 0)])
                if last != nil {
                    carry.withUnsafeBytes { walk($0, base: base, final: false, body) }
                    base += carry.count
                    carry.removeAll(keepingCapacity: true)
                }
                carry.append(contentsOf: chunk[(last.map { $0 + 1 } ?? 0)...])
                if failure == nil, carry.count > input.limits.documentBytes {
                    failure = input.failure(
                        at: "line \(number + 1)",
                        "line is over the limit of \(InputLimits.size(input.limits.documentBytes)) (limits.document_size in vigil.yaml)")
                }
                return failure == nil
            }
        } catch {
            throw input.failure(at: "byte \(base + carry.count)", error.reason)
        }
        if failure == nil { carry.withUnsafeBytes { walk($0, base: base, final: true, body) } }
    }

    /// Hands `body` each line of `window` (which begins at byte `base` of the input and, unless
    /// `final`, ends with a newline), stopping at the first fault.
    mutating func walk(
        _ window: UnsafeRawBufferPointer, base: Int, final: Bool,
        _ body: (_ line: Substring, _ number: Int, _ terminated: Bool) throws(CollectionFailure) -> Void
    ) {
        guard failure == nil else { return }
        let bytes = window.assumingMemoryBound(to: UInt8.self)
        if let start = window.baseAddress, let nul = memchr(start, 0, window.count) {
            failure = input.failure(at: "byte \(base + start.distance(to: UnsafeRawPointer(nul)))", "binary data (NUL byte), expected text")
            return
        }
        var start = base == 0 && bytes.starts(with: UTF8Text.byteOrderMark) ? UTF8Text.byteOrderMark.count : 0
        while start < bytes.count {
            number += 1
            let rest = UnsafeRawBufferPointer(rebasing: window[start...])
            let end = rest.baseAddress.flatMap { from in
                memchr(from, Int32(UInt8(ascii: "\n")), rest.count).map { start + from.distance(to: UnsafeRawPointer($0)) }
            }
            let lineBytes = UnsafeBufferPointer(rebasing: bytes[start..<(end ?? bytes.count)])
            guard let line = String(validating: lineBytes, as: UTF8.self) else {
                let offset = base + start + (UntrustedText.firstInvalidUTF8Offset(in: Data(lineBytes)) ?? 0)
                failure = input.failure(at: "byte \(offset)", UTF8Text.InvalidByte(offset: offset).reason)
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
}
