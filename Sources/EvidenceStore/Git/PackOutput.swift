internal import CGzip
import Crypto
import Foundation

/// A new file in a pack folder: written under a temporary name through one buffer, hashed as it
/// goes (a pack's trailer is the SHA-1 of every byte before it), fsynced, then renamed into place.
/// Owns the file descriptor and the buffer; unlinks the temporary file unless it was renamed.
final class PackOutput {
    /// The temporary file's path.
    let path: String
    private var descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0
    private var flushed: UInt64 = 0
    private var hasher = Insecure.SHA1()
    private var isInPlace = false

    /// Where the next byte goes, from the start of the file.
    var offset: UInt64 { flushed + UInt64(used) }

    /// Creates `<folder>/<prefix>XXXXXX`: a name no pack has, so an interrupted write is a leftover
    /// (``GitObjectFiles/leftovers()``), never a pack.
    init(temporaryIn folder: String, prefix: String, bufferSize: Int = 1 << 20) throws(GitError) {
        var template = Array("\(folder)/\(prefix)XXXXXX".utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { name in name.baseAddress.map { mkstemp($0) } ?? -1 }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard descriptor >= 0 else { throw Self.systemError("mkstemp", path) }
        buffer = .allocate(byteCount: bufferSize, alignment: 16)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !isInPlace { unlink(path) }
        buffer.deallocate()
    }

    func append(_ bytes: [UInt8]) throws(GitError) {
        var crc: UInt32 = 0
        try append(bytes, crc: &crc)
    }

    /// Appends `bytes`, extending the CRC-32 `crc` over them.
    func append(_ bytes: [UInt8], crc: inout UInt32) throws(GitError) {
        let appended = bytes.withUnsafeBytes { bytes in Result { () throws(GitError) in try append(bytes, crc: &crc) } }
        try appended.get()
    }

    /// Appends `bytes`, extending the CRC-32 `crc` over them.
    func append(_ bytes: UnsafeRawBufferPointer, crc: inout UInt32) throws(GitError) {
        var done = 0
        while done < bytes.count {
            _ = try fill(crc: &crc) { free in
                let count = min(free.count, bytes.count - done)
                free.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[done..<(done + count)]))
                done += count
                return (0, count)
            }
        }
    }

    /// Hands `produce` the free part of the buffer (flushing it first when full) and keeps the
    /// bytes it reports writing there, extending the CRC-32 `crc` over them.
    /// - Returns: the code `produce` returned with its byte count.
    func fill(
        crc: inout UInt32, _ produce: (UnsafeMutableRawBufferPointer) -> (code: Int32, count: Int)
    ) throws(GitError) -> Int32 {
        if used == buffer.count { try flush() }
        let free = UnsafeMutableRawBufferPointer(rebasing: buffer[used...])
        let (code, count) = produce(free)
        precondition(count >= 0 && count <= free.count, "wrote outside the buffer")
        if count > 0 { crc = Self.crc32(crc, UnsafeRawBufferPointer(rebasing: free[..<count])) }
        used += count
        return code
    }

    /// Appends `bytes` whose CRC-32 was taken already (``PackFileWriter/appendStoredEntry(_:content:to:)``).
    func append(checked bytes: UnsafeRawBufferPointer) throws(GitError) {
        var done = 0
        while done < bytes.count {
            if used == buffer.count { try flush() }
            let count = min(buffer.count - used, bytes.count - done)
            UnsafeMutableRawBufferPointer(rebasing: buffer[used..<(used + count)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[done..<(done + count)]))
            used += count
            done += count
        }
    }

    /// The CRC-32 `crc` extended over `bytes`.
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return UInt32(truncatingIfNeeded: crc32_z(uLong(crc), start.assumingMemoryBound(to: Bytef.self), bytes.count))
    }

    /// The bytes written at `range` (buffered ones included: from the buffer when all of them are
    /// there, so that reading a header back does not cut the writes short).
    func read(_ range: Range<UInt64>) throws(GitError) -> [UInt8] {
        precondition(range.upperBound <= offset, "a read past what was written")
        if range.lowerBound >= flushed {
            let start = Int(range.lowerBound - flushed)
            return Array(UnsafeRawBufferPointer(rebasing: buffer[start..<start + Int(range.count)]))
        }
        if range.upperBound > flushed { try flush() }
        var bytes = [UInt8](repeating: 0, count: Int(range.count))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + done }, buffer.count - done, off_t(range.lowerBound) + off_t(done))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Self.systemError("read", path) }
            done += count
        }
        return bytes
    }

    /// Replaces bytes already written at `offset` (a header only known at the end), then hashes
    /// the file again from its start: a SHA-1 cannot be patched.
    func overwrite(_ bytes: [UInt8], at offset: UInt64) throws(GitError) {
        try flush()
        let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard written == bytes.count else { throw Self.systemError("write", path) }
        hasher = Insecure.SHA1()
        var position: UInt64 = 0
        while position < flushed {
            let count = min(UInt64(buffer.count), flushed - position)
            let read = pread(descriptor, buffer.baseAddress, Int(count), off_t(position))
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { throw Self.systemError("read", path) }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<read]))
            position += UInt64(read)
        }
    }

    /// Writes what is buffered, appends the SHA-1 of the whole file when `appendingChecksum`, and
    /// makes it durable (read-only, as git's packs are).
    /// - Returns: the SHA-1 of the file before the checksum.
    @discardableResult
    func finish(appendingChecksum: Bool) throws(GitError) -> [UInt8] {
        try flush()
        let checksum = Array(hasher.finalize())
        if appendingChecksum {  // not hashed: through the emptied buffer, straight to the file
            buffer.copyBytes(from: checksum)
            try writeAll(UnsafeRawBufferPointer(rebasing: buffer[..<checksum.count]))
        }
        guard fchmod(descriptor, 0o444) == 0 else { throw Self.systemError("fchmod", path) }
        guard fsync(descriptor) == 0 else { throw Self.systemError("fsync", path) }
        guard close(descriptor) == 0 else {
            descriptor = -1
            throw Self.systemError("close", path)
        }
        descriptor = -1
        return checksum
    }

    /// Renames the finished file to `destination` (replacing a file of that name: packs are named
    /// by their content, so it holds the same bytes).
    func rename(to destination: String) throws(GitError) {
        guard Foundation.rename(path, destination) == 0 else {
            throw Self.systemError("rename to \(destination)", path)
        }
        isInPlace = true
    }

    /// fsyncs `folder`, so that the renames into it survive a power cut.
    static func syncFolder(_ folder: String) throws(GitError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw systemError("open", folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw systemError("fsync", folder) }
    }

    private func flush() throws(GitError) {
        guard used > 0 else { return }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<used])
        hasher.update(bufferPointer: bytes)
        try writeAll(bytes)
        flushed += UInt64(used)
        used = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(GitError) {
        var rest = bytes
        while let start = rest.baseAddress, !rest.isEmpty {
            let count = write(descriptor, start, rest.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Self.systemError("write", path) }
            rest = UnsafeRawBufferPointer(rebasing: rest[count...])
        }
    }

    private static func systemError(_ function: String, _ path: String) -> GitError {
        let code = errno
        return GitError(function: "\(function) \(path)", code: code, message: String(cString: strerror(code)))
    }
}
