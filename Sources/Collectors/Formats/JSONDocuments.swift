import EvidenceModel
import Foundation

/// The JSON documents of an input: one document, or several written one after another, as shell
/// loops over `aws kms …` or `vault read` write them.
enum JSONDocuments {
    static func parse(_ input: CollectorInput) throws(CollectionFailure) -> [JSONNode] {
        let text = try InputText.decode(input)
        let chunks = split(text)
        var nodes: [JSONNode] = []
        for (index, chunk) in chunks.enumerated() {
            let root = root(ofDocument: index, of: chunks.count)
            let value: JSONValue
            do {
                value = try JSONValue.parse(decodedText: chunk.bytes, limits: input.limits)
            } catch {
                throw input.failure(at: placed(error.location, line: chunk.line, root: root), error.reason)
            }
            nodes.append(JSONNode(value: value, path: root, input: input))
        }
        return nodes
    }

    /// Where paths into document `index` (from 0) of `count` start: `$`, or `document 2 $` when
    /// the input holds several.
    static func root(ofDocument index: Int, of count: Int) -> String {
        count == 1 ? "$" : "document \(index + 1) $"
    }

    /// The one document of a format that holds exactly one (an fwupd, InSpec, OSCAL or MPIC output, an
    /// ARI response): a second document is rejected where it starts, never ignored.
    ///
    static func single(_ input: CollectorInput, of format: String) throws(CollectionFailure) -> JSONNode {
        let text = try InputText.decode(input)
        if let line = lineOfSecondDocument(in: text) {
            throw input.failure(at: "line \(line)", secondDocument(format, holder: "a file"))
        }
        do {
            return JSONNode(value: try JSONValue.parse(decodedText: Data(text.utf8), limits: input.limits), path: "$", input: input)
        } catch {
            throw input.failure(at: error.location, error.reason)
        }
    }

    /// The line where text after the first document starts, or nil when there is none.
    static func lineOfSecondDocument(in text: String) -> Int? {
        let chunks = split(text)
        return chunks.count > 1 ? chunks[1].line : nil
    }

    /// Why text after the one document of `format` is rejected.
    static func secondDocument(_ format: String, holder: String) -> String {
        "a second JSON document (or other text) after the first; \(holder) holds one \(format)"
    }

    /// A place in the document that starts at `line` of the file, as a place in the file: `line 3,
    /// column 7` becomes the line in the whole file, and a JSON path `$.a` starts at the document's
    /// `root` (`document 2 $.a`), as the collectors' own failures do.
    static func placed(_ location: String, line: Int, root: String) -> String {
        if location.hasPrefix("$") { return root + location.dropFirst() }
        guard line > 1, location.hasPrefix("line ") else { return location }
        let rest = location.dropFirst(5)
        let digits = rest.prefix { $0.isNumber }
        guard let inDocument = Int(digits) else { return location }
        return "line \(inDocument + line - 1)" + rest.dropFirst(digits.count)
    }

    /// Cuts the text at the end of each top-level object or array (``documentRanges(_:)``).
    private static func split(_ text: String) -> [(bytes: Data, line: Int)] {
        var text = text
        return text.withUTF8 { bytes in documentRanges(bytes).map { (Data(bytes[$0.range]), $0.line) } }
    }

    /// Where each top-level object or array ends (strings and escapes respected), byte by byte:
    /// every character that matters is ASCII, and whitespace between documents is JSON's (space,
    /// tab, CR, LF). Text that does not start a document is left to the parser to report.
    static func documentRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(range: Range<Int>, line: Int)] {
        do {
            var chunks: [(range: Range<Int>, line: Int)] = []
            var depth = 0
            var strings = JSONStringTracker()
            var line = 1
            var start: Int?
            var startLine = 1
            for (offset, byte) in bytes.enumerated() {
                if byte == UInt8(ascii: "\n") { line += 1 }
                if start == nil, !Self.isWhitespace(byte) {
                    start = offset
                    startLine = line
                }
                if strings.take(byte) {
                    continue
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0, let begin = start {
                        chunks.append((begin..<(offset + 1), startLine))
                        start = nil
                    }
                }
            }
            if let begin = start { chunks.append((begin..<bytes.count, startLine)) }
            return chunks.isEmpty ? [(0..<bytes.count, 1)] : chunks
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
    }
}

/// Whether a walk over JSON bytes is inside a string (escapes respected): every character that
/// matters outside strings is ASCII, so documents and elements are cut byte by byte.
struct JSONStringTracker {
    private(set) var isInString = false
    private(set) var isEscaped = false

    /// Takes the next byte. - Returns: whether it belongs to a string, its quotes included.
    mutating func take(_ byte: UInt8) -> Bool {
        if isInString {
            if isEscaped {
                isEscaped = false
            } else if byte == UInt8(ascii: "\\") {
                isEscaped = true
            } else if byte == UInt8(ascii: "\"") {
                isInString = false
            }
            return true
        }
        isInString = byte == UInt8(ascii: "\"")
        return isInString
    }
}
