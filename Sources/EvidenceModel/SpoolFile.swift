import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Bytes kept in a file rather than in memory, appended and read back, never changed: what a run
/// would otherwise hold until its end (a collect's records until their commit, a check's verdicts
/// until its report).
///
/// The file is made in the folder given and unlinked at once, so only this value's descriptor
/// reaches it and nothing is left behind by a crash. Small appends are buffered a megabyte at a
/// time, and read back from the buffer while they are there.
public final class SpoolFile: @unchecked Sendable {
    /// Where bytes appended are.
    public struct Place: Sendable, Hashable {
        public let offset: Int64
        public let count: Int

        public init(offset: Int64, count: Int) {
            self.offset = offset
            self.count = count
        }
    }

    private let descriptor: Int32
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    /// Bytes written to the file; the buffer follows them.
    private var written: Int64 = 0
    private static let bufferLimit = 1 << 20

    /// A spool in `folder`, gone when the value is.
    /// - Throws: the folder refused the file.
    public init(in folder: URL, named prefix: String) throws(FileProblem) {
        let path = folder.appendingPathComponent("\(prefix)-XXXXXX").path
        var template = Array(path.utf8CString)
        let descriptor = mkstemp(&template)
        // Named by the file's path, the problem names the folder when it is the folder that is missing.
        guard descriptor >= 0 else { throw FileProblem(errno: errno, path: path) }
        unlink(template)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    public func append(_ bytes: some ContiguousBytes) throws(FileProblem) -> Place {
        lock.lock()
        defer { lock.unlock() }
        // ContiguousBytes's closure throws untyped: the typed failure comes out as a value.
        let placed = bytes.withUnsafeBytes { bytes in
            Result { () throws(FileProblem) -> Place in
                let place = Place(offset: written + Int64(buffer.count), count: bytes.count)
                if buffer.count + bytes.count < Self.bufferLimit {
                    buffer.append(contentsOf: bytes)
                } else {
                    // A large piece is written as it is: copied into the buffer, it left the buffer that large.
                    try flush()
                    try write(bytes)
                }
                return place
            }
        }
        return try placed.get()
    }

    public func read(_ place: Place) throws(FileProblem) -> Data {
        var data = Data(count: place.count)
        try read(place) { fill in data.withUnsafeMutableBytes(fill) }
        return data
    }

    /// ``read(_:)`` as an array, read into it rather than copied from `Data`.
    public func readBytes(_ place: Place) throws(FileProblem) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: place.count)
        try read(place) { fill in bytes.withUnsafeMutableBytes(fill) }
        return bytes
    }

    /// Fills the buffer of `place.count` bytes that `lending` lends with the bytes at `place`.
    private func read(_ place: Place, lending: ((UnsafeMutableRawBufferPointer) -> Void) -> Void) throws(FileProblem) {
        lock.lock()
        defer { lock.unlock() }
        var failure: FileProblem?
        lending { raw in
            // Bytes still in the buffer are read from it: a read needs no write that could fail.
            if place.offset >= written {
                let start = Int(place.offset - written)
                guard start + place.count <= buffer.count else {
                    failure = FileProblem(reason: "no bytes were spooled at \(place.offset)")
                    return
                }
                buffer.withUnsafeBytes { held in raw.copyMemory(from: UnsafeRawBufferPointer(rebasing: held[start..<(start + place.count)])) }
                return
            }
            var done = 0
            while done < place.count {
                let got = pread(descriptor, raw.baseAddress.map { $0 + done }, place.count - done, off_t(place.offset) + off_t(done))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    failure = Self.failure(got)
                    return
                }
                done += got
            }
        }
        if let failure { throw failure }
    }

    private func flush() throws(FileProblem) {
        try buffer.withUnsafeBufferPointer { bytes throws(FileProblem) in try write(UnsafeRawBufferPointer(bytes)) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `bytes` after those written.
    private func write(_ bytes: UnsafeRawBufferPointer) throws(FileProblem) {
        var done = 0
        while done < bytes.count {
            let put = pwrite(descriptor, bytes.baseAddress.map { $0 + done }, bytes.count - done, off_t(written) + off_t(done))
            if put < 0, errno == EINTR { continue }
            guard put > 0 else { throw Self.failure(put) }
            done += put
        }
        written += Int64(bytes.count)
    }

    /// The spool's file is unlinked: its path names nothing a person could look at.
    private static func failure(_ result: Int) -> FileProblem {
        result == 0 ? FileProblem(reason: "the spool file ended early") : FileProblem(errno: errno, path: "")
    }
}
