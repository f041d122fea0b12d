import EvidenceModel
import Foundation

extension JSONDocuments {
    /// ``forEachValue(in:_:)`` of an input read from its file (``CollectorInput/file``), never held
    /// whole: one pass lays the file out (``StreamedJSONLayout``), a second reads each value, parses
    /// it alone and hands it over, held by its place in the file and the digest of its bytes. A
    /// 100k-key inventory's three files were 163 MB of a collect's memory, and a file over
    /// `file_size` could not be collected at all; now only a value is held at a time (at most
    /// `file_size`).
    ///
    /// Values, places and failures are those of the input read whole. A file that is not of the
    /// plain shape (not UTF-8, a document that is not an object or an array, an array that does not
    /// cut cleanly) is read whole and parsed as before, which names its fault; so is an array with
    /// an element that does not parse alone, from that element on.
    static func forEachValue(
        streaming file: StreamedFile, of input: CollectorInput, onlyDocumentOf format: String?,
        _ body: (JSONNode, HeldJSON) throws(CollectionFailure) -> Void
    ) throws(CollectionFailure) {
        let layout: StreamedJSONLayout
        do { layout = try StreamedJSONLayout.of(file) } catch { throw input.failure(at: "", error.reason) }
        guard layout.irregular == nil else {
            let held = try input.heldWhole()
            return try forEachValue(in: held, onlyDocumentOf: format) { node, place throws(CollectionFailure) in
                try body(node, place.inFile(held: held.bytes))
            }
        }
        let documents = layout.documents
        if let format, documents.count > 1 {
            throw input.failure(at: "line \(documents[1].line)", secondDocument(format, holder: "a file"))
        }
        // Nothing is handed over before every value is known to fit in memory.
        for (index, document) in documents.enumerated() {
            for (position, range) in (document.elements ?? [document.range]).enumerated() where range.count > input.limits.fileBytes {
                let root = root(ofDocument: index, of: documents.count)
                let path = document.elements == nil ? root : JSONPath.element(root, position)
                throw input.failure(
                    at: path,
                    "a JSON value of \(range.count) bytes is over the limit of \(InputLimits.size(input.limits.fileBytes)) (limits.file_size in vigil.yaml)")
            }
        }
        var reading = StreamedValues(input: input, documents: documents)
        do throws(StreamedFile.Problem) {
            try file.forEachChunk { chunk in reading.take(chunk, body) }
        } catch {
            if let failure = reading.failure { throw failure }
            throw input.failure(at: "", error.reason)
        }
        if let failure = reading.failure ?? reading.refused { throw failure }
    }
}

/// The second pass of a streamed input: the file's bytes arrive a chunk at a time, and each value
/// of its layout is parsed and handed over once its bytes are all in.
private struct StreamedValues {
    typealias Body = (JSONNode, HeldJSON) throws(CollectionFailure) -> Void
    let input: CollectorInput
    let documents: [StreamedJSONLayout.Document]
    /// A fault of the input (it stops the reading), or the first value `body` refused (the rest is
    /// only parsed then, as a whole parse would: a fault after it wins).
    private(set) var failure: CollectionFailure?
    private(set) var refused: CollectionFailure?
    /// The next value: its document, and its element when the document is an array.
    private var document = 0
    private var element = 0
    /// Bytes of the file from `start` on that a value still needs.
    private var buffer: [UInt8] = []
    private var start = 0
    private var read = 0

    init(input: CollectorInput, documents: [StreamedJSONLayout.Document]) {
        self.input = input
        self.documents = documents
        skipEmptyArrays()
    }

    /// Takes the file's next bytes, handing `body` each value they complete.
    /// - Returns: whether to read on.
    mutating func take(_ chunk: UnsafeRawBufferPointer, _ body: Body) -> Bool {
        buffer.append(contentsOf: chunk.assumingMemoryBound(to: UInt8.self))
        read += chunk.count
        while failure == nil, let value = next(), value.range.upperBound <= read {
            // Parsed and hashed where it lies in the buffer: nothing keeps these bytes but the digest.
            let held = buffer
            held.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[(value.range.lowerBound - start)..<(value.range.upperBound - start)])
                let data = bytes.baseAddress.map { Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: bytes.count, deallocator: .none) }
                hand(data ?? Data(), at: value.range, path: value.path, limits: value.limits, line: value.line, body)
            }
        }
        // What no value needs is let go (values are in file order).
        let needed = next().map { $0.range.lowerBound } ?? read
        if needed - start > buffer.count / 2 || next() == nil {
            buffer.removeFirst(min(buffer.count, needed - start))
            start = min(needed, read)
        }
        return failure == nil
    }

    /// The next value to hand over: its bytes, path, limits and its document's line.
    private func next() -> (range: Range<Int>, path: String, limits: InputLimits, line: Int)? {
        guard document < documents.count else { return nil }
        let current = documents[document]
        let root = JSONDocuments.root(ofDocument: document, of: documents.count)
        guard let elements = current.elements else { return (current.range, root, input.limits, current.line) }
        guard element < elements.count else { return nil }
        // Nested one level less, as inside the array a whole parse would count.
        var limits = input.limits
        limits.nestingDepth -= 1
        return (elements[element], JSONPath.element(root, element), limits, current.line)
    }

    private mutating func advance() {
        if let elements = documents[document].elements, element + 1 < elements.count {
            element += 1
            return
        }
        document += 1
        element = 0
        skipEmptyArrays()
    }

    /// Arrays without elements hand nothing over.
    private mutating func skipEmptyArrays() {
        while document < documents.count, documents[document].elements?.isEmpty == true { document += 1 }
    }

    private mutating func hand(_ bytes: Data, at range: Range<Int>, path: String, limits: InputLimits, line: Int, _ body: Body) {
        let current = documents[document]
        let root = JSONDocuments.root(ofDocument: document, of: documents.count)
        do throws(JSONParseError) {
            let value = try JSONValue.parse(decodedText: bytes, limits: limits)
            give(JSONNode(value: value, path: path, input: input), HeldJSON(file: range, bytes: bytes), body)
            advance()
        } catch {
            guard current.elements != nil else {
                failure = input.failure(at: JSONDocuments.placed(error.location, line: line, root: root), error.reason)
                return
            }
            wholeDocument(current, root: root, from: element, elementFault: (path, error), body)
        }
    }

    /// An element that did not parse alone: its document parsed whole names the fault, as a whole
    /// parse of the input would; should it find none, the document's remaining values come from it.
    private mutating func wholeDocument(
        _ current: StreamedJSONLayout.Document, root: String, from position: Int, elementFault: (path: String, error: JSONParseError),
        _ body: Body
    ) {
        guard current.range.count <= input.limits.fileBytes, let reader = input.reader else {
            let (path, error) = elementFault
            failure = input.failure(at: error.location.hasPrefix("$") ? path + error.location.dropFirst() : path, error.reason)
            return
        }
        do {
            let bytes = try reader.bytes(in: current.range)
            let value = try JSONValue.parse(decodedText: bytes, limits: input.limits)
            for node in try JSONNode(value: value, path: root, input: input).elements().dropFirst(position) { give(node, HeldJSON(node.value), body) }
            element = 0
            document += 1
            skipEmptyArrays()
        } catch let error as JSONParseError {
            failure = input.failure(at: JSONDocuments.placed(error.location, line: current.line, root: root), error.reason)
        } catch let error as StreamedFile.Problem {
            failure = input.failure(at: "", error.reason)
        } catch let error as CollectionFailure {
            failure = error
        } catch {
            failure = input.failure(at: "", "\(error)")
        }
    }

    private mutating func give(_ node: JSONNode, _ held: HeldJSON, _ body: Body) {
        guard refused == nil else { return }
        do throws(CollectionFailure) { try body(node, held) } catch { refused = error }
    }
}
