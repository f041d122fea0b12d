import EvidenceModel
import Foundation

extension JSONDocuments {
    /// Each value of an inventory, one at a time: every document of the input, an array document
    /// element by element, each parsed alone and handed to `body` before the next is read, with
    /// where to read it again (``HeldJSON``). A parsed tree costs several times its text, and a
    /// 100k-key inventory parsed as one tree was most of a collect's memory.
    ///
    /// Places are those of a whole parse (`$[3]`, `document 2 $[3]`), and so are failures: an array
    /// that does not cut cleanly into elements, or an element that does not parse alone, has its
    /// document parsed whole, which names the fault as ``parse(_:)`` does. A whole parse reports a
    /// syntax error anywhere in the file before anything is read from it: once `body` refuses a
    /// value, the rest is only parsed, and a fault there wins.
    ///
    /// An input read from its file is never held whole (``forEachValue(streaming:of:onlyDocumentOf:_:)``).
    ///
    /// - Parameter format: given for a format whose file holds one document (an MPIC response
    ///   array): a second is refused where it starts, before any value is handed over.
    static func forEachValue(
        in input: CollectorInput, onlyDocumentOf format: String? = nil, _ body: (JSONNode, HeldJSON) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        if let file = input.file { return try forEachValue(streaming: file, of: input, onlyDocumentOf: format, body) }
        // Checked as text once; the text read is then the input's own bytes after any byte-order
        // mark, so that what is held points into bytes the run holds anyway.
        let skipped = try InputText.check(input)
        if let format,
            case let documents = input.bytes.withUnsafeBytes({ raw in
                documentRanges(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[skipped...]))
            }), documents.count > 1
        {
            throw input.failure(at: "line \(documents[1].line)", secondDocument(format, holder: "a file"))
        }
        // Nested one level less, as inside the array a whole parse would count.
        var elementLimits = input.limits
        elementLimits.nestingDepth -= 1
        let failure = input.bytes.withUnsafeBytes { raw -> CollectionFailure? in
            let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[skipped...])
            // Ranges below count from the text's start; the input's bytes start `skipped` earlier.
            func inInput(_ range: Range<Int>) -> Range<Int> { (skipped + range.lowerBound)..<(skipped + range.upperBound) }
            func text(_ range: Range<Int>) -> Data { input.bytes.dropFirst(inInput(range).lowerBound).prefix(range.count) }
            var refused: CollectionFailure?
            func hand(_ node: JSONNode, _ held: HeldJSON) {
                guard refused == nil else { return }
                do throws(CollectionFailure) { try body(node, held) } catch { refused = error }
            }
            do throws(CollectionFailure) {
                let documents = documentRanges(bytes)
                for (index, document) in documents.enumerated() {
                    let root = root(ofDocument: index, of: documents.count)
                    func whole() throws(CollectionFailure) -> JSONNode {
                        do {
                            let value = try JSONValue.parse(decodedText: text(document.range), limits: input.limits)
                            return JSONNode(value: value, path: root, input: input)
                        } catch {
                            throw input.failure(at: placed(error.location, line: document.line, root: root), error.reason)
                        }
                    }
                    guard let elements = elementRanges(bytes, in: document.range) else {
                        let node = try whole()
                        if node.value.arrayValue == nil {
                            hand(node, HeldJSON(bytes: inInput(document.range)))
                        } else {
                            for element in try node.elements() { hand(element, HeldJSON(element.value)) }
                        }
                        continue
                    }
                    for (position, element) in elements.enumerated() {
                        guard let value = try? JSONValue.parse(decodedText: text(element), limits: elementLimits) else {
                            // The whole parse names the fault; should it find none, the rest comes from it.
                            for node in try whole().elements().dropFirst(position) { hand(node, HeldJSON(node.value)) }
                            break
                        }
                        let node = JSONNode(value: value, path: JSONPath.element(root, position), input: input)
                        hand(node, HeldJSON(bytes: inInput(element)))
                    }
                }
                return refused
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }

    /// The byte ranges of the elements of the array `document` (trimmed of whitespace), or nil when
    /// it is not an array that cuts cleanly: an empty element, text after its end, or no end.
    private static func elementRanges(_ bytes: UnsafeBufferPointer<UInt8>, in document: Range<Int>) -> [Range<Int>]? {
        guard let open = document.first, bytes[open] == UInt8(ascii: "[") else { return nil }
        var elements: [Range<Int>] = []
        var depth = 0
        var strings = JSONStringTracker()
        var start: Int?
        var last = open  // the last byte of the current element that is not whitespace
        var offset = open + 1
        while offset < document.upperBound {
            let byte = bytes[offset]
            defer { offset += 1 }
            let opensAString = !strings.isInString
            if strings.take(byte) {
                if opensAString, start == nil { start = offset }
                last = offset
                continue
            }
            if isWhitespace(byte) { continue }
            if depth == 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
                if let begin = start {
                    elements.append(begin..<(last + 1))
                } else if byte == UInt8(ascii: ",") || !elements.isEmpty {
                    return nil  // `[,` `[1,,2]` `[1,]`: the parser names these
                }
                start = nil
                if byte == UInt8(ascii: "]") {
                    // Only whitespace may follow the array's end within its document.
                    let rest = bytes[(offset + 1)..<document.upperBound]
                    return rest.allSatisfy(isWhitespace) ? elements : nil
                }
                continue
            }
            if start == nil { start = offset }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth < 0 { return nil }
            }
            last = offset
        }
        return nil
    }
}
