import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A regular file read a chunk at a time and never held whole: the input of a streaming collector
/// (a day of a CA's audit log), and the raw input the store keeps of it.
///
/// Its size and SHA-256 are taken once, when it is gathered (``measure(path:)``). Every later read
/// covers that many bytes only and checks that they still hash the same, so the records, the raw
/// input stored and the digest the records name are of the same bytes: a file that grew since (a log
/// still being written) is read to where it was measured, one rewritten meanwhile is refused.
public struct StreamedFile: Sendable, Hashable {
    public let path: String
    public let size: Int
    public let sha256: String

    /// The bytes read at a time: enough to keep system calls rare, small beside a collect's memory.
    public static let chunkSize = 1 << 20

    public init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }

    /// Why a streamed file could not be read, or is no longer what was measured.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// Reads the whole file once, for its size and SHA-256.
    /// - Returns: nil for what is not a regular file (a pipe, a device, `/dev/zero`): those are
    ///   read whole, under the `file_size` limit, as before.
    public static func measure(path: String) -> Result<StreamedFile, FileProblem>? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var hasher = SHA256()
        var size = 0
        let read = Self.read(path: path, upTo: nil) { chunk in
            hasher.update(bufferPointer: chunk)
            size += chunk.count
        }
        if case .failure(let problem) = read { return .failure(problem) }
        return .success(StreamedFile(path: path, size: size, sha256: SHA256Hex.text(of: hasher.finalize())))
    }

    /// Calls `body` with the file's measured bytes, a chunk at a time, then checks that they hash to
    /// its SHA-256. `body` returns false to stop early (nothing is checked then).
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) -> Bool) throws(Problem) {
        var hasher = SHA256()
        var stopped = false
        var got = 0
        let read = Self.read(path: path, upTo: size) { chunk in
            guard !stopped else { return }
            hasher.update(bufferPointer: chunk)
            got += chunk.count
            stopped = !body(chunk)
        }
        if case .failure(let problem) = read { throw Problem(reason: "\(path): \(problem.reason)") }
        guard !stopped else { return }
        guard got == size, SHA256Hex.text(of: hasher.finalize()) == sha256 else {
            throw Problem(reason: "\(path): the file changed while it was read (its first \(size) bytes no longer hash to \(sha256))")
        }
    }

    /// Reads `path` from its start in chunks, up to `limit` bytes (nil: to its end).
    public static func read(path: String, upTo limit: Int?, _ body: (UnsafeRawBufferPointer) -> Void) -> Result<Void, FileProblem> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(FileProblem(errno: errno, path: path)) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var left = limit ?? Int.max
        while left > 0 {
            let count = Glibc.read(descriptor, buffer.baseAddress, min(chunkSize, left))
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(FileProblem(errno: errno, path: path))
            }
            if count == 0 { break }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            left -= count
        }
        return .success(())
    }
}
