internal import CGzip
import Crypto
import Foundation

/// The type of a whole (undeltified) object in a pack, by its number in the pack format.
enum PackObjectKind: UInt8 {
    case commit = 1, tree = 2, blob = 3, tag = 4
}

/// Writes a version 2 pack of whole objects and its version 2 index into a pack folder, then
/// renames both into place as `pack-<checksum>.{pack,idx}`, as git names them.
///
/// No deltas, and small objects (records, trees, log files) in zlib's stored blocks: this is every
/// collect's write path, where compressing objects of a few hundred bytes one by one cost a sixth of
/// a collect for half their size; raw inputs, large and few, are compressed at zlib's fastest level.
/// `vigil gc` (run automatically as packs accumulate) repacks the store compressed and with deltas
/// (across commits too, which a pack of one commit cannot have). The pack
/// streams to disk as objects are compressed (one buffer, never the whole pack in memory), and the
/// index is built from what was written: nothing is read back and inflated again, as libgit2's
/// indexer does.
///
/// Crash safety: both files are written under temporary names and fsynced, the pack is renamed
/// before its index (readers discover packs through indexes), then the folder is fsynced. A crash
/// leaves at worst a temporary file or a pack without an index, which no ref points into.
final class PackFileWriter {
    private let folder: String
    /// The count the header states; nil when objects stream in uncounted and the header is
    /// written last (``init(streamingTo:)``).
    private let objectCount: Int?
    private let output: PackOutput
    /// Level 1 for objects of ``compressedFrom`` bytes or more; one stored block below
    /// (``StoredZlib``).
    private let compressing: UnsafeMutablePointer<z_stream>
    static let compressedFrom = StoredZlib.largest + 1
    private var entries = PagedArray<PackIndexEntry>()
    /// Where the last whole object ends: the next one begins there.
    private var objectsEnd: UInt64 = 0

    /// Opens a temporary pack in `folder` for exactly `objectCount` objects (the header counts them).
    convenience init(folder: String, objectCount: Int) throws(GitError) {
        precondition(objectCount >= 0 && objectCount <= Int(UInt32.max), "a pack counts its objects in 32 bits")
        try self.init(folder: folder, counted: objectCount)
    }

    /// Opens a temporary pack in `folder` for objects not counted yet: ``finish()`` writes their
    /// count into the header and hashes the pack again.
    convenience init(streamingTo folder: String) throws(GitError) {
        try self.init(folder: folder, counted: nil)
    }

    private init(folder: String, counted objectCount: Int?) throws(GitError) {
        self.folder = folder
        self.objectCount = objectCount
        output = try PackOutput(temporaryIn: folder, prefix: "tmp_pack_")
        // Set last: deinit (which ends the stream) runs only once every property is.
        compressing = try Self.deflateStream(level: Z_BEST_SPEED)
        var header: [UInt8] = Array("PACK".utf8)
        header.appendBigEndian(UInt32(2))
        header.appendBigEndian(UInt32(objectCount ?? 0))
        try output.append(header)
    }

    /// Objects appended so far.
    var count: Int { entries.count }

    /// The name of the object appended at `position` (0 for the first).
    func name(at position: Int) -> PackObjectName { entries[position].name }

    deinit {
        Self.end(compressing)
    }

    private static func deflateStream(level: Int32) throws(GitError) -> UnsafeMutablePointer<z_stream> {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard cz_deflate_init(stream, level) == Z_OK else {
            stream.deallocate()
            throw GitError(function: "deflateInit", code: -1, message: "zlib could not start a stream")
        }
        return stream
    }

    private static func end(_ stream: UnsafeMutablePointer<z_stream>) {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Appends one object: its type-and-size header, then its content as one zlib stream.
    func append(_ kind: PackObjectKind, name: PackObjectName, content: UnsafeRawBufferPointer) throws(GitError) {
        try append(kind, name: name, size: content.count) { give throws(GitError) in try give(content) }
    }

    /// Appends one object of `size` bytes whose content `content` hands over in pieces, through the
    /// function it is given (a raw input read from its file a chunk at a time, never held whole).
    func append(
        _ kind: PackObjectKind, name: PackObjectName, size: Int,
        content: (_ give: (UnsafeRawBufferPointer) throws(GitError) -> Void) throws(GitError) -> Void
    ) throws(GitError) {
        if let objectCount, entries.count >= objectCount { throw miscount("more objects than the \(objectCount)") }
        guard entries.count < Int(UInt32.max) else { throw miscount("more objects than the \(UInt32.max)") }
        let offset = output.offset
        var crc: UInt32 = 0
        try output.append(Self.header(kind, size: size), crc: &crc)
        var given = 0
        func checkSize() throws(GitError) {
            guard given == size else {
                throw GitError(function: "write \(output.path)", code: -1, message: "an object of \(given) bytes, its header says \(size)")
            }
        }
        if size < Self.compressedFrom {
            try output.append(StoredZlib.header(size: size), crc: &crc)
            var adler = StoredZlib.adlerStart
            try content { piece throws(GitError) in
                given += piece.count
                guard given <= size else { return }
                adler = StoredZlib.adler(adler, piece)
                try output.append(piece, crc: &crc)
            }
            try checkSize()
            try output.append(StoredZlib.trailer(adler: adler), crc: &crc)
        } else {
            guard deflateReset(compressing) == Z_OK else { throw zlibError("deflateReset", compressing) }
            try content { piece throws(GitError) in
                given += piece.count
                try deflate(piece, into: compressing, finishing: false, crc: &crc)
            }
            try checkSize()
            try deflate(UnsafeRawBufferPointer(start: nil, count: 0), into: compressing, finishing: true, crc: &crc)
        }
        entries.append(PackIndexEntry(name: name, crc32: crc, offset: offset))
        objectsEnd = output.offset
    }

    /// Appends to `bytes` an object's whole entry in a pack, made apart from it (by a staging lane,
    /// ``BufferedObjects``): its header and its content in one stored zlib block, as
    /// ``append(_:name:content:)`` writes an object under ``compressedFrom`` bytes.
    /// - Returns: the entry's CRC-32; nil, appending nothing, when the object is compressed instead.
    static func appendStoredEntry(_ kind: PackObjectKind, content: UnsafeRawBufferPointer, to bytes: inout [UInt8]) -> UInt32? {
        guard content.count < compressedFrom else { return nil }
        let start = bytes.count
        bytes += header(kind, size: content.count)
        bytes += StoredZlib.header(size: content.count)
        bytes.append(contentsOf: content)
        bytes += StoredZlib.trailer(adler: StoredZlib.adler(StoredZlib.adlerStart, content))
        return bytes.withUnsafeBytes { PackOutput.crc32(0, UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    /// Appends an object whose entry was made apart (``appendStoredEntry(_:content:to:)``): its bytes as they are.
    func append(entry: UnsafeRawBufferPointer, crc32: UInt32, name: PackObjectName) throws(GitError) {
        if let objectCount, entries.count >= objectCount { throw miscount("more objects than the \(objectCount)") }
        guard entries.count < Int(UInt32.max) else { throw miscount("more objects than the \(UInt32.max)") }
        let offset = output.offset
        try output.append(checked: entry)
        entries.append(PackIndexEntry(name: name, crc32: crc32, offset: offset))
        objectsEnd = output.offset
    }

    /// What the object appended at `position` is, read back from its header in the pack (not held
    /// for every object: 32 bytes each was a quarter of a large commit's staging).
    func object(at position: Int) throws(GitError) -> (kind: PackObjectKind, size: Int, stream: Range<UInt64>) {
        let offset = entries[position].offset
        let end = position + 1 < entries.count ? entries[position + 1].offset : objectsEnd
        let bytes = try output.read(offset..<min(end, offset + UInt64(Self.longestHeader)))
        guard let header = Self.readHeader(bytes) else {
            throw GitError(function: "read \(output.path)", code: -1, message: "the header of the object at \(offset) does not read back")
        }
        return (header.kind, header.size, offset + UInt64(header.length)..<end)
    }

    /// Compresses `piece` into the pack; `finishing` ends the stream (with an empty piece).
    private func deflate(
        _ piece: UnsafeRawBufferPointer, into stream: UnsafeMutablePointer<z_stream>, finishing: Bool, crc: inout UInt32
    ) throws(GitError) {
        if !finishing, piece.isEmpty { return }  // zlib reports no progress as an error
        // zlib counts input in 32 bits: it gets at most 1 GiB at a time.
        var given = 0
        repeat {
            let count = min(piece.count - given, 1 << 30)
            stream.pointee.next_in = piece.baseAddress.map { UnsafeMutablePointer(mutating: ($0 + given).assumingMemoryBound(to: Bytef.self)) }
            stream.pointee.avail_in = uInt(count)
            given += count
            let flush = finishing ? Z_FINISH : Z_NO_FLUSH
            while true {
                let code = try output.fill(crc: &crc) { free in
                    stream.pointee.next_out = free.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_out = uInt(free.count)
                    let code = CGzip.deflate(stream, flush)
                    return (code, free.count - Int(stream.pointee.avail_out))
                }
                if code == Z_STREAM_END { return }
                // Input and output space are never both missing here, so anything but progress is an error.
                guard code == Z_OK else { throw zlibError("deflate", stream) }
                if !finishing, stream.pointee.avail_in == 0 { break }
            }
        } while given < piece.count
    }

    /// Bytes already appended at `range`.
    func bytes(at range: Range<UInt64>) throws(GitError) -> [UInt8] { try output.read(range) }

    /// Ends the pack with its checksum, writes its index, and renames both into place.
    /// - Returns: the pack's name, `pack-<40 hex>`.
    func finish() throws(GitError) -> String {
        if let objectCount {
            guard entries.count == objectCount else { throw miscount("\(entries.count) objects for the \(objectCount)") }
        } else {
            var count: [UInt8] = []
            count.appendBigEndian(UInt32(entries.count))
            try output.overwrite(count, at: 8)
        }
        let checksum = try output.finish(appendingChecksum: true)
        // Sorted once, in place: a sorted copy beside the table was as large again. Taken out of
        // the property first, so that its pages are let go as they are joined.
        let table = entries
        entries = PagedArray()
        var sorted = table.joined()
        sorted.sort { $0.name < $1.name }
        let indexOutput = try PackOutput(temporaryIn: folder, prefix: "tmp_idx_")
        guard try PackIndexFile.write(ofSorted: sorted, packChecksum: checksum, to: indexOutput) else {
            throw GitError(function: "write \(output.path)", code: -1, message: "an object was written twice")
        }
        try indexOutput.finish(appendingChecksum: true)
        let name = "pack-" + checksum.lowercaseHex
        try output.rename(to: "\(folder)/\(name).pack")
        try indexOutput.rename(to: "\(folder)/\(name).idx")
        try PackOutput.syncFolder(folder)
        return name
    }

    /// The object header: the type in bits 4–6 of the first byte and the size in its low 4 bits,
    /// then 7 bits a byte, least significant first, while the top bit says another byte follows.
    static func header(_ kind: PackObjectKind, size: Int) -> [UInt8] {
        var size = UInt64(size)
        var bytes: [UInt8] = []
        var byte = kind.rawValue << 4 | UInt8(size & 0x0f)
        size >>= 4
        while size != 0 {
            bytes.append(byte | 0x80)
            byte = UInt8(size & 0x7f)
            size >>= 7
        }
        bytes.append(byte)
        return bytes
    }

    /// A header's bytes at most: 4 bits of size in the first byte, 7 in each of up to 9 more.
    static let longestHeader = 10

    /// The kind, size and length of the header at the start of `bytes` (nil when it is not one).
    static func readHeader(_ bytes: [UInt8]) -> (kind: PackObjectKind, size: Int, length: Int)? {
        guard let first = bytes.first, let kind = PackObjectKind(rawValue: (first >> 4) & 0x07) else { return nil }
        var size = UInt64(first & 0x0f)
        var shift: UInt64 = 4
        var length = 1
        var byte = first
        while byte & 0x80 != 0 {
            guard length < bytes.count, shift < 64 else { return nil }
            byte = bytes[length]
            size |= UInt64(byte & 0x7f) << shift
            shift += 7
            length += 1
        }
        guard size <= UInt64(Int.max) else { return nil }
        return (kind, Int(size), length)
    }

    private func miscount(_ what: String) -> GitError {
        GitError(function: "write \(output.path)", code: -1, message: "\(what) its header counts")
    }

    private func zlibError(_ function: String, _ stream: UnsafeMutablePointer<z_stream>) -> GitError {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "stream error"
        return GitError(function: "\(function) for \(output.path)", code: -1, message: message)
    }
}
