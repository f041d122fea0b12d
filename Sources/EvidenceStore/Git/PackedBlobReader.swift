internal import CGit2
internal import CGzip
import Crypto
import Foundation

/// Reads a blob stored whole in one of the store's packs in pieces, straight from the pack file.
///
/// libgit2 hands a packed object over only whole (its pack backend has no read stream), so hashing a
/// raw input of 257 MB held it twice: libgit2's copy and ours. Here it is inflated 64 KiB at a time
/// and checked against its git id as it goes, as libgit2 checks every object it reads. An object
/// this reader does not find, or finds stored as a delta (after `vigil gc`), is left to libgit2.
final class PackedBlobReader {
    private struct Pack {
        let index: Data
        let count: Int
        let file: FileHandle
    }

    private let objectsPath: String
    /// Opened at the first read: a snapshot makes a reader whether or not it reads a record.
    private lazy var packs: [Pack] = Self.open(objectsPath)
    private static let piece = 1 << 16

    /// Reads the packs under `objectsPath` that have a version 2 index.
    init(objectsPath: String) {
        self.objectsPath = objectsPath
    }

    private static func open(_ objectsPath: String) -> [Pack] {
        GitObjectFiles(objectsPath: objectsPath).packs().compactMap { pack in
            // Mapped, not read: a lookup touches a few pages of an index that runs to megabytes.
            guard let index = try? Data(contentsOf: URL(fileURLWithPath: pack.indexPath), options: .alwaysMapped), index.count >= 8 + 1024,
                index.prefix(8) == Data([0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]),
                let file = FileHandle(forReadingAtPath: pack.packPath)
            else { return nil }
            return Pack(index: index, count: Int(Self.uint32(index, at: 8 + 255 * 4)), file: file)
        }
    }

    /// Hands the blob's content to `body` in pieces, in order.
    /// - Returns: false when no pack holds the blob whole (read it through libgit2 then); `body` has
    ///   not been called.
    /// - Throws: when the pack is damaged or what it holds does not hash to `id`.
    func streamBlob(_ id: git_oid, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Void) throws(GitError) -> Bool {
        for pack in packs {
            guard let offset = Self.offset(of: id, in: pack) else { continue }
            return try stream(id, from: pack.file, at: offset, body)
        }
        return false
    }

    /// The blob whole, from its pack; nil when no pack holds it whole (read it through libgit2 then).
    func read(_ id: git_oid) throws(GitError) -> Data? {
        var bytes = Data()
        return try streamBlob(id) { bytes.append(contentsOf: $0) } ? bytes : nil
    }

    private func stream(
        _ id: git_oid, from file: FileHandle, at offset: UInt64, _ body: (UnsafeRawBufferPointer) throws(GitError) -> Void
    ) throws(GitError) -> Bool {
        let damaged = { (reason: String) in GitError(function: "read pack", code: -1, message: "object \(GitObjectID(id).hex) \(reason)") }
        // Most objects are records of a few hundred bytes: a small first read, larger ones after.
        var input = try read(file, at: offset, count: 4_096)
        guard let first = input.first else { throw damaged("lies past the end of its pack") }
        // Git's object header: type in bits 4-6 of the first byte, size in little-endian groups of 7 bits.
        guard (first >> 4) & 7 == 3 else { return false }  // a delta (6, 7): libgit2 resolves it
        var size = UInt64(first & 0x0f)
        var shift: UInt64 = 4
        var used = 1
        var byte = first
        while byte & 0x80 != 0 {
            guard used < input.count, shift < 57 else { throw damaged("has a damaged header") }
            byte = input[used]
            size |= UInt64(byte & 0x7f) << shift
            shift += 7
            used += 1
        }
        var sha1 = Insecure.SHA1()
        sha1.update(data: Data("blob \(size)\0".utf8))
        var stream = z_stream()
        guard cz_inflate_init(&stream) == Z_OK else { throw GitError.nullResult("inflateInit") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(min(max(size, 1), UInt64(Self.piece))))
        var produced: UInt64 = 0
        var position = offset + UInt64(used)
        var start = used  // where the unread part of `input` begins
        while true {
            if start == input.count {
                input = try read(file, at: position, count: Self.piece)
                start = 0
                guard !input.isEmpty else { throw damaged("is cut short in its pack") }
            }
            let (code, consumed, written) = input.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    stream.next_in = source.baseAddress.map { UnsafeMutablePointer(mutating: $0 + start) }
                    stream.avail_in = uInt(source.count - start)
                    stream.next_out = target.baseAddress
                    stream.avail_out = uInt(target.count)
                    let code = CGzip.inflate(&stream, Z_NO_FLUSH)
                    return (code, source.count - start - Int(stream.avail_in), target.count - Int(stream.avail_out))
                }
            }
            guard code == Z_OK || code == Z_STREAM_END else { throw damaged("does not inflate (zlib \(code))") }
            position += UInt64(consumed)
            start += consumed
            produced += UInt64(written)
            guard produced <= size else { throw damaged("inflates to more than its \(size) bytes") }
            var failure: GitError?
            output.withUnsafeBytes { bytes in
                let piece = UnsafeRawBufferPointer(rebasing: bytes[..<written])
                sha1.update(bufferPointer: piece)
                do throws(GitError) { try body(piece) } catch { failure = error }
            }
            if let failure { throw failure }
            if code == Z_STREAM_END { break }
        }
        guard produced == size else { throw damaged("inflates to \(produced) bytes, not \(size)") }
        let digest = Array(sha1.finalize())
        let expected = withUnsafeBytes(of: id.id) { Array($0) }
        guard digest == expected else { throw damaged("does not hash to its id") }
        return true
    }

    private func read(_ file: FileHandle, at offset: UInt64, count: Int) throws(GitError) -> [UInt8] {
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let read = pread(file.fileDescriptor, buffer.baseAddress, count, off_t(offset))
            failed = read < 0
            initialized = max(read, 0)
        }
        guard !failed else { throw GitError(function: "pread", code: -1, message: String(cString: strerror(errno))) }
        return bytes
    }

    /// Where the pack's index places `id`: fan-out table, sorted names, then 31-bit offsets or,
    /// with the top bit set, an index into the table of 64-bit offsets.
    private static func offset(of id: git_oid, in pack: Pack) -> UInt64? {
        // Compared with memcmp over the mapped index: comparing slices byte by byte was a twentieth
        // of `log verify`, which looks up four small blobs a subject.
        withUnsafeBytes(of: id.id) { name in
            pack.index.withUnsafeBytes { index -> UInt64? in
                let fanout = 8
                let names = fanout + 1024
                guard index.count >= names, let base = index.baseAddress, let wanted = name.baseAddress else { return nil }
                func uint32(_ offset: Int) -> UInt32 { UInt32(bigEndian: index.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
                let first = Int(name[0])
                var low = first == 0 ? 0 : Int(uint32(fanout + (first - 1) * 4))
                var high = Int(uint32(fanout + first * 4))
                guard high <= pack.count, index.count >= names + pack.count * 28 else { return nil }
                while low < high {
                    let middle = (low + high) / 2
                    let order = memcmp(base + names + middle * 20, wanted, 20)
                    if order == 0 {
                        let small = uint32(names + pack.count * 24 + middle * 4)
                        guard small & 0x8000_0000 != 0 else { return UInt64(small) }
                        let large = names + pack.count * 28 + Int(small & 0x7fff_ffff) * 8
                        guard index.count >= large + 8 else { return nil }
                        return UInt64(uint32(large)) << 32 | UInt64(uint32(large + 4))
                    }
                    if order < 0 { low = middle + 1 } else { high = middle }
                }
                return nil
            }
        }
    }

    private static func uint32(_ data: Data, at offset: Int) -> UInt32 {
        let start = data.startIndex + offset
        return data[start..<start + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
