import EvidenceModel

/// A JSON document whose large arrays are made an element at a time while it is written, so a report
/// of a million results never exists whole, neither as a value nor as bytes.
indirect enum StreamedJSON {
    case value(JSONValue)
    case object([String: StreamedJSON])
    /// `count` elements, the i-th made by `element(i)` only when it is written.
    case array(count: Int, element: (Int) -> StreamedJSON)
    /// A value written straight to bytes by `write` (at its depth), exactly as ``PrettyJSON`` prints
    /// `value()`: for the many small objects of a large report, which as values were built as
    /// dictionaries and sorted by key, one at a time (a fifth of a re-check of 50,000 subjects).
    case written(value: () -> JSONValue, write: (_ depth: Int, _ out: inout [UInt8]) -> Void)

    /// The whole document as a value: for callers that embed or hash it.
    var materialized: JSONValue {
        switch self {
        case .value(let value): value
        case .object(let members): .object(members.mapValues(\.materialized))
        case .array(let count, let element): .array((0..<count).map { element($0).materialized })
        case .written(let value, _): value()
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
        switch self {
        case .value(let value):
            PrettyJSON.write(value, depth: depth, into: &out)
        case .written(_, let write):
            write(depth, &out)
        case .array(let count, let element) where count > 0:
            try PrettyJSON.container(.array, count: count, depth: depth, into: &out) { (i, out) throws(Failure) in
                try element(i).write(depth: depth + 1, into: &out, chunkSize: chunkSize, sink: sink)
                if out.count >= chunkSize {
                    try sink(out)
                    out.removeAll(keepingCapacity: true)
                }
            }
        case .object(let members) where !members.isEmpty:
            let sorted = CanonicalJSON.sortedMembers(members)
            try PrettyJSON.container(.object, count: sorted.count, depth: depth, into: &out) { (i, out) throws(Failure) in
                PrettyJSON.key(sorted[i].key, into: &out)
                try sorted[i].value.write(depth: depth + 1, into: &out, chunkSize: chunkSize, sink: sink)
            }
        case .array:
            out += Array("[]".utf8)
        case .object:
            out += Array("{}".utf8)
        }
    }
}
