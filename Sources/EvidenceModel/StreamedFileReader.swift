import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads ranges of a ``StreamedFile`` again (the values a collector found in it), keeping the file
/// open between reads: opening and closing it for each of 300k KMS responses was a quarter of
/// reading them again.
///
/// The file is opened at the first read and closed when the reader goes. Few stay open at once
/// (``keptOpen``): past that, each read opens the file for itself, so that a run over thousands of
/// small files never runs out of descriptors.
public final class StreamedFileReader: @unchecked Sendable {
    public let file: StreamedFile
    /// How many readers may keep their file open at once, in a process.
    static let keptOpen = 64
    private static let budget = NSLock()
    nonisolated(unsafe) private(set) static var openNow = 0

    private let lock = NSLock()
    private var descriptor: Int32 = -1

    public init(_ file: StreamedFile) { self.file = file }

    deinit {
        guard descriptor >= 0 else { return }
        close(descriptor)
        Self.budget.withLock { Self.openNow -= 1 }
    }

    /// The bytes at `range` of the file. Whether they are still the bytes read before is the
    /// caller's to check: only a whole read checks the file's digest.
    public func bytes(in range: Range<Int>) throws(StreamedFile.Problem) -> Data {
        let path = file.path
        guard range.lowerBound >= 0, range.upperBound <= file.size else {
            throw StreamedFile.Problem(reason: "\(path): no bytes \(range) in \(file.size)")
        }
        let (descriptor, kept) = try opened()
        defer { if !kept { close(descriptor) } }
        var data = Data(count: range.count)
        var done = 0
        var failure: Int32?
        data.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            while done < range.count {
                let count = pread(descriptor, base + done, range.count - done, off_t(range.lowerBound + done))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    failure = count == 0 ? 0 : errno
                    return
                }
                done += count
            }
        }
        if let failure {
            throw StreamedFile.Problem(
                reason: failure == 0
                    ? "\(path): became shorter than \(file.size) bytes while it was read" : FileProblem(errno: failure, path: path).reason)
        }
        return data
    }

    /// A descriptor of the file, and whether it is kept open (else the caller closes it).
    private func opened() throws(StreamedFile.Problem) -> (Int32, kept: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if descriptor >= 0 { return (descriptor, true) }
        let opened = open(file.path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw StreamedFile.Problem(reason: FileProblem(errno: errno, path: file.path).reason) }
        let keep = Self.budget.withLock {
            guard Self.openNow < Self.keptOpen else { return false }
            Self.openNow += 1
            return true
        }
        if keep { descriptor = opened }
        return (opened, keep)
    }
}
