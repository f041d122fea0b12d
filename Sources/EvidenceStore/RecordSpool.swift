import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Canonical bytes of the records a collect has taken but not yet committed, kept in a file
/// rather than in memory: a batch of 262,144 Boulder records held ~250 MB of bytes until its commit.
///
/// The file is made in the store's folder and unlinked at once, so only this value's descriptor
/// reaches it and nothing is left behind by a crash. Writes are buffered; a read first writes out
/// what it needs. Records are appended and read back, never changed.
public final class RecordSpool: @unchecked Sendable {
    /// Where one record's bytes are.
    public struct Place: Sendable {
        let offset: Int64
        let count: Int
    }

    private let descriptor: Int32
    /// The folder the unlinked file was made in, for messages.
    private let folder: String
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    /// Bytes written to the file; the buffer follows them.
    private var written: Int64 = 0
    private static let bufferLimit = 1 << 20

    /// A spool in `folder` (the store's own), gone when the value is.
    public init(in folder: URL) throws(StoreError) {
        var template = Array(folder.appendingPathComponent("vigil-spool-XXXXXX").path.utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            throw .staging(
                path: folder.path,
                reason: "cannot create a file for records waiting for their commit: "
                    + String(cString: strerror(errno)))
        }
        unlink(template)
        self.descriptor = descriptor
        self.folder = folder.path
    }

    deinit { close(descriptor) }

    func append(_ bytes: Data) throws(StoreError) -> Place {
        lock.lock()
        defer { lock.unlock() }
        let place = Place(offset: written + Int64(buffer.count), count: bytes.count)
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferLimit { try flush() }
        return place
    }

    func read(_ place: Place) throws(StoreError) -> Data {
        lock.lock()
        defer { lock.unlock() }
        if place.offset + Int64(place.count) > written { try flush() }
        var data = Data(count: place.count)
        var done = 0
        while done < place.count {
            let got = data.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + done }, place.count - done, off_t(place.offset) + off_t(done))
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw .staging(path: folder, reason: "cannot read a staged record back: \(Self.failure(got))") }
            done += got
        }
        return data
    }

    private func flush() throws(StoreError) {
        var done = 0
        while done < buffer.count {
            let put = buffer.withUnsafeBytes { raw in
                pwrite(descriptor, raw.baseAddress.map { $0 + done }, buffer.count - done, off_t(written) + off_t(done))
            }
            if put < 0, errno == EINTR { continue }
            guard put > 0 else { throw .staging(path: folder, reason: "cannot stage records (disk full?): \(Self.failure(put))") }
            done += put
        }
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func failure(_ result: Int) -> String { result == 0 ? "end of file" : String(cString: strerror(errno)) }
}
