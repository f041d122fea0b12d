internal import CGzip
import Foundation

/// A zip of stored (uncompressed) files written in one pass: each local header and its bytes, then
/// the central directory, then its end records (ZIP64 ones when there are 65,535 entries or more, or
/// offsets past 4 GiB).
///
/// Byte for byte what ZIPFoundation's `Archive.addEntry` writes for the same files (UTF-8 names,
/// made by Unix, the given date and permissions; `BundleZipTests`), without its cost: it reads and
/// rewrites the whole central directory for every entry it adds, so a bundle of the 67k decisions
/// of 200k Boulder lines (134k entries) took 470 s and 1.5 GB to write, and as long to verify.
///
/// What it wrote is taken a piece at a time (``take()``), so a bundle goes to its file, or is compared
/// with one, without a whole copy in memory.
struct StoredZip {
    /// Pieces written and not yet taken: headers, and each file's bytes as given (not copied: a raw
    /// input of 128 MB was held three times as it went to the bundle's file).
    private var pieces: [Data] = []
    /// How many bytes were written, taken or not: where the next entry starts.
    private var written: UInt64 = 0
    private var directory = Data()
    private var entries: UInt64 = 0
    /// How many of the current file's bytes are still to come.
    private var owed = 0
    private let date: (day: UInt16, time: UInt16)

    init(date: Date) {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        // MS-DOS dates span 1980–2099.
        let year = min(max(Int(parts.tm_year) + 1900, 1980), 2099)
        self.date = (
            UInt16(Int(parts.tm_mday) + (Int(parts.tm_mon) + 1) * 32 + (year - 1980) * 512),
            UInt16(Int(parts.tm_sec) / 2 + Int(parts.tm_min) * 32 + Int(parts.tm_hour) * 2048)
        )
    }

    /// Why a file cannot be stored: ZIP64 sizes of single entries are not written.
    struct TooLarge: Error, CustomStringConvertible {
        let name: String
        var description: String { "\(name) is 4 GiB or larger" }
    }

    /// Starts the file `name` of `count` bytes whose CRC-32 is `checksum`: its bytes follow, in
    /// order, through ``append(_:)`` (a spooled file is read back in pieces, never whole).
    mutating func begin(_ name: String, count: Int, checksum: UInt32, permissions: UInt16) throws(TooLarge) {
        precondition(owed == 0, "the last file's bytes were not all given")
        guard count < Int(UInt32.max) else { throw TooLarge(name: name) }
        let offset = written
        let nameBytes = Data(name.utf8)
        // Local header: signature, version 2.0, UTF-8 names, stored, time, date, CRC, sizes, lengths.
        var header = le32(0x0403_4b50) + le16(20) + le16(0x0800) + le16(0) + le16(date.time) + le16(date.day)
        header.append(le32(checksum) + le32(UInt32(count)) + le32(UInt32(count)))
        header.append(le16(UInt16(nameBytes.count)) + le16(0) + nameBytes)
        pieces.append(header)
        owed = count
        written = offset + UInt64(30 + nameBytes.count + count)
        // Its central directory entry; an offset past 4 GiB goes in a ZIP64 extra field.
        let extra = offset >= UInt64(UInt32.max) ? le16(0x0001) + le16(8) + le64(offset) : Data()
        directory.append(le32(0x0201_4b50) + le16(789) + le16(20) + le16(0x0800) + le16(0) + le16(date.time) + le16(date.day))
        directory.append(le32(checksum) + le32(UInt32(count)) + le32(UInt32(count)))
        directory.append(le16(UInt16(nameBytes.count)) + le16(UInt16(extra.count)) + le16(0) + le16(0) + le16(0))
        directory.append(le32((UInt32(S_IFREG) | UInt32(permissions)) << 16) + le32(UInt32(min(offset, UInt64(UInt32.max)))))
        directory.append(nameBytes + extra)
        entries += 1
    }

    /// The next of the current file's bytes, as given (not copied).
    mutating func append(_ bytes: Data) {
        precondition(bytes.count <= owed, "more bytes than the file's size")
        owed -= bytes.count
        pieces.append(bytes)
    }

    /// The pieces written since the last time they were taken, in order.
    mutating func take() -> [Data] {
        defer { pieces = [] }
        return pieces
    }

    /// Writes the directory and the end records: the archive is whole once they are taken.
    mutating func finish() {
        precondition(owed == 0, "the last file's bytes were not all given")
        let start = written
        let size = UInt64(directory.count)
        var bytes = directory
        written += size
        directory = Data()
        let entriesField = entries >= UInt64(UInt16.max) ? UInt16.max : UInt16(entries)
        let sizeField = size >= UInt64(UInt32.max) ? UInt32.max : UInt32(size)
        let startField = start >= UInt64(UInt32.max) ? UInt32.max : UInt32(start)
        if entriesField == .max || sizeField == .max || startField == .max {
            let record = written
            bytes.append(le32(0x0606_4b50) + le64(44) + le16(789) + le16(45) + le32(0) + le32(0))
            bytes.append(le64(entries) + le64(entries) + le64(size) + le64(start))
            bytes.append(le32(0x0706_4b50) + le32(0) + le64(record) + le32(1))
        }
        bytes.append(le32(0x0605_4b50) + le16(0) + le16(0) + le16(entriesField) + le16(entriesField))
        bytes.append(le32(sizeField) + le32(startField) + le16(0))
        pieces.append(bytes)
    }

    /// The zip CRC-32 of `content`, by zlib (ZIPFoundation's own table-driven loop was a tenth of
    /// verifying a bundle of 67k records).
    static func crc32(_ content: Data) -> UInt32 {
        content.withUnsafeBytes { bytes in
            var crc = CGzip.crc32(0, nil, 0)
            var offset = 0
            // zlib takes lengths of 32 bits.
            while offset < bytes.count {
                let length = min(bytes.count - offset, 1 << 30)
                crc = CGzip.crc32(crc, bytes.baseAddress?.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(length))
                offset += length
            }
            return UInt32(crc)
        }
    }

    private func le16(_ value: UInt16) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private func le32(_ value: UInt32) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
    private func le64(_ value: UInt64) -> Data { withUnsafeBytes(of: value.littleEndian) { Data($0) } }
}
