internal import CGzip

/// A zlib stream (RFC 1950) of one stored deflate block (RFC 1951 §3.2.4): how a pack holds the
/// small objects of a collect (records, trees, log files), uncompressed.
///
/// Written by hand: zlib at level 0 cleared its 64 KiB hash table on every reset, and copied each
/// object through its own buffer, for objects of a few hundred bytes: 6 % of a collect.
enum StoredZlib {
    /// The most one stored block holds.
    static let largest = 65_535

    /// The zlib header (deflate, 32 KiB window, fastest level) and the block's: final, stored,
    /// `size` and its complement, little-endian.
    static func header(size: Int) -> [UInt8] {
        precondition(size >= 0 && size <= largest, "one stored block holds at most \(largest) bytes")
        let length = UInt16(size)
        return [0x78, 0x01, 0x01, UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
    }

    static let adlerStart: UInt32 = 1

    /// The Adler-32 of the content, extended over `piece`.
    static func adler(_ adler: UInt32, _ piece: UnsafeRawBufferPointer) -> UInt32 {
        guard let start = piece.baseAddress, !piece.isEmpty else { return adler }
        return UInt32(truncatingIfNeeded: adler32_z(uLong(adler), start.assumingMemoryBound(to: Bytef.self), piece.count))
    }

    /// The stream's trailer: the content's Adler-32, big-endian.
    static func trailer(adler: UInt32) -> [UInt8] {
        [UInt8(adler >> 24), UInt8((adler >> 16) & 0xff), UInt8((adler >> 8) & 0xff), UInt8(adler & 0xff)]
    }
}
