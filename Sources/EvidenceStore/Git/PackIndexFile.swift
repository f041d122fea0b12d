import Crypto

/// A git object name (a SHA-1 id) as three big-endian words, so that comparing them orders names
/// as their bytes, as a pack index must; no array per object on packs of hundreds of thousands.
struct PackObjectName: Hashable, Comparable {
    private let head: UInt64
    private let middle: UInt64
    private let tail: UInt32

    /// The first 20 bytes of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 20, "an object name is 20 bytes")
        head = UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
        middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        tail = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    var firstByte: UInt8 { UInt8(truncatingIfNeeded: head >> 56) }

    var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(20)
        result.appendBigEndian(head)
        result.appendBigEndian(middle)
        result.appendBigEndian(tail)
        return result
    }

    static func < (a: Self, b: Self) -> Bool { (a.head, a.middle, a.tail) < (b.head, b.middle, b.tail) }
}

/// One object as a pack index lists it: its name, the CRC-32 of its bytes in the pack (header and
/// compressed data) and where those bytes start.
struct PackIndexEntry: Hashable {
    let name: PackObjectName
    let crc32: UInt32
    let offset: UInt64
}

/// The bytes of a version 2 pack index (git's `Documentation/gitformat-pack.txt`).
///
/// Readers find a pack through its index: a fan-out table, the sorted names, their CRC-32s, their
/// offsets (31 bits, or a pointer into a table of 64-bit offsets for packs past 2 GiB), the pack's
/// checksum, then a SHA-1 of everything before it.
enum PackIndexFile {
    /// Writes the index of `sorted` to `output`, which hashes what it is given: all but the SHA-1
    /// that ends the index, ``PackOutput/finish(appendingChecksum:)``'s to append. In pieces, not
    /// made whole first: the index of a commit of 262,144 KMS keys (2.1M objects) was 59 MB beside
    /// its sorted entries.
    /// - Returns: false when two entries share a name (git refuses such an index); nothing is written then.
    static func write(ofSorted sorted: [PackIndexEntry], packChecksum: [UInt8], to output: PackOutput) throws(GitError) -> Bool {
        try write(ofSorted: sorted, packChecksum: packChecksum) { piece throws(GitError) in try output.append(piece) }
    }

    /// The index but its last SHA-1, handed to `emit` in pieces of about 64 KiB.
    private static func write(
        ofSorted sorted: [PackIndexEntry], packChecksum: [UInt8], emit: ([UInt8]) throws(GitError) -> Void
    ) throws(GitError) -> Bool {
        precondition(packChecksum.count == 20, "a pack checksum is a 20-byte SHA-1")
        for (a, b) in zip(sorted, sorted.dropFirst()) where !(a.name < b.name) {
            precondition(a.name == b.name, "pack index entries out of order")
            return false
        }
        var out: [UInt8] = [0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]  // "\377tOc", version 2
        let piece = 1 << 16
        out.reserveCapacity(piece + 64)
        func emitIfFull() throws(GitError) {
            guard out.count >= piece else { return }
            try emit(out)
            out.removeAll(keepingCapacity: true)
        }
        // fanout[b]: how many names start with a byte <= b.
        var counts = [UInt32](repeating: 0, count: 256)
        for entry in sorted { counts[Int(entry.name.firstByte)] += 1 }
        var running: UInt32 = 0
        for count in counts {
            running += count
            out.appendBigEndian(running)
        }
        for entry in sorted {
            out += entry.name.bytes
            try emitIfFull()
        }
        for entry in sorted {
            out.appendBigEndian(entry.crc32)
            try emitIfFull()
        }
        var large: [UInt64] = []
        for entry in sorted {
            if entry.offset < 0x8000_0000 {
                out.appendBigEndian(UInt32(entry.offset))
            } else {
                out.appendBigEndian(0x8000_0000 | UInt32(large.count))
                large.append(entry.offset)
            }
            try emitIfFull()
        }
        for offset in large { out.appendBigEndian(offset) }
        out += packChecksum
        try emit(out)
        return true
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { self.append(contentsOf: $0) }
    }
}
