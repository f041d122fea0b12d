import EvidenceModel
import Foundation

/// Where the documents of a streamed JSON input lie, and the elements of each array document, found
/// in one pass over the file a chunk at a time, never holding it whole.
///
/// Only the plain shape is laid out: UTF-8 text without NUL bytes, each document an object or an
/// array, each array cut cleanly into elements (as ``JSONDocuments/forEachValue(in:_:)`` cuts one in
/// memory). Anything else is ``irregular``: such a file is read whole, under `file_size`, and parsed
/// as before, so that its fault is named exactly as it always was.
struct StreamedJSONLayout {
    struct Document: Equatable {
        /// Its bytes in the file, from its opening bracket to its closing one.
        var range: Range<Int>
        /// The line it starts on.
        let line: Int
        /// Its elements' bytes (trimmed of whitespace), when it is an array; nil for an object.
        var elements: [Range<Int>]?
    }

    private(set) var documents: [Document] = []
    /// Why the file is not of the plain shape; nil while it is.
    private(set) var irregular: String?

    // The walk: the next byte's offset and line, and where it stands.
    private var offset = 0
    private var line = 1
    private var depth = 0
    private var strings = JSONStringTracker()
    private var open: (start: Int, line: Int, isArray: Bool)?
    private var elements: [Range<Int>] = []
    private var elementStart: Int?
    /// The last byte of the current element that is not whitespace.
    private var last = 0
    /// The end of a UTF-8 character cut by the end of the last chunk.
    private var carried: [UInt8] = []

    /// Lays out `file`; the layout is ``irregular`` when the file is not of the plain shape.
    static func of(_ file: StreamedFile) throws(StreamedFile.Problem) -> StreamedJSONLayout {
        var layout = StreamedJSONLayout()
        try file.forEachChunk { chunk in
            layout.take(chunk.assumingMemoryBound(to: UInt8.self))
            return layout.irregular == nil
        }
        layout.finish()
        return layout
    }

    /// Walks the next bytes of the file, in place (a copy of each chunk cost a fresh mapping of
    /// 1 MiB, and its page faults, a chunk).
    mutating func take(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard irregular == nil else { return }
        var from = 0
        if !carried.isEmpty {
            // The character the last chunk cut ends with this one's first continuation bytes.
            while from < chunk.count, from < 3, chunk[from] & 0xC0 == 0x80 { from += 1 }
            let character = carried + chunk[..<from]
            if from == chunk.count, character.count < Self.length(leading: character[0]) {
                carried = character
                return
            }
            carried = []
            guard Self.isUTF8(character[...]) else { return refuse("not UTF-8 text") }
            if offset == 0, character == UTF8Text.byteOrderMark {
                offset = character.count
            } else {
                walk(character[...])
            }
        }
        let cut = Self.end(ofWholeCharactersIn: chunk, from: from)
        let text = UnsafeBufferPointer(rebasing: chunk[from..<cut])
        guard Self.isUTF8(text) else { return refuse("not UTF-8 text") }
        carried = Array(chunk[cut...])
        var bytes = text[...]
        if offset == 0, bytes.starts(with: UTF8Text.byteOrderMark) {
            bytes = bytes.dropFirst(UTF8Text.byteOrderMark.count)
            offset = UTF8Text.byteOrderMark.count
        }
        walk(UnsafeBufferPointer(rebasing: bytes))
    }

    private mutating func walk(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBufferPointer { walk($0) }
    }

    private mutating func walk(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < bytes.count {
            // Within a string, bytes that neither end it nor escape nor break a line change nothing
            // but the element's last byte: passed over (most of an inventory is strings).
            if strings.isInString, !strings.isEscaped {
                let run = index
                while index < bytes.count, case let byte = bytes[index], byte != 0x22, byte != 0x5C, byte != 0x0A, byte != 0 { index += 1 }
                if index > run {
                    offset += index - run
                    last = offset - 1
                    continue
                }
            }
            walk(bytes[index])
            offset += 1
            index += 1
            if irregular != nil { return }
        }
    }

    /// Ends the walk: a document left open makes the file irregular, and so does a file of none.
    mutating func finish() {
        guard irregular == nil else { return }
        if !carried.isEmpty { return refuse("not UTF-8 text") }
        if open != nil { return refuse("a document does not end") }
        if documents.isEmpty { refuse("no document") }
    }

    private mutating func refuse(_ reason: String) {
        if irregular == nil { irregular = reason }
    }

    private mutating func walk(_ byte: UInt8) {
        if byte == UInt8(ascii: "\n") { line += 1 }
        if byte == 0 { return refuse("a NUL byte") }
        let opensAString = !strings.isInString
        if strings.take(byte) {
            guard let open else { return refuse("text outside a document") }
            if open.isArray, depth == 1, opensAString, elementStart == nil { elementStart = offset }
            last = offset
            return
        }
        if JSONDocuments.isWhitespace(byte) { return }
        guard let current = open else {
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") else { return refuse("a document that is not an object or an array") }
            open = (offset, line, byte == UInt8(ascii: "["))
            depth = 1
            (elements, elementStart) = ([], nil)
            return
        }
        if current.isArray, depth == 1 {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
                if let begin = elementStart {
                    elements.append(begin..<(last + 1))
                } else if byte == UInt8(ascii: ",") || !elements.isEmpty {
                    return refuse("an empty element")  // `[,` `[1,,2]` `[1,]`: the parser names these
                }
                elementStart = nil
                if byte == UInt8(ascii: "]") { close(isArray: true) }
                return
            }
            if byte == UInt8(ascii: "}") { return refuse("an unmatched bracket") }
            if elementStart == nil { elementStart = offset }
        }
        if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
            depth += 1
        } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
            depth -= 1
            if depth == 0 { return close(isArray: false) }
        }
        last = offset
    }

    private mutating func close(isArray: Bool) {
        guard let current = open else { return }
        documents.append(Document(range: current.start..<(offset + 1), line: current.line, elements: isArray ? elements : nil))
        open = nil
        depth = 0
        elements = []
    }

    /// How many bytes the UTF-8 character that starts with `byte` has.
    private static func length(leading byte: UInt8) -> Int { byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2 }

    /// Where the last character of `chunk` (from `start`) that it holds whole ends: a character
    /// cut by the chunk's end waits for the next.
    private static func end(ofWholeCharactersIn chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        // A lead byte within the last three bytes whose sequence runs past the end is cut.
        for position in stride(from: chunk.count - 1, through: max(start, chunk.count - 3), by: -1) {
            let byte = chunk[position]
            if byte & 0x80 == 0 { break }  // ASCII: nothing is cut
            guard byte & 0xC0 == 0xC0 else { continue }
            return position + length(leading: byte) > chunk.count ? position : chunk.count
        }
        return chunk.count
    }

    private static func isUTF8(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        do throws(UTF8.ValidationError) {
            _ = try UTF8Span(validating: text.span)
            return true
        } catch {
            return false
        }
    }

    private static func isUTF8(_ text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBufferPointer { isUTF8($0) }
    }
}
