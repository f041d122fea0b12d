import Foundation

/// Appends counts, strings, row numbers and dates as bytes that ``ByteReader`` reads back exactly:
/// for caches this build writes and reads, never for a public format.
package struct ByteWriter {
    package private(set) var bytes: [UInt8] = []
    /// The strings ``repeated(_:)`` wrote, by their number.
    private var written: [String: Int] = [:]

    package init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// The bytes written so far, the writer going on empty with room for `capacity` more (and still
    /// knowing the strings it wrote).
    package mutating func drain(keeping capacity: Int) -> [UInt8] {
        var taken: [UInt8] = []
        taken.reserveCapacity(capacity)
        swap(&taken, &bytes)
        return taken
    }

    /// A string that recurs (a status, a reason): written once, then by its number.
    package mutating func repeated(_ text: String) {
        if let number = written[text] {
            count(number + 1)
        } else {
            count(0)
            string(text)
            written[text] = written.count
        }
    }

    /// A count or small number, as a LEB128 varint.
    package mutating func count(_ value: Int) { varint(UInt64(max(value, 0))) }

    private mutating func varint(_ value: UInt64) {
        if value < 0x80 { return bytes.append(UInt8(value)) }
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    package mutating func string(_ text: String) {
        count(text.utf8.count)
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    package mutating func optionalString(_ text: String?) {
        count(text == nil ? 0 : 1)
        if let text { string(text) }
    }

    package mutating func strings(_ texts: [String]) {
        count(texts.count)
        for text in texts { string(text) }
    }

    /// Row numbers, each as its difference from the one before (small: an index gives them ascending).
    package mutating func seqs(_ seqs: [Int64]) {
        count(seqs.count)
        var previous: Int64 = 0
        for seq in seqs {
            let step = seq &- previous
            varint(UInt64(bitPattern: (step << 1) ^ (step >> 63)))  // zigzag: a step back stays short too
            previous = seq
        }
    }

    /// A date to the bit.
    package mutating func date(_ date: Date) {
        withUnsafeBytes(of: date.timeIntervalSinceReferenceDate.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// Reads what ``ByteWriter`` wrote; any bytes it did not write are ``Malformed``, never a crash.
package struct ByteReader {
    /// Bytes ``ByteWriter`` did not write: cut short, a count past the end, a number out of range.
    package struct Malformed: Error {
        package init() {}
    }

    private let bytes: [UInt8]
    private var offset = 0
    /// The strings ``repeated()`` read, by their number.
    private var read: [String] = []

    /// A string ``ByteWriter/repeated(_:)`` wrote.
    package mutating func repeated() throws(Malformed) -> String {
        let number = try count()
        guard number > 0 else {
            let text = try string()
            read.append(text)
            return text
        }
        guard number <= read.count else { throw Malformed() }
        return read[number - 1]
    }

    /// Where the bytes it reads end: the rest (a trailer read apart) is never read.
    private let end: Int

    package init(bytes: [UInt8]) { self.init(bytes: bytes, end: bytes.count) }

    /// Reads `bytes` from `start` up to `end` only.
    package init(bytes: [UInt8], from start: Int = 0, end: Int) {
        self.bytes = bytes
        self.end = min(max(end, 0), bytes.count)
        offset = min(max(start, 0), self.end)
    }

    package var isAtEnd: Bool { offset == end }

    package mutating func count() throws(Malformed) -> Int {
        let value = try varint()
        guard value <= UInt64(Int.max) else { throw Malformed() }
        return Int(value)
    }

    private mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, shift < 63 else { throw Malformed() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return value
    }

    package mutating func string() throws(Malformed) -> String {
        let length = try count()
        guard length <= end - offset else { throw Malformed() }
        defer { offset += length }
        return bytes.withUnsafeBufferPointer { String(decoding: $0[offset..<(offset + length)], as: UTF8.self) }
    }

    package mutating func optionalString() throws(Malformed) -> String? {
        try count() == 1 ? try string() : nil
    }

    package mutating func strings() throws(Malformed) -> [String] {
        let number = try count()
        guard number <= end - offset else { throw Malformed() }
        var texts: [String] = []
        texts.reserveCapacity(number)
        for _ in 0..<number { texts.append(try string()) }
        return texts
    }

    package mutating func seqs() throws(Malformed) -> [Int64] {
        let number = try count()
        guard number <= end - offset else { throw Malformed() }
        var seqs: [Int64] = []
        seqs.reserveCapacity(number)
        var previous: Int64 = 0
        for _ in 0..<number {
            let zigzag = try varint()
            previous = previous &+ (Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
            seqs.append(previous)
        }
        return seqs
    }

    package mutating func date() throws(Malformed) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(bitPattern: try word()))
    }

    private mutating func word() throws(Malformed) -> UInt64 {
        guard end - offset >= 8 else { throw Malformed() }
        var value: UInt64 = 0
        for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
        offset += 8
        return value
    }
}
