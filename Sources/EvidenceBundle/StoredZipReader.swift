import Foundation

/// Reads a zip laid out exactly as ``StoredZip`` writes one: stored entries one after another, each
/// local header as the writer makes it, then a central directory that repeats them in order for
/// regular files. Anything else is nil, for ZIPFoundation to read (and to name what is wrong).
///
/// ZIPFoundation finds each entry through the central directory, a seek and a read for each: for a
/// bundle of 133k entries that was a fifth of a verification, on the thread everything else waits
/// for. What this finds is what ZIPFoundation would: the same names and bytes, each a regular file.
/// It does not vouch for the end records or for bytes past the directory: the bundle's canonical
/// form, rebuilt from the entries and compared with the whole file, does.
enum StoredZipReader {
    /// Each entry's name and where its bytes are in `data` (offsets into `data`), in order; nil when
    /// the zip is not laid out as the writer lays one out.
    static func entries(in data: Data) -> [(name: String, content: Range<Int>)]? {
        data.withUnsafeBytes { bytes -> [(name: String, content: Range<Int>)]? in
            var reader = Reader(bytes: bytes)
            var found: [LocalEntry] = []
            while reader.at(0x0403_4b50) {
                guard let header = reader.localHeader() else { return nil }
                found.append(header)
            }
            // The directory repeats each entry in order, for a regular file at its local header.
            for entry in found {
                guard reader.centralEntry(matching: entry) else { return nil }
            }
            guard !reader.at(0x0201_4b50) else { return nil }
            var named: [(name: String, content: Range<Int>)] = []
            named.reserveCapacity(found.count)
            for entry in found {
                guard let name = String(validating: entry.name, as: UTF8.self) else { return nil }
                named.append((name, (data.startIndex + entry.content.lowerBound)..<(data.startIndex + entry.content.upperBound)))
            }
            return named
        }
    }

    /// An entry as its local header gives it: its name's bytes, where the header starts, where its
    /// bytes are, and the header's time, date, CRC and sizes (which the directory repeats).
    private struct LocalEntry {
        let name: ArraySlice<UInt8>
        let header: Int
        let content: Range<Int>
        let fields: ArraySlice<UInt8>
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        func has(_ count: Int) -> Bool { bytes.count - offset >= count }

        func le(_ at: Int, _ count: Int) -> Int {
            (0..<count).reduce(0) { $0 | Int(bytes[offset + at + $1]) << (8 * $1) }
        }

        func at(_ signature: Int) -> Bool { has(4) && le(0, 4) == signature }

        /// A local header as the writer writes it (version 2.0, UTF-8 names, stored, no extra field)
        /// and its bytes; the reader moves past them.
        mutating func localHeader() -> LocalEntry? {
            guard has(30), le(4, 2) == 20, le(6, 2) == 0x0800, le(8, 2) == 0, le(18, 4) == le(22, 4), le(28, 2) == 0 else { return nil }
            let (size, nameLength) = (le(18, 4), le(26, 2))
            guard has(30 + nameLength + size) else { return nil }
            let header = offset
            let start = offset + 30 + nameLength
            // Time, date, CRC and sizes, which the directory entry repeats.
            let fields = ArraySlice(bytes[(offset + 10)..<(offset + 26)])
            let name = ArraySlice(bytes[(offset + 30)..<start])
            offset = start + size
            return LocalEntry(name: name, header: header, content: start..<(start + size), fields: fields)
        }

        /// Whether a directory entry as the writer writes one follows for `entry`: made by Unix,
        /// the local header's fields and name, a regular file, no extra field or comment; the reader
        /// moves past it.
        mutating func centralEntry(matching entry: LocalEntry) -> Bool {
            guard at(0x0201_4b50), has(46 + entry.name.count), le(4, 2) == 789, le(6, 2) == 20, le(8, 2) == 0x0800,
                le(10, 2) == 0, bytes[(offset + 12)..<(offset + 28)].elementsEqual(entry.fields),
                le(28, 2) == entry.name.count, le(30, 2) == 0, le(32, 2) == 0, le(34, 2) == 0, le(36, 2) == 0,
                (le(38, 4) >> 16) & Int(S_IFMT) == Int(S_IFREG), le(42, 4) == entry.header,
                bytes[(offset + 46)..<(offset + 46 + entry.name.count)].elementsEqual(entry.name)
            else { return false }
            offset += 46 + entry.name.count
            return true
        }
    }
}
