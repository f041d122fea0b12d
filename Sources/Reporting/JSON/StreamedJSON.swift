import EvidenceModel

/// A JSON document whose large arrays are made an element at a time while it is written, so a report
/// of a million results never exists whole, neither as a value nor as bytes.
indirect enum StreamedJSON {
    case value(JSONValue)
    case object([String: StreamedJSON])
    /// `count` elements, the i-th made by `element(i)` only when it is written.
    case array(count: Int, element: (Int) -> StreamedJSON)
    /// `count` elements written straight to bytes by `write` (the i-th, at its depth), exactly as
    /// ``PrettyJSON`` prints `value(i)`: for the many small objects of a large report, which as values
    /// were built as dictionaries and sorted by key, one at a time (a fifth of a re-check of 50,000
    /// subjects), and then each wrapped in a value of this type and two closures (a third of the rest).
    case written(count: Int, value: (Int) -> JSONValue, write: (_ element: Int, _ depth: Int, _ out: inout [UInt8]) -> Void)

    /// The whole document as a value: for callers that embed or hash it.
    var materialized: JSONValue {
        switch self {
        case .value(let value): value
        case .object(let members): .object(members.mapValues(\.materialized))
        case .array(let count, let element): .array((0..<count).map { element($0).materialized })
        case .written(let count, let value, _): .array((0..<count).map(value))
        }
    }

    /// Writes the document as ``PrettyJSON`` prints ``materialized``, byte for byte, handing `sink`
    /// a chunk whenever about `chunkSize` bytes are ready, and the rest at the end.
    func write<Failure: Error>(chunkSize: Int, to sink: ([UInt8]) throws(Failure) -> Void) throws(Failure) {
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + 4096)
        try write(depth: 0, into: &out, chunkSize: chunkSize, sink: sink)
        out.append(UInt8(ascii: "\n"))
        try sink(out)
    }

    private func write<Failure: Error>(
        depth: Int, into out: inout [UInt8], chunkSize: Int, sink: ([UInt8]) throws(Failure) -> Void
    ) throws(Failure) {
        // Between an array's elements, whatever is ready goes to `sink` once it fills a chunk.
        func flushed(_ out: inout [UInt8]) throws(Failure) {
            guard out.count >= chunkSize else { return }
            try sink(out)
            out.removeAll(keepingCapacity: true)
        }
        switch self {
        case .value(let value):
            PrettyJSON.write(value, depth: depth, into: &out)
        case .written(let count, _, let write) where count > 0:
            try PrettyJSON.container(.array, count: count, depth: depth, into: &out) { (i, out) throws(Failure) in
                write(i, depth + 1, &out)
                try flushed(&out)
            }
        case .array(let count, let element) where count > 0:
            try PrettyJSON.container(.array, count: count, depth: depth, into: &out) { (i, out) throws(Failure) in
                try element(i).write(depth: depth + 1, into: &out, chunkSize: chunkSize, sink: sink)
                try flushed(&out)
            }
        case .object(let members) where !members.isEmpty:
            let sorted = CanonicalJSON.sortedMembers(members)
            try PrettyJSON.container(.object, count: sorted.count, depth: depth, into: &out) { (i, out) throws(Failure) in
                PrettyJSON.key(sorted[i].key, into: &out)
                try sorted[i].value.write(depth: depth + 1, into: &out, chunkSize: chunkSize, sink: sink)
            }
        case .array, .written:
            out += Array("[]".utf8)
        case .object:
            out += Array("{}".utf8)
        }
    }
}
